"""Pydantic models for every request and response body: the wire contract (``backend/openapi.json``).

Binary fields travel as standard base64 (``contentEncoding: base64``) or, for APDUs, upper-case hex; every one has
a hard size limit checked before decoding. Unknown fields are refused (``extra="forbid"``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema, model_validator

from backend.domain import (
    Channel,
    CollectionMethod,
    JpkiKey,
    LivenessStep,
    PinResetStatus,
    PinTarget,
    RenewalStatus,
    Role,
)
from kiosk.wire import MAX_CHALLENGE_FRAME_BYTES, MAX_CHALLENGE_FRAMES, MAX_CHALLENGE_SPAN_MS, MUNICIPALITY_CODE_PATTERN


def _b64_decoder(max_bytes: int) -> Any:
    max_chars = 4 * ((max_bytes + 2) // 3)

    def decode(value: object) -> bytes:
        if isinstance(value, bytes):
            return value
        if not isinstance(value, str):
            raise ValueError("must be a base64 string")
        if len(value) > max_chars:
            raise ValueError(f"longer than {max_bytes} bytes once decoded")
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ValueError("not valid base64") from exc

    return decode


def _b64_schema(max_bytes: int) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "contentEncoding": "base64", "maxLength": 4 * ((max_bytes + 2) // 3)})


_B64_OUT = PlainSerializer(lambda b: base64.b64encode(b).decode(), return_type=str)
B64_32 = Annotated[bytes, BeforeValidator(_b64_decoder(32)), _B64_OUT, _b64_schema(32)]
B64_12 = Annotated[bytes, BeforeValidator(_b64_decoder(12)), _B64_OUT, _b64_schema(12)]
B64_64 = Annotated[bytes, BeforeValidator(_b64_decoder(64)), _B64_OUT, _b64_schema(64)]
B64_512 = Annotated[bytes, BeforeValidator(_b64_decoder(512)), _B64_OUT, _b64_schema(512)]
B64_2048 = Annotated[bytes, BeforeValidator(_b64_decoder(2048)), _B64_OUT, _b64_schema(2048)]
B64_4096 = Annotated[bytes, BeforeValidator(_b64_decoder(4096)), _B64_OUT, _b64_schema(4096)]
B64_32768 = Annotated[bytes, BeforeValidator(_b64_decoder(32768)), _B64_OUT, _b64_schema(32768)]
B64_1M = Annotated[bytes, BeforeValidator(_b64_decoder(1024 * 1024)), _B64_OUT, _b64_schema(1024 * 1024)]
B64_FRAME_BOX = Annotated[
    bytes,
    BeforeValidator(_b64_decoder(MAX_CHALLENGE_FRAME_BYTES + 16)),
    _B64_OUT,
    _b64_schema(MAX_CHALLENGE_FRAME_BYTES + 16),
]
B64_1M_BOX = Annotated[bytes, BeforeValidator(_b64_decoder(1024 * 1024 + 16)), _B64_OUT, _b64_schema(1024 * 1024 + 16)]


def _hex_decode(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if not isinstance(value, str) or len(value) > 1024:
        raise ValueError("must be a hex string of at most 512 bytes")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise ValueError("not valid hex") from exc


Hex = Annotated[
    bytes,
    BeforeValidator(_hex_decode),
    PlainSerializer(lambda b: b.hex().upper(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^([0-9A-Fa-f]{2})*$", "maxLength": 1024}),
]

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, Field(pattern=UUID_PATTERN)]
Municipality = Annotated[str, Field(pattern=MUNICIPALITY_CODE_PATTERN, description="全国地方公共団体コード (6 digits)")]
ApplicationNumber = Annotated[str, Field(pattern=r"^A[0-9]{12}$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Problem(Model):
    """RFC 9457 problem details; ``detail`` is for a technician, never shown to residents as is."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None


class Health(Model):
    status: Literal["ok"]
    database: Literal["ok"]
    schema_revision: str | None


class ChallengeOut(Model):
    challenge_id: Uuid
    nonce: B64_32
    expires_at: dt.datetime


class Services(Model):
    sign_pin_reset: bool
    four_digit_pin_reset: bool
    renewal: bool


class CardData(Model):
    """Application data read from the card, exactly as the card returned it."""

    juki_record: B64_64 = Field(description="住基AP record 1 of SFI 1 (holds the card serial)")
    kenmen_front: B64_32768 | None = Field(None, description="券面AP EF 0002 (signed; holds the photo)")
    kenmen_intermediate: B64_2048 | None = Field(None, description="券面AP EF 0004 (signs the front)")


class CardSessionIn(Model):
    challenge_id: Uuid
    key: JpkiKey = Field(description="auth: signed after the 4-digit PIN; sign: after the signature PIN")
    certificate: B64_4096 = Field(description="DER certificate of the key that signed")
    chain: Annotated[list[B64_4096], Field(max_length=4)] = Field(
        default_factory=list, description="DER CA certificates from the card (EF 000B / 0002)"
    )
    signature: B64_512 = Field(description="PKCS#1 v1.5 over DigestInfo(SHA-256(nonce))")
    card_data: CardData


class CardApData(Model):
    juki_record: B64_64 = Field(description="住基AP record 1 of SFI 1 (holds the card serial)")
    kenmen_front: B64_32768 = Field(description="券面AP EF 0002 (signed by the issuer; holds the photo and card key)")
    kenmen_intermediate: B64_2048 = Field(description="券面AP EF 0004 (the issuer intermediate that signs the front)")


class CardApSessionIn(Model):
    """The card-AP proof (``kiosk.wire.CardApProof``): for renewals of cards whose JPKI certificates lapsed or were
    never issued. The chip's card key (in the issuer-signed front) signs the challenge's nonce."""

    challenge_id: Uuid
    card_data: CardApData
    card_signature: B64_512 = Field(description="INTERNAL AUTHENTICATE: PKCS#1 v1.5 over DigestInfo(SHA-256(nonce))")
    auth_certificate: B64_4096 | None = Field(
        None, description="the JPKI authentication certificate as read without a PIN (for the audit record)"
    )
    sign_certificate_on_card: bool = Field(False, description="the signature certificate's file exists on the card")


class OfflineCardSessionIn(Model):
    """A card authentication captured at a staffed pop-up while the service was unreachable.

    The kiosk made the nonce itself: SHA-256("mynakiosk-offline-v1" | kiosk id | captured_at | random), with ``|``
    between the parts and ``captured_at`` exactly as sent. Each ``random`` is accepted once, within 72 hours.
    """

    captured_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$")]
    random: B64_32
    key: JpkiKey
    certificate: B64_4096
    chain: Annotated[list[B64_4096], Field(max_length=4)] = Field(default_factory=list)
    signature: B64_512
    card_data: CardData


class CardSessionOut(Model):
    card_session_id: Uuid
    key: JpkiKey
    expires_at: dt.datetime
    services: Services
    liveness_challenge: list[LivenessStep] = Field(
        description="the liveness steps, in order, the kiosk must ask for and send as challenge_frames at a PIN"
        " reset (empty for an offline capture)"
    )


class SealedBox(Model):
    """X25519 + HKDF-SHA256 + AES-256-GCM to the service's evidence key (see ``GET /v1/service-keys``)."""

    ephemeral_public: B64_32
    nonce: B64_12
    ciphertext: B64_1M_BOX


class SealedFrameBox(Model):
    """A sealed box (as ``SealedBox``) holding one small witness frame."""

    ephemeral_public: B64_32
    nonce: B64_12
    ciphertext: B64_FRAME_BOX


class ChallengeFrame(Model):
    t_ms: Annotated[int, Field(ge=0, le=MAX_CHALLENGE_SPAN_MS)] = Field(
        description="capture time in milliseconds from the first frame"
    )
    crop: SealedFrameBox = Field(description="a JPEG crop around the face, sealed with purpose 'face-frame'")


class FaceEvidence(Model):
    crop: SealedBox = Field(description="the live face crop (JPEG or PNG), sealed with purpose 'face'")
    liveness_passed: bool
    liveness_score: Annotated[float, Field(ge=0.0, le=1.0)]
    challenge_frames: Annotated[list[ChallengeFrame], Field(max_length=MAX_CHALLENGE_FRAMES)] = Field(
        default_factory=list,
        description="the frames that show the card session's liveness_challenge answered, in capture order",
    )


class PinResetIn(Model):
    card_session_id: Uuid
    target: PinTarget
    new_pin: SealedBox = Field(description="the new PIN (ASCII), sealed with purpose 'pin'")
    face: FaceEvidence


class ScriptStep(Model):
    step: int
    apdu: Hex
    protected: bool = Field(description="the card's answer to this step must be sent to /confirm")


class PinResetOut(Model):
    reset_id: Uuid
    target: PinTarget
    status: PinResetStatus
    script: list[ScriptStep]


class CardAnswer(Model):
    step: Annotated[int, Field(ge=0, le=16)]
    response: Hex = Field(description="the card's full answer: data ‖ SW1 SW2")


class PinResetConfirmIn(Model):
    answers: Annotated[list[CardAnswer], Field(max_length=16)] = []
    lost: Annotated[
        list[Annotated[int, Field(ge=0, le=16)]],
        Field(
            max_length=16,
            description="protected steps sent to the card whose answer never came back whole (torn): the card may "
            "have applied them, so the reset is recorded unconfirmed, not failed",
        ),
    ] = []

    @model_validator(mode="after")
    def _says_something(self) -> PinResetConfirmIn:
        if not self.answers and not self.lost:
            raise ValueError("give the card's answers, or the steps whose answer was lost")
        return self


class RelayedCommand(Model):
    """A command the kiosk refused to carry to a card: its class and instruction bytes only (never P1/P2 or data)."""

    cla: Annotated[int, Field(ge=0, le=255)]
    ins: Annotated[int, Field(ge=0, le=255)]


class KioskEventIn(Model):
    """A security event a kiosk observed, recorded in the audit chain. It never holds personal data."""

    type: Literal["relay_refused"] = Field(
        description="relay_refused: a PIN-reset script held a command the kiosk's relay allow-list refused; it was "
        "not sent to the card"
    )
    occurred_at: dt.datetime = Field(description="when the kiosk saw it, by the kiosk's clock")
    reset_id: str | None = Field(None, pattern=UUID_PATTERN, description="the PIN reset whose script held the command")
    command: RelayedCommand


class KioskEventOut(Model):
    type: Literal["relay_refused"]
    reset_id: str | None = Field(pattern=UUID_PATTERN)
    recorded_at: dt.datetime


class PinResetStatusOut(Model):
    reset_id: Uuid
    target: PinTarget
    status: PinResetStatus
    card_answer: str | None
    confirmed_at: dt.datetime | None


class Contact(Model):
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]{1,189}$")] | None = None
    phone: Annotated[str, Field(pattern=r"^\+?[0-9\-]{6,20}$")] | None = None


class LateProof(Model):
    card_signature: B64_512 = Field(
        description="the card key's signature (INTERNAL AUTHENTICATE, made during the card session) over "
        "SHA-256('mynakiosk late renewal v1' | card_session_id | SHA-256 of this body without late_proof, "
        "as JSON with sorted keys and no spaces)"
    )


class RenewalIn(Model):
    card_session_id: Uuid
    photo: B64_1M = Field(description="the new card photo, JPEG, portrait, at least 300×400")
    collection_method: CollectionMethod
    channel: Channel = Channel.KIOSK
    reservation_slot: dt.datetime | None = Field(
        None,
        description="counter pick-up slot (timezone required), one of GET /v1/pickup-slots; none: the office "
        "contacts the resident to book one (an application queued offline)",
    )
    pickup_office_id: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description="the office of reservation_slot, as GET /v1/pickup-slots named it"
    )
    contact: Contact = Field(default_factory=Contact)
    former_surname: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description="旧氏 where the card carries one (text AP), carried onto the new card"
    )
    late_proof: LateProof | None = Field(
        None,
        description="lets the application arrive after its card-AP session expired, up to the service's "
        "late-delivery limit (a kiosk's queue sent when the network is back)",
    )


class RenewalOut(Model):
    application_number: ApplicationNumber
    status: RenewalStatus
    channel: Channel
    collection_method: CollectionMethod
    identity_check_at_collection: bool
    reservation_slot: dt.datetime | None = Field(
        description="the pick-up slot booked; none for post, or when the chosen slot was taken meanwhile or none "
        "was chosen (the office contacts the resident to book one)"
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class StaffLoginIn(Model):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class StaffLoginOut(Model):
    token: str
    role: Role
    municipality_code: Municipality
    expires_at: dt.datetime


class TransitionIn(Model):
    to: RenewalStatus
    reason: Annotated[str, Field(max_length=200)] | None = None


class StaffRenewal(Model):
    application_number: ApplicationNumber
    status: RenewalStatus
    channel: Channel
    collection_method: CollectionMethod
    site_id: str
    created_at: dt.datetime


class StaffRenewalList(Model):
    day: dt.date
    applications: list[StaffRenewal]


class CountRow(Model):
    site_id: str
    channel: str
    event: str
    count: int


class Counts(Model):
    first_day: dt.date
    last_day: dt.date
    rows: list[CountRow]


class PickupSlot(Model):
    office_id: str
    office_name: str
    starts_at: dt.datetime
    free: int = Field(description="places still free when asked (booking takes one only if one is left)")


class PickupSlots(Model):
    slots: list[PickupSlot]


class ServiceTime(Model):
    now: dt.datetime = Field(description="The service's clock (UTC) when it answered")


class ServiceKeys(Model):
    evidence_key: B64_32 = Field(description="X25519 public key kiosks seal face crops and new PINs to")
