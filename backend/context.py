"""What every request handler shares: settings, database sessions, clock, metrics, rate limits, kiosk cache."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.clock import Clock
from backend.db import Runner
from backend.domain import KioskStatus, SiteKind
from backend.errors import UnknownKiosk
from backend.metrics import Metrics
from backend.models import Kiosk, Site
from backend.ratelimit import TokenBuckets
from backend.settings import Settings

KIOSK_CACHE_TTL_S = 15.0
"""A suspended kiosk is refused at the latest this long after the database says so."""
_KIOSK_CACHE_SPREAD = 0.3
"""Each entry lives a random 70-100 % of the TTL, so a fleet whose kiosks were all looked up at start-up is not
looked up again all in the same instant (a burst that delayed every request in flight)."""


@dataclass(frozen=True)
class KioskPrincipal:
    kiosk_id: str
    site_id: str
    site_kind: SiteKind
    site_municipality: str
    public_key: ec.EllipticCurvePublicKey = field(repr=False)
    public_key_sha256: str = field(repr=False)


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    db: Runner
    """Runs handlers' database code off the event loop's critical path (see ``backend.db.Runner``)."""
    sessions: sessionmaker[Session]
    reads: sessionmaker[Session]
    """Sessions for handlers that only read (no write lock on SQLite)."""
    clock: Clock
    metrics: Metrics
    kiosk_buckets: TokenBuckets
    schema_revision: str | None = None
    _kiosks: dict[str, tuple[float, KioskPrincipal]] = field(default_factory=dict)
    """kiosk id -> (monotonic time the entry expires, principal)"""
    _kiosk_lock: threading.Lock = field(default_factory=threading.Lock)

    def cached_kiosk(self, kiosk_id: str) -> KioskPrincipal | None:
        """The kiosk if it was looked up recently enough (no database access)."""
        with self._kiosk_lock:
            hit = self._kiosks.get(kiosk_id)
        if hit is not None and time.monotonic() < hit[0]:
            return hit[1]
        return None

    def load_kiosk(self, session: Session, kiosk_id: str) -> KioskPrincipal:
        """The active kiosk ``kiosk_id`` from the database (and into the cache), or ``UnknownKiosk``."""
        started = time.monotonic()
        row = session.get(Kiosk, kiosk_id)
        if row is None or row.status is not KioskStatus.ACTIVE:
            raise UnknownKiosk("kiosk id is not registered or is suspended (mynakiosk backend add-kiosk)")
        site = session.get(Site, row.site_id)
        assert site is not None  # foreign key
        key = x509.load_der_x509_certificate(row.certificate_der).public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise UnknownKiosk("kiosk certificate does not hold an EC key")
        principal = KioskPrincipal(
            kiosk_id, site.site_id, site.kind, site.municipality_code, key, row.public_key_sha256
        )
        jitter = _KIOSK_CACHE_SPREAD * random.random()  # noqa: S311 (spreads refreshes; nothing secret)
        expires = started + KIOSK_CACHE_TTL_S * (1 - jitter)
        with self._kiosk_lock:
            self._kiosks[kiosk_id] = (expires, principal)
        return principal

    def forget_kiosks(self) -> None:
        with self._kiosk_lock:
            self._kiosks.clear()
