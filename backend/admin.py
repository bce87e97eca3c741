"""Administrative writes used by the CLI and by test fixtures: sites, kiosks, staff, policy, the card registry.

Each runs in the caller's transaction and leaves an audit entry.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy.orm import Session

from backend import audit
from backend.clock import Clock
from backend.domain import CardStatus, KioskStatus, Role, SiteKind
from backend.models import Card, Kiosk, ServicePolicy, Site, StaffAccount
from backend.policy import DEFAULT
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
    kiosk_ca: tuple[x509.Certificate, ...] = (),
) -> None:
    """Register (or replace) a kiosk's client certificate; it must hold an EC key and, when CAs are configured,
    be issued by one of them."""
    if session.get(Site, site_id) is None:
        raise AdminError(f"no site {site_id!r}; add it first (mynakiosk backend add-site)")
    if not isinstance(certificate.public_key(), ec.EllipticCurvePublicKey):
        raise AdminError("kiosk certificates must hold an EC (P-256) key")
    if kiosk_ca and not any(_issued_by(certificate, ca) for ca in kiosk_ca):
        raise AdminError("kiosk certificate is not issued by a configured kiosk CA")
    session.merge(
        Kiosk(
            kiosk_id=kiosk_id,
            site_id=site_id,
            certificate_der=certificate.public_bytes(Encoding.DER),
            status=KioskStatus.ACTIVE,
            created_at=clock.now(),
        )
    )
    audit.append(session, clock, actor=ADMIN, action="kiosk.registered", subject=kiosk_id, details={"site": site_id})


def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def set_kiosk_status(session: Session, clock: Clock, kiosk_id: str, status: KioskStatus) -> None:
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise AdminError(f"no kiosk {kiosk_id!r}")
    kiosk.status = status
    audit.append(session, clock, actor=ADMIN, action=f"kiosk.{status.value}", subject=kiosk_id)


def add_staff(session: Session, clock: Clock, username: str, role: Role, municipality: str, password: str) -> int:
    if len(password) < 12:
        raise AdminError("staff passwords need at least 12 characters")
    account = StaffAccount(
        username=username,
        role=role,
        municipality_code=municipality,
        password_hash=hash_password(password),
        active=True,
        failed_logins=0,
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
    management_key_id: str,
    card_key_sha256: str | None = None,
) -> None:
    """Add a card to the registry (stands in for the issuer's records), status valid, counter 0.
    ``card_key_sha256``: the fingerprint of the card key in its 券面AP front (for the card-AP proof)."""
    if session.get(Card, serial) is not None:
        raise AdminError(f"card {serial} is already registered")
    session.add(
        Card(
            serial=serial,
            municipality_code=municipality,
            status=CardStatus.VALID,
            auth_cert_serial=format(auth_certificate.serial_number, "x"),
            sign_cert_serial=format(sign_certificate.serial_number, "x") if sign_certificate else None,
            photo=photo,
            card_key_sha256=card_key_sha256,
            management_key_id=management_key_id,
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
