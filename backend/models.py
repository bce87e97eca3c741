"""SQLAlchemy models: what the service keeps. The schema itself is owned by the Alembic migrations.

Personal data kept: the photo registered at issuance (card registry, standing in for the issuer's records) and
what a renewal application needs (new photo, contact). Photos are stored sealed (``backend.photo_vault``). No PINs,
no My Number, no names; face crops are matched in memory and dropped, only their scores are kept.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    false,
)
from sqlalchemy import Enum as SaEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from backend.domain import (
    CardStatus,
    Channel,
    CollectionMethod,
    CustodyState,
    IdentityDocument,
    JpkiKey,
    KioskStatus,
    PinResetStatus,
    PinTarget,
    RenewalStatus,
    Representation,
    Role,
    SiteKind,
)


def _enum(kind: type[StrEnum]) -> SaEnum:
    return SaEnum(kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps (SQLite: naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


UTC_TS = UtcDateTime()


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"
    site_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[SiteKind] = mapped_column(_enum(SiteKind))
    municipality_code: Mapped[str] = mapped_column(String(6))
    """The municipality the site is in (全国地方公共団体コード, 6 digits)."""
    name: Mapped[str] = mapped_column(String(200))


class Kiosk(Base):
    __tablename__ = "kiosks"
    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.site_id"))
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    public_key_sha256: Mapped[str] = mapped_column(String(64))
    """Hex SHA-256 of the certificate's public key (SPKI): one key names one kiosk, and under mutual TLS the
    connection's client certificate must hold it (``backend.request_signing.key_fingerprint``)."""
    status: Mapped[KioskStatus] = mapped_column(_enum(KioskStatus))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    __table_args__ = (UniqueConstraint("public_key_sha256", name="uq_kiosks_public_key_sha256"),)


class ServicePolicy(Base):
    """Enabled services for residents of ``municipality_code`` at ``site_id`` (rows override the defaults)."""

    __tablename__ = "service_policies"
    municipality_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.site_id"), primary_key=True)
    sign_pin_reset: Mapped[bool] = mapped_column(Boolean)
    four_digit_pin_reset: Mapped[bool] = mapped_column(Boolean)
    renewal: Mapped[bool] = mapped_column(Boolean)
    delegated: Mapped[bool] = mapped_column(Boolean)
    """For post-office sites: the municipality delegated card work to this office."""
    cross_municipality_verification: Mapped[bool] = mapped_column(Boolean)
    """Officials of another municipality may verify identity here (listed exceptions only; L6)."""
    card_ap_renewal: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Renewal applications may open their card session with the card-AP proof (no JPKI certificate needed)."""


class StaffAccount(Base):
    __tablename__ = "staff_accounts"
    staff_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    municipality_code: Mapped[str] = mapped_column(String(6))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean)


class StaffLoginFailures(Base):
    """Consecutive wrong passwords for one account *at one kiosk*: the lock holds there only, so one kiosk (a
    stolen kiosk key, a prankster at a pop-up) cannot lock a staff member out everywhere."""

    __tablename__ = "staff_login_failures"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTC_TS)


class StaffSession(Base):
    __tablename__ = "staff_sessions"
    token_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    expires_at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class OfficeSession(Base):
    """A browser session of the back office (``/office/``): the cookie's token is kept only as its SHA-256, with the
    CSRF token every form of the session must carry."""

    __tablename__ = "office_sessions"
    token_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    expires_at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class OfficeLoginFailures(Base):
    """Consecutive wrong passwords for one account at the back office (its own count: a kiosk's wrong passwords do
    not lock the office, nor the other way round)."""

    __tablename__ = "office_login_failures"
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTC_TS)


class CardHolder(Base):
    """What the resident register knows of a card's holder (基本4情報 and 旧氏), for the office's review; stands in
    for the municipality's records like ``Card``. Sealed (``backend.photo_vault``, owner ``holder:<serial>``)."""

    __tablename__ = "card_holders"
    serial: Mapped[str] = mapped_column(ForeignKey("cards.serial"), primary_key=True)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class Card(Base):
    """The card registry: stands in for the issuer's records of a card."""

    __tablename__ = "cards"
    serial: Mapped[str] = mapped_column(String(13), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    status: Mapped[CardStatus] = mapped_column(_enum(CardStatus))
    auth_cert_serial: Mapped[str] = mapped_column(String(64), unique=True)
    sign_cert_serial: Mapped[str | None] = mapped_column(String(64), unique=True)
    photo: Mapped[bytes] = mapped_column(LargeBinary)
    """The face photo registered at issuance (as in 券面AP), for re-matching live faces; sealed
    (``backend.photo_vault``, owner ``card:<serial>``)."""
    card_key_sha256: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the card key (SubjectPublicKeyInfo DER) the issuer put in the card front: what binds a card-AP
    proof to this serial. None for cards registered before it was recorded (no card-AP proof for them)."""
    management_key_id: Mapped[str] = mapped_column(String(32))
    management_counter: Mapped[int] = mapped_column(BigInteger)
    """The last counter value used in a command script for this card; the card refuses anything ≤ its own."""
    registered_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    issued_on: Mapped[dt.date | None] = mapped_column(default=None)
    """The day the card was issued (its JPKI certificates' first day, JST); None for cards registered before it was
    recorded. This and the three below feed the renewal forecast (``backend.reports``)."""
    card_expires_on: Mapped[dt.date | None] = mapped_column(default=None)
    """The card's last valid day, as its issuer-signed front states it."""
    certificates_expire_on: Mapped[dt.date | None] = mapped_column(default=None)
    """The JPKI certificates' last valid day: the 5th birthday after issue, never after the card."""
    minor_card: Mapped[bool | None] = mapped_column(default=None)
    """Issued to a minor (a 5-birthday card)."""


class Challenge(Base):
    __tablename__ = "challenges"
    challenge_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    nonce: Mapped[bytes] = mapped_column(LargeBinary(32))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    expires_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    used: Mapped[bool] = mapped_column(Boolean)
    issued_at: Mapped[dt.datetime | None] = mapped_column(UTC_TS, nullable=True, default=None)
    """When the service issued it (its clock); a challenge is taken only within ``challenge_ttl_s`` after this, in
    both directions, so a clock stepped back cannot stretch it (rows from before revision 0012 have none: refused)."""


class CardSession(Base):
    __tablename__ = "card_sessions"
    card_session_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    card_serial: Mapped[str] = mapped_column(ForeignKey("cards.serial"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    key: Mapped[JpkiKey] = mapped_column(_enum(JpkiKey))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    expires_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    card_key: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, default=None)
    """The chip's card key (DER SubjectPublicKeyInfo) a card-AP session was proven with: it verifies the card's
    signature over a renewal delivered after the session expired (``backend.late_delivery``)."""
    offline_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.staff_id"), default=None)
    """Set when the session came from an offline capture: the staff member who ran the desk (no PIN reset)."""
    face_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Face evidence refused in this session (mismatch, failed liveness, unreadable crop); capped by
    ``Limits.face_failures_per_card_session``."""
    liveness_challenge: Mapped[str | None] = mapped_column(String(64), default=None)
    """The liveness steps this service chose for the session, comma-separated in order (``backend.liveness``); the
    face evidence must show them. None for sessions opened before the column."""
    __table_args__ = (Index("ix_card_sessions_card_created", "card_serial", "created_at"),)


class PinReset(Base):
    __tablename__ = "pin_resets"
    reset_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    card_session_id: Mapped[str] = mapped_column(ForeignKey("card_sessions.card_session_id"))
    card_serial: Mapped[str] = mapped_column(ForeignKey("cards.serial"))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    target: Mapped[PinTarget] = mapped_column(_enum(PinTarget))
    status: Mapped[PinResetStatus] = mapped_column(_enum(PinResetStatus))
    first_counter: Mapped[int] = mapped_column(BigInteger)
    last_counter: Mapped[int] = mapped_column(BigInteger)
    face_score: Mapped[float | None] = mapped_column(Float)
    liveness_score: Mapped[float] = mapped_column(Float)
    card_answer: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTC_TS)
    __table_args__ = (
        Index("ix_pin_resets_card_created", "card_serial", "created_at"),
        Index("ix_pin_resets_kiosk_created", "kiosk_id", "created_at"),
    )


class Renewal(Base):
    __tablename__ = "renewals"
    application_number: Mapped[str] = mapped_column(String(20), primary_key=True)
    card_session_id: Mapped[str | None] = mapped_column(String(36))
    """The card session that submitted it: one application per session (the unique index holds under races).
    ``None`` for applications older than the column."""
    card_serial: Mapped[str] = mapped_column(ForeignKey("cards.serial"))
    municipality_code: Mapped[str] = mapped_column(String(6))
    kiosk_id: Mapped[str] = mapped_column(ForeignKey("kiosks.kiosk_id"))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.site_id"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    collection_method: Mapped[CollectionMethod] = mapped_column(_enum(CollectionMethod))
    identity_check_at_collection: Mapped[bool] = mapped_column(Boolean)
    verified_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    verifier_municipality: Mapped[str | None] = mapped_column(String(6))
    reservation_slot: Mapped[dt.datetime | None] = mapped_column(UTC_TS)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    pickup_office_id: Mapped[str | None] = mapped_column(String(64), default=None)
    """The issuing office whose calendar ``reservation_slot`` was booked in (``pickup_bookings``); None when no
    place was booked (post, the office contacts the resident, or a slot from before calendars existed)."""
    former_surname: Mapped[str | None] = mapped_column(String(64))
    """旧氏 as the card carries it (text AP, issuer-signed), to be carried onto the new card."""
    photo: Mapped[bytes] = mapped_column(LargeBinary)
    photo_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[RenewalStatus] = mapped_column(_enum(RenewalStatus))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    updated_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    __table_args__ = (
        Index("ix_renewals_site_created", "site_id", "created_at"),
        Index("ix_renewals_status_created", "status", "created_at"),
        UniqueConstraint("card_session_id", name="uq_renewals_card_session"),
    )


class RenewalEvent(Base):
    """Every status change, timestamped with who made it (B1)."""

    __tablename__ = "renewal_events"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_number: Mapped[str] = mapped_column(ForeignKey("renewals.application_number"))
    from_status: Mapped[RenewalStatus | None] = mapped_column(_enum(RenewalStatus))
    to_status: Mapped[RenewalStatus] = mapped_column(_enum(RenewalStatus))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    reason: Mapped[str | None] = mapped_column(String(200))
    """Why: free text from the staff API, or the office's reason codes (comma-separated, ``backend.office``)."""
    note: Mapped[str | None] = mapped_column(String(500), default=None)
    """The office's free note with an incomplete (不備) mark or a cancellation; personal data may be in it, so it
    never goes to the audit log or a report."""
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    __table_args__ = (Index("ix_renewal_events_app", "application_number"),)


class RenewalAttestation(Base):
    """A pop-up (出張申請受付) application's identity check, as the official records it at the office: which
    document was checked and that the face was compared with it. One per application; required before approval
    when identity was verified at application (``backend.identity_records``)."""

    __tablename__ = "renewal_attestations"
    application_number: Mapped[str] = mapped_column(ForeignKey("renewals.application_number"), primary_key=True)
    document: Mapped[IdentityDocument] = mapped_column(_enum(IdentityDocument))
    face_compared: Mapped[bool] = mapped_column(Boolean)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class LegalRepresentative(Base):
    """The legal representative (法定代理人) of a minor's application, as an official checked them. The name is
    personal data: sealed (``backend.photo_vault``, owner ``representative:<application number>``)."""

    __tablename__ = "legal_representatives"
    application_number: Mapped[str] = mapped_column(ForeignKey("renewals.application_number"), primary_key=True)
    sealed_name: Mapped[bytes] = mapped_column(LargeBinary)
    relationship: Mapped[Representation] = mapped_column(_enum(Representation))
    document: Mapped[IdentityDocument] = mapped_column(_enum(IdentityDocument))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class PickupOffice(Base):
    """An issuing office where residents collect their cards, with its booking rules (``backend.slots``)."""

    __tablename__ = "pickup_offices"
    office_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(200))
    slot_minutes: Mapped[int] = mapped_column(Integer)
    capacity: Mapped[int] = mapped_column(Integer)
    """Residents served per slot (counters open at once)."""
    lead_days: Mapped[int] = mapped_column(Integer)
    """The first bookable day is this many days ahead (the card takes weeks to be made)."""
    __table_args__ = (Index("ix_pickup_offices_municipality", "municipality_code"),)


class PickupHours(Base):
    """An office's opening hours on one weekday (0 = Monday), in minutes after midnight JST; no row: closed."""

    __tablename__ = "pickup_hours"
    office_id: Mapped[str] = mapped_column(ForeignKey("pickup_offices.office_id"), primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    opens_min: Mapped[int] = mapped_column(Integer)
    closes_min: Mapped[int] = mapped_column(Integer)


class PickupHoliday(Base):
    """A day an office is closed although its weekday is open."""

    __tablename__ = "pickup_holidays"
    office_id: Mapped[str] = mapped_column(ForeignKey("pickup_offices.office_id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)


class PickupBooking(Base):
    """Places booked in one slot; a booking takes a place only while ``booked < capacity`` (one guarded UPDATE)."""

    __tablename__ = "pickup_bookings"
    office_id: Mapped[str] = mapped_column(ForeignKey("pickup_offices.office_id"), primary_key=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UTC_TS, primary_key=True)
    booked: Mapped[int] = mapped_column(Integer)


class DailyCount(Base):
    """Cumulative counters by day × site × channel × event (B4, B8), folded from ``count_events``.

    Reports read these few rows (and the few events not folded yet) instead of scanning applications, so they cost
    nothing on the live path.
    """

    __tablename__ = "daily_counts"
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(32), primary_key=True)
    event: Mapped[str] = mapped_column(String(48), primary_key=True)
    """``renewal:<status>`` when an application enters a status, ``pin_reset:<status>``, …"""
    count: Mapped[int] = mapped_column(BigInteger)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"
    principal: Mapped[str] = mapped_column(String(80), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_sha256: Mapped[bytes] = mapped_column(LargeBinary(32))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class RequestReplay(Base):
    """A signed POST already accepted, remembered for the signature's validity window so it cannot be replayed."""

    __tablename__ = "request_replays"

    kiosk_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_sha256: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    """SHA-256 of the signed bytes (not of the signature: ECDSA signatures are malleable)."""
    expires_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    __table_args__ = (Index("ix_request_replays_expires", "expires_at"),)


class AuditEntry(Base):
    """Append-only, hash-chained: ``entry_hash = SHA-256(prev_hash ‖ canonical(entry))``."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(80))
    details: Mapped[dict[str, object]] = mapped_column(JSON)
    prev_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class CountEvent(Base):
    """One counted event not yet added to ``daily_counts``; ``backend.counts.fold`` moves them there. Kept apart so
    a request only inserts and never waits for a counter row's lock."""

    __tablename__ = "count_events"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = mapped_column()
    site_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(48))


class AuditPending(Base):
    """Entries committed with their transactions and not yet chained; ``backend.audit.seal`` moves them into
    ``audit_log`` in id order. Kept apart so a request never waits for the chain's lock."""

    __tablename__ = "audit_pending"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(80))
    details: Mapped[dict[str, object]] = mapped_column(JSON)


class AuditHead(Base):
    """One row holding the chain's tip; locking it serialises appends across processes."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    entry_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class JlisBatch(Base):
    """A batch of approved applications sent to J-LIS (``backend.jlis``): who made it and when; its content is
    rebuilt from the applications it holds (the signature is deterministic, Ed25519)."""

    __tablename__ = "jlis_batches"
    batch_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    municipality_code: Mapped[str] = mapped_column(String(6))
    created_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    created_by: Mapped[str] = mapped_column(String(80))
    """``staff:<id>`` (the office) or ``admin:cli``."""
    applications: Mapped[int] = mapped_column(Integer)


class JlisApplication(Base):
    """An application as J-LIS knows it: the batch it went in, its state ①–⑩, the delivery its card came in."""

    __tablename__ = "jlis_applications"
    application_number: Mapped[str] = mapped_column(ForeignKey("renewals.application_number"), primary_key=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("jlis_batches.batch_id"))
    state: Mapped[int] = mapped_column(Integer)
    """``backend.domain.JlisState``."""
    delivery_id: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    __table_args__ = (
        Index("ix_jlis_applications_batch", "batch_id"),
        Index("ix_jlis_applications_delivery", "delivery_id"),
    )


class JlisUpdate(Base):
    """A status update of a J-LIS feed already applied (or refused): importing a feed again changes nothing."""

    __tablename__ = "jlis_updates"
    update_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    feed_id: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(16))
    applied_at: Mapped[dt.datetime] = mapped_column(UTC_TS)


class CardCustody(Base):
    """A produced card in the municipality's custody (B9), from the delivery to hand-over, return or destruction."""

    __tablename__ = "card_custody"
    application_number: Mapped[str] = mapped_column(ForeignKey("renewals.application_number"), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(String(40))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.site_id"))
    """The issuing office that holds the card."""
    state: Mapped[CustodyState] = mapped_column(_enum(CustodyState))
    location: Mapped[str | None] = mapped_column(String(64))
    """Where in the office it is kept (safe, shelf); no personal data."""
    received_at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    stored_at: Mapped[dt.datetime | None] = mapped_column(UTC_TS)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTC_TS)
    identity_document: Mapped[IdentityDocument | None] = mapped_column(_enum(IdentityDocument))
    face_compared: Mapped[bool | None] = mapped_column(Boolean)
    closed_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    __table_args__ = (Index("ix_card_custody_site_state", "site_id", "state"),)


class InventoryCount(Base):
    """One stocktake at an office (棚卸し): the cards the ledger expects there against the cards counted."""

    __tablename__ = "inventory_counts"
    count_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.site_id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_accounts.staff_id"))
    at: Mapped[dt.datetime] = mapped_column(UTC_TS)
    expected: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer)
    missing: Mapped[list[str]] = mapped_column(JSON)
    """Application numbers the ledger holds at the office and the count did not find."""
    unexpected: Mapped[list[str]] = mapped_column(JSON)
    """Application numbers counted that the ledger does not hold at the office."""
    __table_args__ = (Index("ix_inventory_counts_site_at", "site_id", "at"),)


def table(model: type[Base]) -> Table:
    """The Core table behind a mapped class, for statements built once at import on the hot paths.

    A statement built per call (``select(Model.column)…``) costs more CPU to construct and key for the compiled
    cache than the database needs to answer it; a prebuilt statement with ``bindparam`` placeholders, executed on
    ``session.connection()``, skips both and the ORM layer too.
    """
    t = model.__table__
    assert isinstance(t, Table)
    return t
