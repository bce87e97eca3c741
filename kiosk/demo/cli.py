"""``mynakiosk demo``: the kiosk in simulator mode.

``--headless`` runs one whole resident session with no screen: an embedded backend on loopback (SQLite, TEST keys,
a demo policy that enables every service), a fresh virtual card for a fictional resident, a virtual camera showing
that resident (a still photo whose eyelids blink), and a scripted resident who answers each screen. Every state
the kiosk passes through is printed. Exit status 0: the flow succeeded; 3: it ended in a refusal (what every
``--attack`` must produce); 1: anything else.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
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
SUCCESS = {"reset_done", "renewal_submitted", "renewal_queued", "informed", "staff_logout"}
REFUSALS = {"face_refused", "not_genuine", "card_invalid", "backend_refused", "liveness_failed"}


def _forged(image: Any) -> Any:
    """The same card with one byte of its photo changed: data a forger altered, no longer what J-LIS signed."""
    front = bytearray(image.files["kenkaku"]["0002"])
    front[front.find(b"jP  ") + 300] ^= 0x55
    files = {app: dict(entries) for app, entries in image.files.items()}
    files["kenkaku"]["0002"] = bytes(front)
    return dataclasses.replace(image, files=files)


@click.command()
@click.option("--headless", is_flag=True, help="No window: a scripted resident, every state printed.")
@click.option("--flow", "flow_name", type=click.Choice([*FLOW_SERVICES, "card-read"]), default="sign-pin-reset",
              show_default=True)  # fmt: skip
@click.option("--persona", default="tanaka", show_default=True, help="Fictional resident (see `sim personas`).")
@click.option("--attack", type=click.Choice(["stranger", "photo", "wrong-card"]), help="Run the flow with an impostor.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per state.")
@click.option("--ui", "with_ui", is_flag=True, help="Open the kiosk window (Xvfb when there is no display).")
def demo(headless: bool, flow_name: str, persona: str, attack: str | None, as_json: bool, with_ui: bool) -> None:
    """Kiosk demo in simulator mode (embedded backend, virtual card, virtual camera)."""
    if flow_name == "card-read":
        _card_read(persona, as_json)
        return
    if with_ui and not headless:
        from ui.demo import run_window

        sys.exit(run_window(persona))
    del headless  # the Qt window arrives with the UI; until then every demo runs headless
    sys.exit(run_headless(flow_name, persona, attack, as_json))


def run_headless(flow_name: str, persona: str, attack: str | None, as_json: bool) -> int:
    from backend import embedded
    from drivers.cards.sim import SimReader
    from kiosk.backend_client import BackendClient, KioskIdentity
    from kiosk.card.verify import TrustAnchors
    from kiosk.demo.resident import Resident
    from kiosk.demo.virtual_camera import looping, portrait_frames
    from kiosk.face.attacks import Attack, attack_frames
    from kiosk.face.image import decode_image
    from kiosk.face.landmarks import MeshTracker
    from kiosk.face.liveness import Challenge
    from kiosk.face.synthetic import blink_frames
    from kiosk.flows.context import FlowSettings
    from kiosk.flows.face_service import FaceService
    from kiosk.flows.kiosk import Kiosk
    from kiosk.flows.view import Screen
    from kiosk.outbox import Outbox
    from sim.card import VirtualCard
    from sim.faces import FACES, face_for
    from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN, new_card
    from sim.personas import get_persona
    from sim.pki import TestPki
    from sim.pki.kiosk import TestKioskPki

    staffed = flow_name == "staff-renewal"
    with tempfile.TemporaryDirectory(prefix="mynakiosk-demo-") as tmp:
        directory = Path(tmp)
        backend = embedded.start(directory, staffed=staffed, face_required=False)
        try:
            image = new_card(get_persona(persona))
            backend.register_card(image)
            card = VirtualCard.from_image(_forged(image) if attack == "wrong-card" else image)
            reader = SimReader(card)
            reader.remove()
            face = FaceService(allowed=(Challenge.BLINK,), challenges=1)
            shown = face_for(persona).key
            if attack == "stranger":
                shown = next(key for key in FACES if key != shown)
            picture = decode_image(FACES[shown].path.read_bytes())
            if attack == "photo":
                frames = attack_frames(picture, Attack.STILL_PHOTO, seed=5, seconds=2.0)
            else:
                frames = blink_frames(picture, MeshTracker(video=False, engine=face.engine))
            camera = looping(frames)
            photo_camera = looping(portrait_frames(picture))

            pki = TestPki.load()
            creds = TestKioskPki().kiosk(backend.kiosk_id)
            client = BackendClient(backend.url, KioskIdentity(creds.kiosk_id, creds.key))
            extras: dict[str, Any] = {"outbox": Outbox(directory / "outbox.sqlite3", os.urandom(32))}
            kiosk = Kiosk(
                reader=reader,
                backend=client,
                face=face,
                anchors=TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem),
                settings=FlowSettings(municipality=embedded.DEMO_MUNICIPALITY, staffed=staffed),
                extras=extras,
            )
            holder = image.holder
            resident = Resident(
                auth_pin=DEFAULT_AUTH_PIN,
                sign_pin=DEFAULT_SIGN_PIN,
                birth_date=f"{holder.birth_date:%Y%m%d}",
                expiry_year=f"{holder.card_expiry:%Y}",
                security_code=holder.security_code,
                service=FLOW_SERVICES[flow_name],
                camera=camera,
                photo_camera=photo_camera,
                insert_card=reader.insert,
                choose_mail=staffed,
                staff_username=embedded.DEMO_OFFICIAL if staffed else "",
                staff_password=embedded.DEMO_OFFICIAL_PASSWORD if staffed else "",
            )
            printed = None
            started = False

            def show(view: Any) -> None:
                nonlocal printed
                line = _describe(view)
                if line != printed:
                    click.echo(json.dumps(_as_dict(view), ensure_ascii=False) if as_json else line)
                    printed = line

            kiosk.subscribe(show)
            show(kiosk.view)
            for _ in range(2000):
                view = kiosk.view
                if view.screen is Screen.ATTRACT and started:
                    break
                for event in resident.respond(view):
                    kiosk.handle(event)
                started = True
            outcome = kiosk.outcomes[-1] if kiosk.outcomes else "unfinished"
        finally:
            backend.stop()
    click.echo(f"outcome: {outcome}")
    if outcome in SUCCESS and attack is None:
        return 0
    if outcome in REFUSALS or (attack is not None and outcome not in SUCCESS):
        return 3
    return 1


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


def _card_read(persona: str, as_json: bool) -> None:
    """Personalise a fresh virtual card and read it the way the kiosk does (masked personal data)."""
    from drivers.cards.sim import SimReader
    from kiosk.card.card import MyNumberCard
    from kiosk.card.cli import print_human, report
    from kiosk.card.identity import Secrets, read_identity
    from kiosk.card.pin import Pin
    from kiosk.card.verify import TrustAnchors
    from sim.personalise import DEFAULT_AUTH_PIN, new_card
    from sim.personas import get_persona
    from sim.pki import TestPki

    pki = TestPki.load()
    anchors = TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)
    image = new_card(get_persona(persona))
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
