"""Administrative writes used by the CLI and by test fixtures: sites, kiosks, staff, policy, the card registry.

Each runs in the caller's transaction and leaves an audit entry.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend import audit
from backend.clock import Clock
from backend.domain import CardStatus, KioskStatus, Role, SiteKind
from backend.models import (
    Card,
    Kiosk,
    OfficeLoginFailures,
    OfficeSession,
    Renewal,
    ServicePolicy,
    Site,
    StaffAccount,
    StaffLoginFailures,
    StaffSession,
)
from backend.photo_vault import MAGIC, application_owner, card_owner, seal_photo
from backend.policy import DEFAULT
from backend.request_signing import key_fingerprint
from backend.settings import KeyMaterial
from backend.staff_auth import hash_password

ADMIN = "admin:cli"


class AdminError(Exception):
    """An administrative write was refused; the message says what to fix."""


def add_site(session: Session, clock: Clock, site_id: str, kind: SiteKind, municipality: str, name: str) -> Site:
    site = Site(site_id=site_id, kind=kind, municipality_code=municipality, name=name)
    session.merge(site)
    audit.append(session, clock, actor=ADMIN, action="site.saved", subject=site_id, details={"kind": kind.value})
    return site


def add_kiosk(
    session: Session,
    clock: Clock,
    kiosk_id: str,
    site_id: str,
    certificate: x509.Certificate,
    kiosk_ca: tuple[x509.Certificate, ...],
) -> None:
    """Register (or replace) a kiosk's client certificate. It must hold an EC key, be issued by one of the kiosk
    CAs ``kiosk_ca`` (at least one), and its key must name no other kiosk."""
    if session.get(Site, site_id) is None:
        raise AdminError(f"no site {site_id!r}; add it first (mynakiosk backend add-site)")
    if not isinstance(certificate.public_key(), ec.EllipticCurvePublicKey):
        raise AdminError("kiosk certificates must hold an EC (P-256) key")
    if not kiosk_ca:
        raise AdminError("no kiosk CA configured: give the key directory holding kiosk-ca.pem")
    if not any(_issued_by(certificate, ca) for ca in kiosk_ca):
        raise AdminError("kiosk certificate is not issued by the configured kiosk CA")
    fingerprint = key_fingerprint(certificate)
    holder = session.execute(
        select(Kiosk.kiosk_id).where(Kiosk.public_key_sha256 == fingerprint, Kiosk.kiosk_id != kiosk_id)
    ).scalar_one_or_none()
    if holder is not None:
        raise AdminError(f"this certificate's key is already registered for kiosk {holder!r}; each kiosk needs its own")
    session.merge(
        Kiosk(
            kiosk_id=kiosk_id,
            site_id=site_id,
            certificate_der=certificate.public_bytes(Encoding.DER),
            public_key_sha256=fingerprint,
            status=KioskStatus.ACTIVE,
            created_at=clock.now(),
        )
    )
    audit.append(
        session,
        clock,
        actor=ADMIN,
        action="kiosk.registered",
        subject=kiosk_id,
        details={"site": site_id, "public_key_sha256": fingerprint},
    )


def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _account(session: Session, username: str) -> StaffAccount:
    account = session.execute(select(StaffAccount).where(StaffAccount.username == username)).scalar_one_or_none()
    if account is None:
        raise AdminError(f"no staff account {username!r}")
    return account


def set_staff_status(session: Session, clock: Clock, username: str, *, active: bool) -> None:
    """Enable or disable a staff account; disabling also ends every session it has open."""
    account = _account(session, username)
    account.active = active
    if not active:
        session.execute(delete(StaffSession).where(StaffSession.staff_id == account.staff_id))
        session.execute(delete(OfficeSession).where(OfficeSession.staff_id == account.staff_id))
    action = "staff.enabled" if active else "staff.disabled"
    audit.append(session, clock, actor=ADMIN, action=action, subject=f"staff:{account.staff_id}")


def set_staff_password(session: Session, clock: Clock, username: str, password: str) -> None:
    """Set a new password (argon2id), clear lockouts and end every open session of the account."""
    _check_password(password)
    account = _account(session, username)
    account.password_hash = hash_password(password)
    session.execute(delete(StaffSession).where(StaffSession.staff_id == account.staff_id))
    session.execute(delete(OfficeSession).where(OfficeSession.staff_id == account.staff_id))
    session.execute(delete(StaffLoginFailures).where(StaffLoginFailures.staff_id == account.staff_id))
    session.execute(delete(OfficeLoginFailures).where(OfficeLoginFailures.staff_id == account.staff_id))
    audit.append(session, clock, actor=ADMIN, action="staff.password_set", subject=f"staff:{account.staff_id}")


def _check_password(password: str) -> None:
    if len(password) < 12:
        raise AdminError("staff passwords need at least 12 characters")


def set_kiosk_status(session: Session, clock: Clock, kiosk_id: str, status: KioskStatus) -> None:
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise AdminError(f"no kiosk {kiosk_id!r}")
    kiosk.status = status
    if status is not KioskStatus.ACTIVE:
        session.execute(delete(StaffSession).where(StaffSession.kiosk_id == kiosk_id))
    audit.append(session, clock, actor=ADMIN, action=f"kiosk.{status.value}", subject=kiosk_id)


def add_staff(session: Session, clock: Clock, username: str, role: Role, municipality: str, password: str) -> int:
    _check_password(password)
    account = StaffAccount(
        username=username,
        role=role,
        municipality_code=municipality,
        password_hash=hash_password(password),
        active=True,
    )
    session.add(account)
    session.flush()
    audit.append(
        session,
        clock,
        actor=ADMIN,
        action="staff.created",
        subject=f"staff:{account.staff_id}",
        details={"role": role.value, "municipality": municipality},
    )
    return account.staff_id


def set_policy(
    session: Session,
    clock: Clock,
    municipality: str,
    site_id: str,
    *,
    sign_pin_reset: bool | None = None,
    four_digit_pin_reset: bool | None = None,
    renewal: bool | None = None,
    delegated: bool | None = None,
    cross_municipality_verification: bool | None = None,
    card_ap_renewal: bool | None = None,
) -> ServicePolicy:
    """Change some switches for one municipality × site; unspecified ones keep their value (or the default)."""
    if session.get(Site, site_id) is None:
        raise AdminError(f"no site {site_id!r}")
    row = session.get(ServicePolicy, (municipality, site_id))
    if row is None:
        row = ServicePolicy(
            municipality_code=municipality,
            site_id=site_id,
            sign_pin_reset=DEFAULT.sign_pin_reset,
            four_digit_pin_reset=DEFAULT.four_digit_pin_reset,
            renewal=DEFAULT.renewal,
            delegated=DEFAULT.delegated,
            cross_municipality_verification=DEFAULT.cross_municipality_verification,
            card_ap_renewal=DEFAULT.card_ap_renewal,
        )
        session.add(row)
    changes = {
        "sign_pin_reset": sign_pin_reset,
        "four_digit_pin_reset": four_digit_pin_reset,
        "renewal": renewal,
        "delegated": delegated,
        "cross_municipality_verification": cross_municipality_verification,
        "card_ap_renewal": card_ap_renewal,
    }
    for name, value in changes.items():
        if value is not None:
            setattr(row, name, value)
    audit.append(
        session,
        clock,
        actor=ADMIN,
        action="policy.changed",
        subject=f"{municipality}@{site_id}",
        details={k: v for k, v in changes.items() if v is not None},
    )
    return row


def register_card(
    session: Session,
    clock: Clock,
    *,
    serial: str,
    municipality: str,
    auth_certificate: x509.Certificate,
    sign_certificate: x509.Certificate | None,
    photo: bytes,
    keys: KeyMaterial,
    card_key_sha256: str | None = None,
) -> None:
    """Add a card to the registry (stands in for the issuer's records), status valid, counter 0, under the
    management key of ``keys``; the photo is stored sealed (``backend.photo_vault``). ``card_key_sha256``: the
    fingerprint of the card key in its 券面AP front (for the card-AP proof)."""
    if session.get(Card, serial) is not None:
        raise AdminError(f"card {serial} is already registered")
    session.add(
        Card(
            serial=serial,
            municipality_code=municipality,
            status=CardStatus.VALID,
            auth_cert_serial=format(auth_certificate.serial_number, "x"),
            sign_cert_serial=format(sign_certificate.serial_number, "x") if sign_certificate else None,
            photo=seal_photo(keys, photo, card_owner(serial)),
            card_key_sha256=card_key_sha256,
            management_key_id=keys.management_key_id,
            management_counter=0,
            registered_at=clock.now(),
        )
    )
    audit.append(
        session, clock, actor=ADMIN, action="card.registered", subject=serial, details={"municipality": municipality}
    )


def set_card_status(session: Session, clock: Clock, serial: str, status: CardStatus) -> None:
    card = session.get(Card, serial)
    if card is None:
        raise AdminError(f"no card {serial}")
    card.status = status
    audit.append(session, clock, actor=ADMIN, action=f"card.{status.value}", subject=serial)


def seal_stored_photos(session: Session, clock: Clock, keys: KeyMaterial) -> int:
    """Seal the photos stored before photos were encrypted at rest (schema 0005); return how many. Run once, with
    the key directory the service uses, after upgrading."""
    sealed = 0
    for card in session.execute(select(Card).where(func.substr(Card.photo, 1, len(MAGIC)) != MAGIC)).scalars():
        card.photo = seal_photo(keys, card.photo, card_owner(card.serial))
        sealed += 1
    legacy = select(Renewal).where(Renewal.photo != b"", func.substr(Renewal.photo, 1, len(MAGIC)) != MAGIC)
    for renewal in session.execute(legacy).scalars():
        renewal.photo = seal_photo(keys, renewal.photo, application_owner(renewal.application_number))
        sealed += 1
    audit.append(session, clock, actor=ADMIN, action="photos.sealed", subject="database", details={"photos": sealed})
    return sealed
