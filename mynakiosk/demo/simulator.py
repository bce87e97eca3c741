"""Simulator mode, assembled: an embedded backend, a virtual card in a virtual reader, a virtual camera showing a
fictional resident, and the kiosk wired to them. The headless demo, the flow benchmark and the Qt demo use it.

Part of the composition root: it wires ``kiosk/`` to ``backend/``, ``drivers/`` and ``sim/``. Everything here uses
TEST keys and fictional people only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from backend import embedded
from drivers.cards.sim import SimReader
from kiosk.backend_client import BackendClient, KioskIdentity
from kiosk.card.trace import TraceEntry
from kiosk.card.verify import TrustAnchors
from kiosk.face.attacks import Attack, attack_frames
from kiosk.face.image import decode_image
from kiosk.face.landmarks import MeshTracker
from kiosk.flows.context import FlowSettings
from kiosk.flows.face_service import FaceService
from kiosk.flows.kiosk import Kiosk, Timers
from kiosk.flows.view import Screen, View
from kiosk.outbox import Outbox
from mynakiosk.demo.resident import Resident
from mynakiosk.demo.tampered import ChipReplayFace
from mynakiosk.demo.virtual_camera import VirtualResident, looping, portrait_frames
from sim.card import VirtualCard
from sim.faces import FACES, face_for
from sim.image import CardImage
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN, new_card
from sim.personas import get_persona
from sim.pki import TestPki
from sim.pki.kiosk import TestKioskPki

ATTACKS = ("stranger", "photo", "wrong-card", "photo-swap", "chip-replay")
# Where ``--backend-fault STEP`` cuts the kiosk's network: the path of the call that fails, every time it is tried.
BACKEND_FAULTS = {
    "challenge": "/v1/challenges",
    "card-session": "/v1/card-sessions",
    "pin-reset": "/v1/pin-resets",
    "confirm": "/confirm",
}


class FaultyNetwork(requests.adapters.HTTPAdapter):
    """The kiosk's network to the embedded backend, failing every call whose path ends with ``path`` while
    ``failing`` (a technician's fault injection; the backend itself stays up)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.failing = True

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        if self.failing and (request.url or "").split("?")[0].endswith(self.path):
            raise requests.ConnectionError(f"fault injected: {self.path}")
        return super().send(request, **kwargs)


def forged(image: CardImage) -> CardImage:
    """The same card with one byte of its photo changed: data a forger altered, no longer what was signed."""
    front = bytearray(image.files["kenkaku"]["0002"])
    front[front.find(b"jP  ") + 300] ^= 0x55
    files = {app: dict(entries) for app, entries in image.files.items()}
    files["kenkaku"]["0002"] = bytes(front)
    return dataclasses.replace(image, files=files)


@dataclass
class Simulator:
    kiosk: Kiosk
    reader: SimReader
    backend: embedded.EmbeddedBackend
    image: CardImage
    face: FaceService
    cameras: dict[str, Any]  # "face", "photo", "card": callables returning (frame, t)
    network: FaultyNetwork | None = None  # the injected backend fault, if any

    def resident(self, service: str, *, staffed: bool = False) -> Resident:
        """A scripted resident who knows this card's PINs and printed numbers and faces the virtual camera."""
        holder = self.image.holder
        return Resident(
            auth_pin=DEFAULT_AUTH_PIN,
            sign_pin=DEFAULT_SIGN_PIN,
            birth_date=f"{holder.birth_date:%Y%m%d}",
            expiry_year=f"{holder.card_expiry:%Y}",
            security_code=holder.security_code,
            service=service,
            camera=self.cameras["face"],
            photo_camera=self.cameras["photo"],
            insert_card=self.reader.insert,
            remove_card=self.reader.remove,
            choose_mail=staffed,
            staff_username=embedded.DEMO_OFFICIAL if staffed else "",
            staff_password=embedded.DEMO_OFFICIAL_PASSWORD if staffed else "",
        )

    def run(self, service: str, *, staffed: bool = False, show: Callable[[View], None] | None = None) -> str:
        """One whole session of the scripted resident asking for ``service``; returns the session's outcome
        (``"unfinished"`` when it did not end within its event budget). ``show`` sees every view."""
        kiosk = self.kiosk
        resident = self.resident(service, staffed=staffed)
        if show is not None:
            kiosk.subscribe(show)
            show(kiosk.view)
        started = False
        for _ in range(2000):
            view = kiosk.view
            if view.screen is Screen.ATTRACT and started:
                break
            for event in resident.respond(view):
                kiosk.handle(event)
            started = True
        return kiosk.outcomes[-1] if kiosk.outcomes else "unfinished"

    def stop(self) -> None:
        self.backend.stop()


def start(
    directory: Path,
    *,
    persona: str = "tanaka",
    attack: str | None = None,
    staffed: bool = False,
    face: FaceService | None = None,
    timers: Timers | None = None,
    issued: dt.date | None = None,
    tracer: Callable[[TraceEntry], None] | None = None,
    backend_fault: str | None = None,
) -> Simulator:
    """Everything simulator mode needs, in ``directory`` (the caller removes it); the virtual card is issued on
    ``issued`` (today by default), so its expiry and certificates follow the real rules from that day."""
    # The service re-checks the face evidence as in production: the crop and the frames of its own challenge.
    backend = embedded.start(directory / "backend", staffed=staffed, face_required=True)
    try:
        image = new_card(get_persona(persona), issued=issued)
        backend.register_card(image)
        reader = SimReader(VirtualCard.from_image(forged(image) if attack == "wrong-card" else image))
        reader.remove()  # the resident inserts it when the kiosk asks
        face = face or FaceService()
        shown = face_for(persona).key
        if attack == "stranger":
            shown = next(key for key in FACES if key != shown)
        picture = decode_image(FACES[shown].path.read_bytes())
        if attack == "photo":
            live = looping(attack_frames(picture, Attack.STILL_PHOTO, seed=5, seconds=2.0))
        else:
            tracker = MeshTracker(video=False, engine=face.engine)
            try:
                live = VirtualResident.render(picture, tracker).camera()
            finally:
                tracker.close()
        pki = TestPki.load()
        creds = TestKioskPki().kiosk(backend.kiosk_id)
        network = FaultyNetwork(BACKEND_FAULTS[backend_fault]) if backend_fault else None
        http = requests.Session()
        if network is not None:
            http.mount("http://", network)
        kiosk = Kiosk(
            reader=reader,
            backend=BackendClient(backend.url, KioskIdentity(creds.kiosk_id, creds.key), session=http),
            face=ChipReplayFace(face) if attack == "chip-replay" else face,
            anchors=TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem),
            settings=FlowSettings(municipality=embedded.DEMO_MUNICIPALITY, staffed=staffed),
            timers=timers,
            tracer=tracer,
            outbox=Outbox(directory / "outbox.sqlite3", os.urandom(32)),
        )
        sitter = picture
        if attack == "photo-swap":  # the resident passes the face check, then someone else sits for the photo
            stranger = next(key for key in FACES if key != face_for(persona).key)
            sitter = decode_image(FACES[stranger].path.read_bytes())
        cameras = {"face": live, "photo": looping(portrait_frames(sitter))}
        return Simulator(kiosk, reader, backend, image, face, cameras, network)
    except BaseException:
        backend.stop()
        raise
