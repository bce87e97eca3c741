"""Flow fixtures: a real embedded backend (SQLite, TEST keys), real virtual cards, the real face pipeline."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from backend import embedded
from backend.settings import Limits
from drivers.cards.sim import SimReader
from kiosk.backend_client import BackendClient, KioskIdentity
from kiosk.card.verify import TrustAnchors
from kiosk.flows.context import FlowSettings
from kiosk.flows.face_service import FaceService
from kiosk.flows.kiosk import Kiosk, Timers
from kiosk.flows.view import Screen, View
from mynakiosk.demo.resident import Resident
from mynakiosk.demo.virtual_camera import VirtualResident, looping, portrait_frames
from sim.card import VirtualCard
from sim.faces import face_for
from sim.image import CardImage
from sim.overview import issued_to_expire_by
from sim.personalise import DEFAULT_AUTH_PIN, DEFAULT_SIGN_PIN, new_card
from sim.personas import get_persona
from sim.pki import TestPki
from sim.pki.kiosk import TestKioskPki


@pytest.fixture(scope="session")
def backend_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[embedded.EmbeddedBackend]:
    # One backend for the whole session: its per-card daily reset limit (5, tested in tests/backend/test_pin_resets.py)
    # would make these flow tests depend on their order (the sixth reset of a persona's card anywhere in the run is
    # refused), so it is raised here; what the flows test is the kiosk, not that limit.
    limits = Limits(pin_resets_per_card_per_day=1000)
    server = embedded.start(tmp_path_factory.mktemp("backend"), face_required=False, limits=limits)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def face_service() -> FaceService:
    return FaceService()  # the card session's challenge is the service's; offline, any of the three


@pytest.fixture(scope="session")
def live_clips(face_service: FaceService) -> dict[str, Any]:
    """A virtual resident per face (posed in 3-D, blinking and turning: ``VirtualResident``), and still photos
    and panel portraits of the same faces."""
    from kiosk.face.attacks import Attack, attack_frames
    from kiosk.face.image import decode_image
    from kiosk.face.landmarks import MeshTracker
    from sim.faces import FACES

    clips: dict[str, Any] = {}
    tracker = MeshTracker(video=False, engine=face_service.engine)
    try:
        for key, source in FACES.items():
            image = decode_image(source.path.read_bytes())
            clips[key] = VirtualResident.render(image, tracker)
            clips[f"{key}:still"] = attack_frames(image, Attack.STILL_PHOTO, seed=3, seconds=2.0)
            clips[f"{key}:portrait"] = portrait_frames(image, count=3)
    finally:
        tracker.close()
    return clips


def looping_camera(clip: list[Any] | VirtualResident, fps: float = 15.0) -> Callable[[], tuple[Any, float]]:
    """A camera showing ``clip``: the virtual resident's performance, or a list of frames in a loop."""
    return clip.camera() if isinstance(clip, VirtualResident) else looping(clip, fps)


class Network(requests.adapters.HTTPAdapter):
    """The kiosk's network, with faults: every request fails while ``down``; requests to ``down_for`` always fail."""

    def __init__(self, down_for: str | None = None) -> None:
        super().__init__()
        self.down = False
        self.down_for = down_for

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        path = (request.url or "").split("?")[0]
        if self.down or (self.down_for is not None and path.endswith(self.down_for)):
            raise requests.ConnectionError("network down")
        return super().send(request, **kwargs)


def client_over(server: embedded.EmbeddedBackend, network: Network | None = None) -> BackendClient:
    """The kiosk's backend client for ``server``, optionally over a faulty ``network`` (no back-off waits)."""
    creds = TestKioskPki().kiosk(server.kiosk_id)
    identity = KioskIdentity(creds.kiosk_id, creds.key)
    if network is None:
        return BackendClient(server.url, identity)
    http = requests.Session()
    http.mount("http://", network)
    return BackendClient(server.url, identity, session=http, sleep=lambda _s: None)


@pytest.fixture(scope="session")
def flow_images(tmp_path_factory: pytest.TempPathFactory, backend_server: embedded.EmbeddedBackend) -> dict[str, Path]:
    """Cards issued today, and (``renewal:KEY``) cards the kiosk may renew today: tanaka's expired in March (its
    certificates long before), takahashi's minor card expires within a year with its certificates still valid (a
    renewal window of 12 months takes it, with its JPKI key)."""
    directory = tmp_path_factory.mktemp("flow-cards")
    today = dt.date.today()
    cards = {key: (key, None) for key in ("tanaka", "sato", "watanabe")}
    cards["renewal:tanaka"] = ("tanaka", issued_to_expire_by(get_persona("tanaka"), today, 80))
    cards["renewal:takahashi"] = ("takahashi", issued_to_expire_by(get_persona("takahashi"), today, 300))
    out = {}
    for seed, (name, (key, issued)) in enumerate(cards.items(), start=11):
        image = new_card(get_persona(key), seed=seed, issued=issued)
        path = directory / f"{name.replace(':', '-')}.json"
        image.save(path)
        backend_server.register_card(image)
        out[name] = path
    return out


@dataclass
class Harness:
    kiosk: Kiosk
    reader: SimReader
    image: CardImage
    screens: list[View] = field(default_factory=list)

    def renewal_resident(self, clips: dict[str, list[Any]], **overrides: object) -> Resident:
        """A resident who applies for renewal: blinks for the face check, stands at the panel for the photo."""
        face = face_for(self.image.holder.persona).key
        values: dict[str, object] = {
            "service": "renewal",
            "camera": looping_camera(clips[face]),
            "photo_camera": looping(clips[f"{face}:portrait"]),
        }
        return self.resident(**(values | overrides))

    def resident(self, **overrides: object) -> Resident:
        h = self.image.holder
        values: dict[str, object] = {
            "auth_pin": DEFAULT_AUTH_PIN,
            "sign_pin": DEFAULT_SIGN_PIN,
            "birth_date": f"{h.birth_date:%Y%m%d}",
            "expiry_year": f"{h.card_expiry:%Y}",
            "security_code": h.security_code,
            "insert_card": self.reader.insert,
            "remove_card": self.reader.remove,
        }
        values.update(overrides)
        return Resident(**values)  # type: ignore[arg-type]

    def run(self, resident: Resident, *, max_events: int = 400, stop_at: Screen | None = None) -> list[View]:
        """Let ``resident`` answer the kiosk until the session ends (back at the start screen, the card taken back
        when the kiosk asks for it) or ``stop_at``."""
        seen = [self.kiosk.view]
        started = False
        for _ in range(max_events):
            view = self.kiosk.view
            if view.screen is Screen.ATTRACT and started:
                return seen
            if stop_at is not None and view.screen is stop_at:
                return seen
            events = list(resident.respond(view))
            if not events:
                raise AssertionError(f"resident has nothing to do on {view.screen} ({view.body})")
            for event in events:
                new = self.kiosk.handle(event)
                if new != seen[-1]:
                    seen.append(new)
            # Taking back the last session's card (left after a cancel) comes before this session starts.
            started = started or view.screen is not Screen.CARD_RETURN
        raise AssertionError(f"session did not end; last screen {self.kiosk.view.screen}")


@pytest.fixture
def harness(
    flow_images: dict[str, Path],
    backend_server: embedded.EmbeddedBackend,
    face_service: FaceService,
    tmp_path: Path,
) -> Callable[..., Harness]:
    pki = TestPki.load()
    anchors = TrustAnchors.from_pem(pki.root_cert_pem, pki.card_ap_root_public_pem)
    creds = TestKioskPki().kiosk(backend_server.kiosk_id)

    def make(
        persona: str = "tanaka",
        *,
        timers: Timers | None = None,
        settings: FlowSettings | None = None,
        clock: Callable[[], float] | None = None,
    ) -> Harness:
        path = tmp_path / f"{persona.replace(':', '-')}.json"
        shutil.copy(flow_images[persona], path)
        reader = SimReader(VirtualCard.load(path))
        reader.remove()  # the resident inserts it when asked
        client = BackendClient(backend_server.url, KioskIdentity(creds.kiosk_id, creds.key))
        kiosk = Kiosk(
            reader=reader,
            backend=client,
            face=face_service,
            anchors=anchors,
            settings=settings or FlowSettings(municipality=embedded.DEMO_MUNICIPALITY),
            timers=timers,
            **({"clock": clock} if clock else {}),
        )
        return Harness(kiosk, reader, CardImage.load(path))

    return make
