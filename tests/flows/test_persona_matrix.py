"""Every persona through every flow, on a card issued today and on a card the kiosk may renew today, each with the
outcome it must end with; and the issue's done-when checks of ``demo --headless --card-issued``.

In process (``mynakiosk.demo.simulator``, as ``demo --headless`` runs it), one embedded backend per session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.card.trace import TraceEntry
from kiosk.flows.face_service import FaceService
from kiosk.flows.view import Screen, View
from mynakiosk.commands.demo import FLOW_SERVICES, exit_status, run_headless
from mynakiosk.demo import simulator
from sim.overview import issued_to_expire_by
from sim.personas import get_persona, list_personas

TODAY = dt.date.today()
FRESH, RENEWAL_AGE = "fresh", "renewal-age"  # issued today; issued so the card expired or expires within 80 days

# (flow, card) -> outcome for every persona, with the exceptions listed per persona.
USUAL: dict[tuple[str, str], str] = {
    ("sign-pin-reset", FRESH): "reset_done",
    ("pin-reset", FRESH): "reset_done",
    ("renewal", FRESH): "renewal_not_yet",
    ("locked-out", FRESH): "informed",
    ("renewal", RENEWAL_AGE): "renewal_submitted",
    ("staff-renewal", RENEWAL_AGE): "renewal.done.mail.body",  # the desk's resident: the result screen it ends on
    ("sign-pin-reset", RENEWAL_AGE): "certificate_expired",
    ("pin-reset", RENEWAL_AGE): "certificate_expired",
}
EXCEPTIONS: dict[str, dict[tuple[str, str], str]] = {
    # a child's card: no signature certificate, so neither PIN reset is possible
    "sato": {
        ("sign-pin-reset", FRESH): "no_sign_certificate",
        ("pin-reset", FRESH): "no_sign_certificate",
        ("sign-pin-reset", RENEWAL_AGE): "no_sign_certificate",
        ("pin-reset", RENEWAL_AGE): "no_sign_certificate",
    },
    # the card ends with a 3-year residence permit: the counter extends it, certificates still valid
    "silva": {
        ("renewal", RENEWAL_AGE): "residence_bound",
        ("staff-renewal", RENEWAL_AGE): "eligibility.residence.body",
        ("sign-pin-reset", RENEWAL_AGE): "reset_done",
        ("pin-reset", RENEWAL_AGE): "reset_done",
    },
}
CASES = [
    (persona.key, flow, card, EXCEPTIONS.get(persona.key, {}).get((flow, card), outcome))
    for persona in list_personas()
    for (flow, card), outcome in USUAL.items()
]


@pytest.fixture(scope="module")
def face() -> Iterator[FaceService]:
    from kiosk.face.liveness import Challenge

    yield FaceService(allowed=(Challenge.BLINK,), challenges=1)


def _issued(persona: str, card: str) -> dt.date | None:
    return None if card == FRESH else issued_to_expire_by(get_persona(persona), TODAY, 80)


def _run(tmp: Path, face: FaceService, persona: str, flow: str, issued: dt.date | None) -> tuple[str, list[View]]:
    staffed = flow == "staff-renewal"
    seen: list[View] = []
    sim = simulator.start(tmp, persona=persona, staffed=staffed, issued=issued, face=face)
    try:
        outcome = sim.run(FLOW_SERVICES[flow], staffed=staffed, show=seen.append)
    finally:
        sim.stop()
    return outcome, seen


@pytest.mark.slow
@pytest.mark.parametrize(("persona", "flow", "card", "expected"), CASES, ids=[f"{p}-{f}-{c}" for p, f, c, _ in CASES])
def test_persona_flow_matrix(
    tmp_path: Path, face: FaceService, persona: str, flow: str, card: str, expected: str
) -> None:
    outcome, seen = _run(tmp_path, face, persona, flow, _issued(persona, card))
    if flow == "staff-renewal":
        assert outcome == "staff_logout"
        ends = [v.body for v in seen if v.screen in (Screen.RESULT, Screen.INFO, Screen.ERROR)]
        assert expected in ends, ends
    else:
        assert outcome == expected, [f"{v.screen.value} {v.body}" for v in seen][-6:]
        assert exit_status(outcome, None) == 0, "every expected outcome is a success or a plain explanation"


@pytest.mark.parametrize(
    ("issued", "outcome"),
    [
        (dt.date(2017, 1, 10), "renewal_submitted"),  # expires 2026-12-25: inside its window, certificates lapsed
        (dt.date(2016, 2, 1), "renewal_submitted"),  # expired 2025-12-25: renewal stays open after expiry
        (TODAY.replace(year=TODAY.year - 2), "renewal_not_yet"),
    ],
)
def test_demo_renewal_of_itos_card_by_issue_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], issued: dt.date, outcome: str
) -> None:
    assert run_headless("renewal", "ito", None, False, issued=issued) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"outcome: {outcome}"
    if outcome == "renewal_not_yet":
        assert any(line.startswith("info  eligibility.not_yet.body") for line in lines)
        assert not any(line.startswith(("face_capture", "photo_capture", "working")) for line in lines)


def test_sign_pin_reset_on_a_lapsed_certificate_explains_before_any_pin(tmp_path: Path, face: FaceService) -> None:
    trace: list[TraceEntry] = []
    sim = simulator.start(tmp_path, persona="tanaka", issued=dt.date(2017, 3, 20), face=face, tracer=trace.append)
    seen: list[View] = []
    try:
        outcome = sim.run("sign_pin_reset", show=seen.append)
    finally:
        sim.stop()
    assert outcome == "certificate_expired" and exit_status(outcome, None) == 0
    assert any(v.body == "certificate_expired.signature.body" for v in seen)
    assert not any(v.screen is Screen.PIN_ENTRY for v in seen)
    verifies = [e for e in trace if e.ins == "VERIFY"]
    assert all("secret" not in e.command for e in verifies), "no PIN was presented to the card"


@pytest.mark.parametrize("flow", ["renewal", "staff-renewal"])
def test_photo_swap_is_refused_on_every_renewal_flow(capsys: pytest.CaptureFixture[str], flow: str) -> None:
    """The resident passes the face check, then another person sits for the new card's photo: refused, exit 3,
    with a screen that says why, and nothing submitted."""
    assert run_headless(flow, "ito", "photo-swap", False, issued=dt.date(2017, 1, 10)) == 3
    lines = capsys.readouterr().out.splitlines()
    assert any("error=photo_not_same_person" in line for line in lines)
    assert not any(line.startswith("result") for line in lines)
