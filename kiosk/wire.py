"""The byte-level agreements between kiosk and backend, in one place both sides import.

The backend may use pure libraries of ``kiosk/`` (this is one); the kiosk never imports ``backend/``. Each function
here is the single definition of something the two sides must compute identically:

* the bytes a kiosk signs for every request (``Kiosk-Signature``, scheme ``mynakiosk-req-v1``);
* sealed boxes (X25519 + HKDF-SHA256 + AES-256-GCM) for what only the service may read: live face crops, new PINs;
* the nonce a staffed pop-up makes itself when the service is unreachable (``mynakiosk-offline-v1``);
* the forms of a kiosk id (the ``Kiosk-Id`` header) and of a municipality code;
* the answers the kiosk reads, as frozen dataclasses (:class:`Challenge`, :class:`CardSession`, :class:`PinReset`,
  …) parsed once, with every field's type checked, by :func:`parse`. Each mirrors the backend's pydantic schema of
  the same answer (``backend/schemas.py``); a test checks that the two agree field by field.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import json
import os
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNING_SCHEME = b"mynakiosk-req-v1"
SEAL_LABEL = b"mynakiosk-seal-v1"
OFFLINE_LABEL = b"mynakiosk-offline-v1"
KIOSK_ID_PATTERN = r"^[A-Za-z0-9._\-]{1,64}$"
MUNICIPALITY_CODE_PATTERN = r"^[0-9]{6}$"  # 全国地方公共団体コード


def signing_input(method: str, path: str, timestamp: int, idempotency_key: str, body: bytes) -> bytes:
    """What the kiosk's key signs for one request: scheme, method, path (with query), time, key, body hash."""
    return b"\n".join(
        [
            SIGNING_SCHEME,
            method.upper().encode(),
            path.encode(),
            str(timestamp).encode(),
            idempotency_key.encode(),
            hashlib.sha256(body).hexdigest().encode(),
        ]
    )


def seal_key(shared: bytes, ephemeral_public: bytes, purpose: str, context: str) -> bytes:
    """The AES-256 key of a sealed box; ``purpose`` and ``context`` (the card session) are bound into it."""
    info = b"|".join([SEAL_LABEL, purpose.encode(), context.encode(), ephemeral_public])
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal_aad(purpose: str, context: str) -> bytes:
    return SEAL_LABEL + b"|" + purpose.encode() + b"|" + context.encode()


def seal(recipient: X25519PublicKey, plaintext: bytes, *, purpose: str, context: str) -> tuple[bytes, bytes, bytes]:
    """``(ephemeral public key, nonce, ciphertext)``: a box only the holder of ``recipient``'s private key opens."""
    ephemeral = X25519PrivateKey.generate()
    epk = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = seal_key(ephemeral.exchange(recipient), epk, purpose, context)
    nonce = os.urandom(12)
    return epk, nonce, AESGCM(key).encrypt(nonce, plaintext, seal_aad(purpose, context))


def offline_nonce(kiosk_id: str, captured_at: str, random_part: bytes) -> bytes:
    """SHA-256(label | kiosk id | capture time | random): a nonce the service can recompute from its parts."""
    return hashlib.sha256(b"|".join([OFFLINE_LABEL, kiosk_id.encode(), captured_at.encode(), random_part])).digest()


LATE_RENEWAL_LABEL = b"mynakiosk late renewal v1"
LATE_PROOF = "late_proof"  # the renewal body's field that carries the card's signature for a late delivery


def renewal_digest(body: Mapping[str, Any]) -> bytes:
    """SHA-256 of a renewal application as sent, without its ``late_proof``: its JSON with sorted keys, no spaces.
    The kiosk computes it over what it queues, the backend over the body it received."""
    fields = {name: value for name, value in body.items() if name != LATE_PROOF}
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).digest()


def late_renewal_nonce(card_session_id: str, digest: bytes) -> bytes:
    """What the card signs (INTERNAL AUTHENTICATE, its card key) so that the application ``digest`` may arrive after
    its card session expired: SHA-256(label | card session | digest). The card session id exists only once the
    session was opened, so the signature was made after that, with the card in the reader."""
    return hashlib.sha256(b"|".join([LATE_RENEWAL_LABEL, card_session_id.encode(), digest])).digest()


# --- requests ------------------------------------------------------------------------------------------------------

CARD_AP_SESSIONS_PATH = "/v1/card-sessions/card-ap"
CARD_AP_KEY = "card_ap"  # ``CardSession.key`` of a session opened by the card-AP proof (no JPKI key signed)


@dataclass(frozen=True)
class CardApProof:
    """A card proven genuine without JPKI (``POST /v1/card-sessions/card-ap``): the issuer-signed card front
    (券面AP EF 0002, which holds the card's public key) with its intermediate (EF 0004), and the chip's INTERNAL
    AUTHENTICATE signature over the nonce of the backend challenge ``challenge_id``. For a card whose JPKI
    certificates lapsed or were never issued; renewal only. ``auth_certificate`` is the JPKI authentication
    certificate as read without a PIN (None: none on the card), so the service can record the certificates' state;
    ``sign_certificate_on_card``: the signature certificate's file exists (a child's card has none)."""

    challenge_id: str
    juki_record: bytes = field(repr=False)
    kenmen_front: bytes = field(repr=False)
    kenmen_intermediate: bytes = field(repr=False)
    card_signature: bytes = field(repr=False)
    auth_certificate: bytes | None = field(default=None, repr=False)
    sign_certificate_on_card: bool = False

    def body(self) -> dict[str, Any]:
        def b64(raw: bytes) -> str:
            return base64.b64encode(raw).decode("ascii")

        return {
            "challenge_id": self.challenge_id,
            "card_data": {
                "juki_record": b64(self.juki_record),
                "kenmen_front": b64(self.kenmen_front),
                "kenmen_intermediate": b64(self.kenmen_intermediate),
            },
            "card_signature": b64(self.card_signature),
            "auth_certificate": b64(self.auth_certificate) if self.auth_certificate is not None else None,
            "sign_certificate_on_card": self.sign_certificate_on_card,
        }


# --- answers -------------------------------------------------------------------------------------------------------

HEX = {"encoding": "hex"}  # field metadata: bytes that travel as hex (APDUs); other bytes travel as base64


@dataclass(frozen=True)
class Services:
    """What a site offers residents of one municipality (``GET /v1/services``; also inside a card session)."""

    sign_pin_reset: bool
    four_digit_pin_reset: bool
    renewal: bool

    def offers(self, service: str) -> bool:
        """Whether ``service`` (a field name, e.g. ``"renewal"``) is offered; an unknown service is not."""
        return service in {f.name for f in dataclasses.fields(self)} and bool(getattr(self, service))


@dataclass(frozen=True)
class ServiceTime:
    now: dt.datetime  # the service's clock when it answered (GET /v1/time)


@dataclass(frozen=True)
class ServiceKeys:
    evidence_key: bytes  # X25519 public key the kiosk seals face crops and new PINs to


@dataclass(frozen=True)
class Challenge:
    challenge_id: str
    nonce: bytes
    expires_at: dt.datetime


@dataclass(frozen=True)
class CardSession:
    card_session_id: str
    key: str  # "auth" or "sign": which JPKI key the card proved; "card_ap": the card-AP proof (CARD_AP_KEY)
    expires_at: dt.datetime
    services: Services
    liveness_challenge: tuple[str, ...] = ()
    """The liveness steps the service chose for this session, in order (values of ``LIVENESS_STEPS``); the kiosk
    asks exactly these and sends the frames that show them (:class:`ChallengeFrame`). Empty: the kiosk chooses."""


LIVENESS_STEPS = ("blink", "turn_left", "turn_right")
"""The steps a service may ask for; the same values as ``kiosk.face.liveness.Challenge``."""
CHALLENGE_FRAME_PURPOSE = "face-frame"
"""The sealed-box purpose of one witness frame of the liveness challenge."""
MAX_CHALLENGE_FRAMES = 12
MAX_CHALLENGE_FRAME_BYTES = 48 * 1024
MAX_CHALLENGE_SPAN_MS = 60_000


@dataclass(frozen=True)
class ChallengeFrame:
    """One witness frame of the liveness challenge as a kiosk sends it (``FaceEvidence.challenge_frames``): the
    capture time in milliseconds from the first frame, and a small JPEG crop around the face, sealed to the
    service with purpose :data:`CHALLENGE_FRAME_PURPOSE` and the card session as context."""

    t_ms: int
    jpeg: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.t_ms <= MAX_CHALLENGE_SPAN_MS:
            raise ValueError(f"a challenge frame's time must be 0..{MAX_CHALLENGE_SPAN_MS} ms from the first")
        if len(self.jpeg) > MAX_CHALLENGE_FRAME_BYTES:
            raise ValueError(f"a challenge frame is at most {MAX_CHALLENGE_FRAME_BYTES} bytes")


@dataclass(frozen=True)
class ScriptStep:
    """One command of a PIN-reset script: relayed to the card as is; a protected step's answer goes back."""

    step: int
    apdu: bytes = field(metadata=HEX, repr=False)  # holds the new PIN, encrypted under the card's key
    protected: bool


@dataclass(frozen=True)
class PinReset:
    reset_id: str
    target: str
    status: str
    script: tuple[ScriptStep, ...]


@dataclass(frozen=True)
class CardAnswer:
    """The card's full answer (data ‖ SW1 SW2) to a protected script step, sent back to be confirmed."""

    step: int
    response: bytes = field(metadata=HEX, repr=False)


@dataclass(frozen=True)
class PinResetStatus:
    reset_id: str
    target: str
    status: str  # "script_issued", "confirmed", "failed" or "unconfirmed" (no confirmation came in time)
    card_answer: str | None = field(repr=False)
    confirmed_at: dt.datetime | None


@dataclass(frozen=True)
class KioskEventRecorded:
    """The backend's receipt for a security event the kiosk reported (``POST /v1/kiosk-events``)."""

    type: str
    reset_id: str | None
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Renewal:
    application_number: str
    status: str
    channel: str
    collection_method: str
    identity_check_at_collection: bool
    reservation_slot: dt.datetime | None  # None: post, or no slot held (the office contacts the resident)
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class PickupSlot:
    """A counter pick-up slot with a place free when asked (``GET /v1/pickup-slots``)."""

    office_id: str
    office_name: str
    starts_at: dt.datetime
    free: int


@dataclass(frozen=True)
class PickupSlots:
    slots: tuple[PickupSlot, ...]


@dataclass(frozen=True)
class StaffLogin:
    token: str = field(repr=False)
    role: str
    municipality_code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class CountRow:
    site_id: str
    channel: str
    event: str
    count: int


@dataclass(frozen=True)
class Counts:
    first_day: dt.date
    last_day: dt.date
    rows: tuple[CountRow, ...]


class WireError(ValueError):
    """An answer is not in the documented form; the message names the field, never its value."""


T = TypeVar("T")


def parse(cls: type[T], document: object) -> T:
    """``document`` (decoded JSON) as ``cls``, one of the answer dataclasses above; fields it does not know are
    ignored (the service may add some), a missing or mistyped field raises :class:`WireError`."""
    return _value(cls, document, cls.__name__, {})  # type: ignore[no-any-return]


def _value(kind: Any, value: object, where: str, metadata: Any) -> Any:
    origin, args = get_origin(kind), get_args(kind)
    if origin is types.UnionType or origin is Union:
        if value is None and type(None) in args:
            return None
        (inner,) = (a for a in args if a is not type(None))
        return _value(inner, value, where, metadata)
    if origin is tuple:
        if not isinstance(value, list):
            raise WireError(f"{where}: expected a list")
        return tuple(_value(args[0], item, f"{where}[{i}]", {}) for i, item in enumerate(value))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise WireError(f"{where}: expected an object")
        hints = get_type_hints(kind)
        values = {}
        for f in dataclasses.fields(kind):
            if f.name not in value:
                raise WireError(f"{where}.{f.name}: missing")
            values[f.name] = _value(hints[f.name], value[f.name], f"{where}.{f.name}", f.metadata)
        return kind(**values)
    return _scalar(kind, value, where, metadata)


def _scalar(kind: Any, value: object, where: str, metadata: Any) -> Any:
    if kind is bool or kind is str:
        if not isinstance(value, kind):
            raise WireError(f"{where}: expected {kind.__name__}")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise WireError(f"{where}: expected an integer")
        return value
    if not isinstance(value, str):
        raise WireError(f"{where}: expected a string")
    try:
        if kind is bytes:
            if metadata.get("encoding") == "hex":
                return bytes.fromhex(value)
            return base64.b64decode(value, validate=True)
        if kind is dt.datetime:
            return dt.datetime.fromisoformat(value)
        if kind is dt.date:
            return dt.date.fromisoformat(value)
    except (ValueError, binascii.Error):
        raise WireError(f"{where}: not a valid {kind.__name__}") from None
    raise TypeError(f"{where}: no wire form for {kind!r}")  # a programming error in the dataclasses above
