"""The application status machine and who may move it (``backend.renewal_rules``), as a table."""

from __future__ import annotations

import pytest

from backend.domain import CollectionMethod, RenewalStatus, Role
from backend.renewal_rules import TRANSITIONS, transition_error

S = RenewalStatus
POST, COUNTER = CollectionMethod.RESTRICTED_POST, CollectionMethod.COUNTER_PICKUP


@pytest.mark.parametrize(
    ("current", "target", "role", "refused_by_role"),
    [
        (S.RECEIVED, S.INCOMPLETE, Role.CONTRACTOR, None),
        (S.UNDER_REVIEW, S.INCOMPLETE, Role.OFFICIAL, None),
        (S.INCOMPLETE, S.UNDER_REVIEW, Role.CONTRACTOR, None),
        (S.RECEIVED, S.APPROVED, Role.OFFICIAL, None),
        (S.RECEIVED, S.APPROVED, Role.CONTRACTOR, True),
        (S.APPROVED, S.CARD_PRODUCED, Role.CONTRACTOR, True),
        (S.APPROVED, S.CARD_PRODUCED, Role.OFFICIAL, None),
        (S.READY_FOR_PICKUP, S.CANCELLED, Role.OFFICIAL, None),
        (S.READY_FOR_PICKUP, S.CANCELLED, Role.CONTRACTOR, True),
        (S.INCOMPLETE, S.APPROVED, Role.OFFICIAL, False),  # resume first
        (S.INCOMPLETE, S.INCOMPLETE, Role.OFFICIAL, False),
        (S.HANDED_OVER, S.CANCELLED, Role.OFFICIAL, False),
        (S.SHIPPED, S.CANCELLED, Role.OFFICIAL, False),  # on its way to the resident: no longer stoppable here
        (S.CANCELLED, S.UNDER_REVIEW, Role.OFFICIAL, False),
        (S.RECEIVED, S.INCOMPLETE, Role.TECHNICIAN, True),
    ],
)
def test_who_may_move_an_application_where(
    current: RenewalStatus, target: RenewalStatus, role: Role, refused_by_role: bool | None
) -> None:
    refusal = transition_error(current, target, COUNTER, role)
    if refused_by_role is None:
        assert refusal is None
    else:
        assert refusal is not None and refusal.by_role is refused_by_role


def test_every_status_has_its_moves_and_the_final_ones_have_none() -> None:
    assert set(TRANSITIONS) == set(RenewalStatus)
    for final in (S.HANDED_OVER, S.REJECTED, S.WITHDRAWN, S.CANCELLED):
        assert TRANSITIONS[final] == frozenset()
    assert transition_error(S.PRE_ISSUANCE_SETUP, S.SHIPPED, POST, Role.CONTRACTOR) is None
