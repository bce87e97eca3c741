"""Renewal applications: the status machine and who may move it (B1, L3, L4, L5).

Statuses follow the issuing office's steps: received → under review → approved (for J-LIS) → card produced →
pre-issuance set-up → shipped (restricted post) or ready for pick-up (counter) → handed over; or rejected /
withdrawn. The back office may mark an application incomplete (不備) while it is reviewed and resume it (back to
under review), and cancel the issue (交付取止め) at any step before hand-over. Deciding issue (approving,
ordering production, rejecting, cancelling) and the identity check at hand-over are an exercise of public
authority, so only officials may make those moves; contractors do the clerical ones (including 不備 and resume);
technicians none.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.domain import CollectionMethod, RenewalStatus, Role

S = RenewalStatus

TRANSITIONS: dict[RenewalStatus, frozenset[RenewalStatus]] = {
    S.RECEIVED: frozenset({S.UNDER_REVIEW, S.INCOMPLETE, S.APPROVED, S.REJECTED, S.WITHDRAWN, S.CANCELLED}),
    S.UNDER_REVIEW: frozenset({S.INCOMPLETE, S.APPROVED, S.CARD_PRODUCED, S.REJECTED, S.WITHDRAWN, S.CANCELLED}),
    S.INCOMPLETE: frozenset({S.UNDER_REVIEW, S.REJECTED, S.WITHDRAWN, S.CANCELLED}),
    S.APPROVED: frozenset({S.CARD_PRODUCED, S.INCOMPLETE, S.WITHDRAWN, S.CANCELLED}),
    S.CARD_PRODUCED: frozenset({S.PRE_ISSUANCE_SETUP, S.WITHDRAWN, S.CANCELLED}),
    S.PRE_ISSUANCE_SETUP: frozenset({S.SHIPPED, S.READY_FOR_PICKUP, S.WITHDRAWN, S.CANCELLED}),
    S.SHIPPED: frozenset({S.HANDED_OVER}),
    S.READY_FOR_PICKUP: frozenset({S.HANDED_OVER, S.WITHDRAWN, S.CANCELLED}),
    S.HANDED_OVER: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CANCELLED: frozenset(),
}

DECISIONS: frozenset[tuple[RenewalStatus, RenewalStatus]] = frozenset(
    {(S.UNDER_REVIEW, S.CARD_PRODUCED), (S.APPROVED, S.CARD_PRODUCED), (S.READY_FOR_PICKUP, S.HANDED_OVER)}
    | {(src, S.REJECTED) for src in S}
    | {(src, S.APPROVED) for src in S}
    | {(src, S.CANCELLED) for src in S}
)
"""Moves that decide issue or rest on an identity check: officials only."""


@dataclass(frozen=True)
class Refusal:
    by_role: bool
    """True when the move exists but this role may not make it (403); false when the move is impossible (409)."""
    reason: str


def transition_error(
    current: RenewalStatus, target: RenewalStatus, method: CollectionMethod, role: Role
) -> Refusal | None:
    """Why ``role`` may not move an application from ``current`` to ``target``; ``None`` when it may."""
    if role is Role.TECHNICIAN:
        return Refusal(True, "technicians have no access to applications")
    if target not in TRANSITIONS[current]:
        return Refusal(False, f"an application cannot go from {current.value} to {target.value}")
    if target is S.SHIPPED and method is not CollectionMethod.RESTRICTED_POST:
        return Refusal(False, "only restricted-delivery post applications are shipped; this one is collected")
    if target is S.READY_FOR_PICKUP and method is not CollectionMethod.COUNTER_PICKUP:
        return Refusal(False, "this application is delivered by restricted-delivery post, not collected")
    if (current, target) in DECISIONS and role is not Role.OFFICIAL:
        return Refusal(True, "only a municipal official may decide issue or verify identity at hand-over")
    return None
