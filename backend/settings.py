"""Service settings: where the database is, the limits, and the key material.

Everything is a frozen dataclass built once at start-up; handlers receive it through ``app.state``. Key material
is optional so that the service can run (health, renewals without a card, staff work) on a machine that does not
hold the card-management keys; the card endpoints then answer ``503 not-configured``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from backend.domain import LivenessStep
from kiosk.card.verify import TrustAnchors

DEFAULT_DB_URL = "sqlite:///mynakiosk-backend.sqlite3"
DB_URL_ENV = "MYNAKIOSK_DB_URL"


@dataclass(frozen=True)
class Limits:
    """Hard limits; every one of them is enforced before any work is done for the request."""

    max_body_bytes: int = 64 * 1024
    """Any request body, except on the routes in ``large_body_paths``."""
    max_large_body_bytes: int = 1536 * 1024
    """Bodies that carry a photo or a face crop (base64 inflates by 4/3)."""
    max_photo_bytes: int = 1024 * 1024
    """A decoded renewal photo or a decrypted face crop."""
    challenge_ttl_s: int = 120
    card_session_ttl_s: int = 600
    clock_step_back_tolerance_s: int = 5
    """A challenge or card session issued up to this many seconds "in the future" of the service's clock is still
    taken (a clock slewed by NTP); beyond it the clock was stepped back, and the stored expiry cannot be trusted."""
    staff_session_ttl_s: int = 12 * 3600
    staff_max_failed_logins: int = 10
    staff_lockout_s: int = 15 * 60
    """After ``staff_max_failed_logins`` wrong passwords in a row an account refuses logins for this long."""
    request_clock_skew_s: int = 300
    kiosk_requests_per_s: float = 50.0
    kiosk_burst: int = 200
    card_sessions_per_card_per_hour: int = 20
    pin_resets_per_card_per_day: int = 5
    reset_confirm_window_s: int = 3600
    """A script-issued PIN reset not confirmed within this many seconds is marked ``unconfirmed`` by the daily
    reconciliation (``backend purge``): a kiosk delivers a queued confirmation much sooner when the network is back."""
    face_failures_per_card_session: int = 3
    """Refused face evidence (mismatch, failed liveness, unreadable crop) before the card session takes no more."""
    kiosk_resets_per_hour_alert: int = 10
    """PIN resets one kiosk issues in an hour before each further one is recorded as an anomaly (audit
    ``kiosk.anomaly``, a warning in the log): a stolen kiosk key resets PINs faster than residents come."""
    late_renewal_max_s: int = 72 * 3600
    """How long after its card session opened a renewal may still arrive, when it carries the card's own signature
    over the application made during the session (an unattended kiosk's queue, sent when the network is back)."""
    kiosk_face_refusals_per_hour_alert: int = 10
    """Refused face evidence (mismatch, copy of the photo, challenge not shown) over one kiosk's card sessions of
    the last hour at which each further refusal's ``kiosk.anomaly`` entry says so (and the log warns): residents
    fail now and then, a kiosk replaying photos fails again and again."""
    offline_capture_max_age_s: int = 24 * 3600
    """How old an offline card authentication (a pop-up without network) may be when it is sent."""
    idempotency_retention_s: int = 7 * 24 * 3600
    pickup_horizon_days: int = 180
    """How far ahead a counter pick-up slot may be (a card is ready in about 1.5 months; an offline application is
    sent within days): a later slot is a kiosk's mistake, not a booking to keep for years."""
    large_body_paths: tuple[str, ...] = ("/v1/renewals", "/v1/pin-resets", "/office/jlis/import")
    uncollected_warning_months: int = 3
    """A card stored at an office this many months without being collected is listed as a warning on the custody
    page (before it expires in storage: B6)."""


@dataclass(frozen=True)
class JlisKeys:
    """The J-LIS exchange (``backend.jlis``): the municipality's key that signs its batches, and J-LIS's public key
    its status feeds must verify under."""

    municipality_key: Ed25519PrivateKey = field(repr=False)
    jlis_public: Ed25519PublicKey


@dataclass(frozen=True)
class KeyMaterial:
    """The secrets and trust anchors the card endpoints need.

    ``management_master`` derives each card's management keys (see ``backend.management``); it never leaves the
    process. ``anchors`` are the JPKI root certificates a card certificate must chain to and the card-AP root keys that
    sign the 券面AP / text-AP intermediate certificates; ``evidence_key`` decrypts what kiosks seal
    to the service (face crops, new PINs).
    """

    management_master: bytes = field(repr=False)
    management_key_id: str
    anchors: TrustAnchors
    evidence_key: X25519PrivateKey = field(repr=False)
    kiosk_ca: tuple[x509.Certificate, ...] = ()
    """Kiosk client certificates must be issued by one of these (checked at registration)."""
    jlis: JlisKeys | None = None
    """Without them the service cannot send to J-LIS nor believe its feeds (the J-LIS pages say so)."""


@dataclass(frozen=True)
class FacePolicy:
    """How the backend re-matches a live face against the registered photo."""

    required: bool = True
    """When ``kiosk.face`` is not available and this is true, PIN resets answer ``503``."""
    min_liveness_score: float = 0.5
    copy_detail: float = 0.9
    """A live crop or challenge frame whose fine detail, registered onto the registered photo's, correlates with it
    this much is refused as a copy of that photo (``face-is-chip-photo``; ``kiosk.face.likeness``): other
    photographs of one person measured at most 0.74, the chip photo re-encoded, rescaled, cropped, blurred or
    brightened at least 0.97 in 427 of 430 (docs/face-calibration.md, "The chip photo is not a live face")."""
    near_copy_detail: float = 0.75
    """Evidence that passed but came this close (above the highest value other photographs measured) is recorded
    as a kiosk anomaly."""
    challenge_steps: tuple[LivenessStep, ...] = tuple(LivenessStep)
    """The steps the service draws each card session's liveness challenge from."""
    challenge_length: int = 2
    """Distinct steps per challenge, in random order (at most ``len(challenge_steps)``)."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DB_URL
    limits: Limits = field(default_factory=Limits)
    keys: KeyMaterial | None = None
    face: FacePolicy = field(default_factory=FacePolicy)
    operator_endpoints: bool = False
    """Serve ``/docs``, ``/redoc``, ``/openapi.json`` and ``/metrics``. They need no authentication, so they are off
    unless the service listens where only operators reach it (``serve --operator-endpoints``)."""
    office_insecure_cookies: bool = False
    """DEVELOPMENT ONLY: send the back office's cookies without ``Secure`` so that a browser keeps them over plain
    http on loopback (the browser tests). In service the office is reached over https only."""
    fold_interval_s: float = 0.25
    """How often each service process chains pending audit entries and adds counted events to the daily counters
    (``backend.audit.seal``, ``backend.counts.fold``)."""

    @staticmethod
    def database_url_from(cli_value: str | None) -> str:
        """The database URL: the command-line value, else ``$MYNAKIOSK_DB_URL``, else a SQLite file here."""
        return cli_value or os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
