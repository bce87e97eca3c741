"""The backend embedded in one process on loopback, seeded for a demo or a test: TEST keys only.

``mynakiosk demo`` and the flow tests use it: an SQLite database in a directory of the caller's, migrated and
seeded with one site (a convenience store or a staffed pop-up), one kiosk with a TEST client certificate, an
official's account, a policy (by default every service on, as the demo policy of the flows issue asks), and the
virtual cards the caller registers. The HTTP server (uvicorn) runs in a daemon thread until :meth:`stop`.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from backend import admin, slots
from backend.app import create_app
from backend.card_registry import register_from_card_files
from backend.clock import Clock
from backend.db import make_engine, session_factory, transaction
from backend.domain import Role, SiteKind
from backend.keys import test_key_material
from backend.migrate import upgrade
from backend.office.holders import record_holder
from backend.settings import FacePolicy, Limits, Settings, sqlite_url

DEMO_MUNICIPALITY = "452017"  # Miyazaki City: the seeds' example of a city facing the renewal peak
DEMO_OFFICIAL = "official"
DEMO_PICKUP_OFFICE = "miyazaki-centre"
DEMO_OFFICIAL_PASSWORD = "demo-official-password"  # noqa: S105 -- TEST ONLY account of the embedded demo backend


def demo_calendar() -> slots.Calendar:
    """The demo city's card centre: weekdays 9:00-17:00, 30-minute slots, two counters, booking from 7 weeks on
    (the card takes about 1.5 months to be made)."""
    weekdays = tuple(slots.Hours(day, 9 * 60, 17 * 60) for day in range(5))
    return slots.Calendar(
        DEMO_PICKUP_OFFICE, DEMO_MUNICIPALITY, "宮崎市マイナンバーカードセンター", 30, 2, 49, weekdays, ()
    )


@dataclass
class EmbeddedBackend:
    url: str
    kiosk_id: str
    site_id: str
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _db_url: str = field(repr=False)
    clock: Clock = field(default_factory=Clock, repr=False)
    """The service's clock (tests move it with ``advance``)."""

    @property
    def office_url(self) -> str:
        """The back office's sign-in page (``DEMO_OFFICIAL`` / ``DEMO_OFFICIAL_PASSWORD``)."""
        return f"{self.url}/office/"

    def register_card(self, image: object, municipality: str = DEMO_MUNICIPALITY) -> None:
        """Register a virtual card (``sim.image.CardImage``) as the issuer would have at issuance."""
        from sim.apps import jpki, kenhojo, kenkaku

        keys = test_key_material()
        front = image.file(kenkaku.APP, 0x0002)  # type: ignore[attr-defined]
        engine = make_engine(self._db_url)
        with transaction(session_factory(engine)) as session:
            register_from_card_files(
                session,
                Clock(),
                serial=image.serial,  # type: ignore[attr-defined]
                municipality=municipality,
                auth_cert_der=image.file(jpki.APP, 0x000A) or b"",  # type: ignore[attr-defined]
                sign_cert_der=image.file(jpki.APP, 0x0001),  # type: ignore[attr-defined]
                front_face=front,
                keys=keys,
            )
            session.flush()
            basic_four = image.file(kenhojo.APP, 0x0002)  # type: ignore[attr-defined]
            if basic_four:  # the resident register's record of the holder, for the back office
                record_holder(session, Clock(), keys, image.serial, basic_four)  # type: ignore[attr-defined]
        engine.dispose()

    def set_card_status(self, serial: str, status: str) -> None:
        """Suspend (a lost card, reported to the 24/7 call centre), revoke or reinstate a registered card."""
        from backend.domain import CardStatus

        engine = make_engine(self._db_url)
        with transaction(session_factory(engine)) as session:
            admin.set_card_status(session, Clock(), serial, CardStatus(status))
        engine.dispose()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(
    directory: Path,
    *,
    kiosk_id: str = "demo-kiosk",
    staffed: bool = False,
    all_services: bool = True,
    face_required: bool = True,
    limits: Limits | None = None,
) -> EmbeddedBackend:
    """Migrate, seed and serve a backend; returns once it answers ``/healthz``."""
    from sim.pki.kiosk import TestKioskPki

    directory.mkdir(parents=True, exist_ok=True)
    db_url = sqlite_url(directory / "backend.sqlite3")
    engine = make_engine(db_url)
    upgrade(engine)
    clock = Clock()
    site_id = "demo-popup" if staffed else "demo-store"
    kind = SiteKind.POPUP if staffed else SiteKind.CONVENIENCE_STORE
    pki = TestKioskPki()
    with transaction(session_factory(engine)) as session:
        admin.add_site(session, clock, site_id, kind, DEMO_MUNICIPALITY, "demo site")
        session.flush()
        admin.add_kiosk(session, clock, kiosk_id, site_id, pki.kiosk(kiosk_id).certificate, (pki.ca_certificate,))
        admin.add_staff(session, clock, DEMO_OFFICIAL, Role.OFFICIAL, DEMO_MUNICIPALITY, DEMO_OFFICIAL_PASSWORD)
        slots.save(session, demo_calendar())
        if all_services:
            admin.set_policy(
                session, clock, DEMO_MUNICIPALITY, site_id, sign_pin_reset=True, four_digit_pin_reset=True,
                renewal=True, card_ap_renewal=True,
            )  # fmt: skip
    engine.dispose()
    settings = Settings(
        database_url=db_url,
        keys=test_key_material(),
        face=FacePolicy(required=face_required),
        limits=limits or Limits(),
        office_insecure_cookies=True,  # served over http on loopback only (127.0.0.1 below)
    )
    port = _free_port()
    app = create_app(settings, clock=clock)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="embedded-backend", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the embedded backend did not start")
        time.sleep(0.02)
    return EmbeddedBackend(f"http://127.0.0.1:{port}", kiosk_id, site_id, server, thread, db_url, clock)
