"""Benchmark: machine time of each flow with instant scripted inputs, broken down by screen.

The resident answers every screen at once (PINs typed in zero time, the virtual camera at its frame rate but fed
without waiting), so what remains is the machine's own time: card I/O with the in-process virtual card, face
inference, cryptography and the embedded backend on loopback (SQLite). Time spent while a screen is shown is
charged to that screen. Target: a whole PIN reset under 5 s of machine time.

Run: ``.venv/bin/python bench/flows.py [--flows sign-pin-reset,renewal,...]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")


def measure(flow_name: str, directory: Path) -> tuple[float, dict[str, float], str, int]:
    from backend import embedded
    from drivers.cards.sim import SimReader
    from kiosk.backend_client import BackendClient, KioskIdentity
    from kiosk.card.verify import TrustAnchors
    from kiosk.demo.cli import FLOW_SERVICES
    from kiosk.demo.resident import Resident
    from kiosk.demo.virtual_camera import looping, portrait_frames
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

    backend = embedded.start(directory / flow_name, face_required=False)
    try:
        image = new_card(get_persona("tanaka"))
        backend.register_card(image)
        reader = SimReader(VirtualCard.from_image(image))
        reader.remove()
        face = FaceService(allowed=(Challenge.BLINK,), challenges=1)
        picture = decode_image(FACES[face_for("tanaka").key].path.read_bytes())
        camera = looping(blink_frames(picture, MeshTracker(video=False, engine=face.engine)))
        photo_camera = looping(portrait_frames(picture))
        pki = TestPki.load()
        creds = TestKioskPki().kiosk(backend.kiosk_id)
        kiosk = Kiosk(
            reader=reader,
            backend=BackendClient(backend.url, KioskIdentity(creds.kiosk_id, creds.key)),
            face=face,
            anchors=TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem),
            settings=FlowSettings(municipality=embedded.DEMO_MUNICIPALITY),
            extras={"outbox": Outbox(directory / f"{flow_name}-outbox.sqlite3", os.urandom(32))},
        )
        h = image.holder
        resident = Resident(
            auth_pin=DEFAULT_AUTH_PIN, sign_pin=DEFAULT_SIGN_PIN, birth_date=f"{h.birth_date:%Y%m%d}",
            expiry_year=f"{h.card_expiry:%Y}", security_code=h.security_code, service=FLOW_SERVICES[flow_name],
            camera=camera, photo_camera=photo_camera, insert_card=reader.insert,
        )  # fmt: skip
        per_screen: dict[str, float] = defaultdict(float)
        frames = 0
        started = False
        total = 0.0
        for _ in range(5000):
            view = kiosk.view
            if view.screen is Screen.ATTRACT and started:
                break
            for event in resident.respond(view):
                frames += type(event).__name__ == "Frame"
                t0 = time.perf_counter()
                kiosk.handle(event)
                spent = time.perf_counter() - t0
                per_screen[view.screen.value] += spent
                total += spent
            started = True
        return total, dict(per_screen), kiosk.outcomes[-1] if kiosk.outcomes else "unfinished", frames
    finally:
        backend.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--flows", default="sign-pin-reset,pin-reset,renewal,locked-out")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-flows-") as tmp:
        measure("locked-out", Path(tmp) / "warm-up")  # imports, model loading, first connections
        for flow in args.flows.split(","):
            total, per_screen, outcome, frames = measure(flow, Path(tmp))
            print(f"[{flow}] outcome: {outcome}")
            print(f"[{flow}] machine time, whole flow: {total:.2f} s")
            print(f"[{flow}] camera frames analysed: {frames}")
            for screen, seconds in sorted(per_screen.items(), key=lambda kv: -kv[1]):
                print(f"[{flow}] machine time on {screen}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
