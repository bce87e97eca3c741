"""``mynakiosk demo``: the kiosk in simulator mode.

With a display (or ``--ui``, which starts Xvfb when there is none) it opens the kiosk window over the simulator.
``--headless`` (the default when there is no display) runs one whole resident session with no screen: an embedded
backend on loopback (SQLite, TEST keys, a demo policy that enables every service), a fresh virtual card for a
fictional resident, a virtual camera showing that resident (a still photo posed in 3-D that blinks and turns its
head), and a scripted
resident who answers each screen. Every state the kiosk passes through is printed. Exit status 0: the flow
succeeded; 3: it ended in a refusal (what every ``--attack`` must produce); 1: anything else. ``--office`` keeps
the embedded backend up after the session and prints the address of its back office and the demo official who may
sign in there, so the application just made can be followed into the office's worklist (the window prints the
same while it is open).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

FLOW_SERVICES = {
    "sign-pin-reset": "sign_pin_reset",
    "pin-reset": "pin_reset",
    "renewal": "renewal",
    "staff-renewal": "renewal",
    "locked-out": "locked_out",
}
SUCCESS = {"reset_done", "reset_unconfirmed", "renewal_submitted", "renewal_queued", "informed", "staff_logout"}
# The kiosk explained plainly why it cannot help today and where to go: the flow did its job (exit 0).
EXPLAINED = {"renewal_not_yet", "certificates_only_expired", "residence_bound", "certificate_expired",
             "no_sign_certificate"}  # fmt: skip
BACKEND_FAULTS = ("challenge", "card-session", "pin-reset", "confirm")  # mynakiosk.demo.simulator.BACKEND_FAULTS
REFUSALS = {"face_refused", "not_genuine", "card_invalid", "backend_refused", "liveness_failed",
            "photo_person_mismatch", "resident_refused"}  # fmt: skip


@click.command()
@click.option("--headless", is_flag=True, help="No window: a scripted resident, every state printed.")
@click.option("--flow", "flow_name", type=click.Choice([*FLOW_SERVICES, "card-read"]), default="sign-pin-reset",
              show_default=True)  # fmt: skip
@click.option("--persona", default="tanaka", show_default=True, help="Fictional resident (see `sim personas`).")
@click.option("--attack", type=click.Choice(["stranger", "photo", "wrong-card", "photo-swap", "chip-replay"]),
              help="Run the flow with an impostor (photo-swap: someone else sits for the new photo; chip-replay:"
                   " a tampered kiosk sends the chip photo as the live face and the challenge frames).")  # fmt: skip
@click.option(
    "--backend-fault",
    type=click.Choice(BACKEND_FAULTS),
    help="Cut the network for this backend call (headless); the outbox is delivered after the session.",
)
@click.option("--card-issued", "card_issued", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Issue date of the virtual card, YYYY-MM-DD (default: today); its dates follow.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per state.")
@click.option("--ui", "with_ui", is_flag=True, help="Open the kiosk window (Xvfb when there is no display).")
@click.option("--office", is_flag=True,
              help="Headless: after the session, keep the backend up and print its back office's address and demo "
                   "official, to follow the application there; Ctrl-C ends.")  # fmt: skip
def demo(
    headless: bool,
    flow_name: str,
    persona: str,
    attack: str | None,
    backend_fault: str | None,
    card_issued: dt.datetime | None,
    as_json: bool,
    with_ui: bool,
    office: bool,
) -> None:
    """Kiosk demo in simulator mode (embedded backend, virtual card, virtual camera)."""
    issued = card_issued.date() if card_issued is not None else None
    if flow_name == "card-read":
        _card_read(persona, as_json, issued)
        return
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if with_ui or (has_display and not headless and attack is None and backend_fault is None):
        from mynakiosk.demo.window import run_window

        sys.exit(run_window(persona, staffed=flow_name == "staff-renewal", issued=issued))
    if not headless:
        click.echo("No display: running the session headless (use --ui for a window under Xvfb).", err=True)
    if issued is None and flow_name in ("renewal", "staff-renewal"):
        issued = _renewal_age_card(persona)
    sys.exit(
        run_headless(flow_name, persona, attack, as_json, backend_fault=backend_fault, issued=issued, office=office)
    )


def _renewal_age_card(persona: str) -> dt.date:
    """A renewal demo shows a renewal: without ``--card-issued`` the card is one the kiosk may renew today (it expires
    within a month, as the cards of the renewal peak do), not one issued today, which is years from its window."""
    from sim.overview import issued_to_expire_by
    from sim.personas import get_persona

    issued = issued_to_expire_by(get_persona(persona), dt.date.today(), 30)
    click.echo(f"card issued {issued:%Y-%m-%d}, inside its renewal window (choose with --card-issued)", err=True)
    return issued


def run_headless(
    flow_name: str,
    persona: str,
    attack: str | None,
    as_json: bool,
    *,
    backend_fault: str | None = None,
    issued: dt.date | None = None,
    office: bool = False,
) -> int:
    from mynakiosk.demo import simulator

    staffed = flow_name == "staff-renewal"
    printed = None
    resident_end: Any = None  # at a staff desk: the screen the resident's session ended on

    def show(view: Any) -> None:
        nonlocal printed, resident_end
        if view.screen.value in ("result", "info", "error"):
            resident_end = view
        line = _describe(view)
        if line != printed:
            click.echo(json.dumps(_as_dict(view), ensure_ascii=False) if as_json else line)
            printed = line

    with tempfile.TemporaryDirectory(prefix="mynakiosk-demo-") as tmp:
        sim = simulator.start(
            Path(tmp), persona=persona, attack=attack, staffed=staffed, backend_fault=backend_fault, issued=issued
        )
        try:
            outcome = sim.run(FLOW_SERVICES[flow_name], staffed=staffed, show=show)
            if sim.network is not None:
                sim.network.failing = False  # the fault clears: what the kiosk queued is delivered
                _deliver_queue(sim)
            if office:
                _serve_office(sim.backend.office_url)
        finally:
            sim.stop()
    if staffed and resident_end is not None and resident_end.error:
        # The desk itself ends with the official's logout; the resident's refusal is what an attack must get.
        click.echo(f"resident refused: {resident_end.error}")
        outcome = "resident_refused"
    click.echo(f"outcome: {outcome}")
    return exit_status(outcome, attack)


def _serve_office(url: str) -> None:
    """Print where the back office is and who may sign in, then keep the embedded backend up until Ctrl-C."""
    from backend.embedded import DEMO_OFFICIAL, DEMO_OFFICIAL_PASSWORD

    click.echo(f"back office: {url}")
    click.echo(f"  sign in as: {DEMO_OFFICIAL} / {DEMO_OFFICIAL_PASSWORD} (TEST ONLY account of this demo)")
    click.echo("  the session's application is in the worklist; Ctrl-C ends the demo", nl=True)
    sys.stdout.flush()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("back office stopped")


def exit_status(outcome: str, attack: str | None) -> int:
    """0: the flow did what it is for (or plainly explained why it cannot); 3: refused (what an attack must get);
    1: anything else."""
    if outcome in SUCCESS | EXPLAINED and attack is None:
        return 0
    if outcome in REFUSALS or (attack is not None and outcome not in SUCCESS):
        return 3
    return 1


def _deliver_queue(sim: Any) -> None:
    from kiosk.flows.submission import deliver_item

    outbox = sim.kiosk.outbox
    report = outbox.deliver(lambda item: deliver_item(sim.kiosk.backend, item, None))
    for key, result in report.delivered:
        click.echo(f"delivered later: {key.split(':')[0]} {result.get('status', '')}".rstrip())
    click.echo(f"outbox: {outbox.counts()}")


def _describe(view: Any) -> str:
    parts = [view.screen.value]
    if view.body:
        parts.append(view.body)
    if view.error:
        parts.append(f"error={view.error}")
    safe = {k: v for k, v in view.params.items() if k in ("tries_left", "seconds", "application_number", "reference")}
    if safe:
        parts.append(" ".join(f"{k}={v}" for k, v in safe.items()))
    return "  ".join(parts)


def _as_dict(view: Any) -> dict[str, Any]:
    return {"screen": view.screen.value, "flow": view.flow.value if view.flow else None, "body": view.body,
            "error": view.error}  # fmt: skip


def _card_read(persona: str, as_json: bool, issued: dt.date | None) -> None:
    """Personalise a fresh virtual card and read it the way the kiosk does (masked personal data)."""
    from drivers.cards.sim import SimReader
    from kiosk.card.card import MyNumberCard
    from kiosk.card.identity import Secrets, read_identity
    from kiosk.card.pin import Pin
    from kiosk.card.verify import TrustAnchors
    from mynakiosk.commands.card import print_human, report
    from sim.personalise import DEFAULT_AUTH_PIN, new_card
    from sim.personas import get_persona
    from sim.pki import TestPki

    pki = TestPki.load()
    anchors = TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)
    image = new_card(get_persona(persona), issued=issued)
    with tempfile.TemporaryDirectory(prefix="mynakiosk-demo-") as tmp:
        path = Path(tmp) / "card.json"
        image.save(path)
        reader = SimReader.from_file(path)
        secrets = Secrets(auth_pin=Pin(DEFAULT_AUTH_PIN), pin_b=Pin(image.holder.pin_b))
        with MyNumberCard(reader.connect()) as card:
            read = read_identity(card, secrets, anchors)
        secrets.wipe()
        document = report(read, show_personal=False, trust="test")
        read.wipe()
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_human(document)
