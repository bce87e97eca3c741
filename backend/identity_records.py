"""What an official records about who stands behind an application, and what approval waits for.

- **Attestation of a pop-up application** (出張申請受付): an official of the municipality checked the resident's
  identity on site; the office records which photo document was checked and that the face was compared with it.
  Only a staffed pop-up application whose identity was verified at application needs one (a pop-up *support*
  session's applicant shows identity at hand-over, so there is nothing to attest), and it must exist before the
  application is approved for J-LIS (or sent to production).
- **A minor's legal representative** (法定代理人): a parent with parental authority or a guardian, whose identity the
  official checked. A minor is an applicant under the age of majority on the application's date, from the birth
  date in the resident record: 20 before 2022-04-01, 18 from then (the seeds give both; the law changed). Required
  before approval for a minor.

Each record is made once per application, by an official (checking identity is an exercise of public authority,
L5), while the application is still before approval; recording the same thing again answers as already done, a
different one is refused. Every record appends an audit entry with codes only: the representative's name is sealed
at rest (``backend.photo_vault``) and never reaches the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from backend import audit, counts
from backend.card_auth import require_keys
from backend.context import AppContext
from backend.domain import Channel, IdentityDocument, RenewalStatus, Representation, Role
from backend.errors import Forbidden, InvalidTransition, NotFound, Unprocessable
from backend.models import CardHolder, LegalRepresentative, Renewal, RenewalAttestation, StaffAccount
from backend.office.auth import OfficeStaff
from backend.office.holders import holder_of
from backend.photo_vault import open_photo, seal_photo

MAJORITY_AT_18_FROM = dt.date(2022, 4, 1)
"""The age of majority fell from 20 to 18 on this day (民法 as amended in 2018)."""
BEFORE_APPROVAL = frozenset({RenewalStatus.RECEIVED, RenewalStatus.UNDER_REVIEW, RenewalStatus.INCOMPLETE})
"""The states in which the office may still record an attestation or a representative."""
MAX_NAME = 100


class RecordRefused(InvalidTransition):
    """A record, or an approval waiting for one, that the application does not allow now (409).

    ``text_key`` names the office text that says why; ``text_args`` fill it in."""

    def __init__(self, detail: str, text_key: str, *text_args: str) -> None:
        super().__init__(detail)
        self.text_key = text_key
        self.text_args = text_args


class RecordFormRefused(Unprocessable):
    """The record's form is not filled in as it must be (422); ``text_key`` names the office text."""

    def __init__(self, detail: str, text_key: str) -> None:
        super().__init__(detail)
        self.text_key = text_key


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (a year is completed on the birthday; 29 February births on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def majority_age(day: dt.date) -> int:
    return 18 if day >= MAJORITY_AT_18_FROM else 20


def is_minor(birth: dt.date, day: dt.date) -> bool:
    return age_on(birth, day) < majority_age(day)


@dataclass(frozen=True)
class Attestation:
    document: IdentityDocument
    face_compared: bool
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Representative:
    name: str = field(repr=False)
    """Empty once retention dropped it (``backend.retention``)."""
    relationship: Representation
    document: IdentityDocument
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class Records:
    """What an application needs and has: shown on the detail page, checked before approval."""

    attestation_needed: bool
    """A staffed pop-up application whose identity was verified at application."""
    popup_support: bool
    """A staffed pop-up application whose identity is checked at hand-over (a support session): nothing to attest."""
    minor: bool
    """The applicant was under the age of majority on the application's date (from the resident record)."""
    attestation: Attestation | None
    representative: Representative | None = field(repr=False)

    def missing(self) -> list[str]:
        """What approval still waits for: ``attestation``, ``representative``."""
        return [
            name
            for name, needed, present in (
                ("attestation", self.attestation_needed, self.attestation),
                ("representative", self.minor, self.representative),
            )
            if needed and present is None
        ]


def _minor(session: Session, ctx: AppContext, renewal: Renewal) -> bool:
    """Whether the holder was a minor on the application's date; ``False`` when the register has no record."""
    if session.get(CardHolder, renewal.card_serial) is None:
        return False
    holder = holder_of(session, require_keys(ctx), renewal.card_serial)
    return holder is not None and is_minor(holder.birth_date, counts.office_day(renewal.created_at))


def _name(session: Session, staff_id: int) -> str:
    account = session.get(StaffAccount, staff_id)
    return account.username if account else f"#{staff_id}"


def _owner(number: str) -> str:
    return f"representative:{number}"


def records_of(session: Session, ctx: AppContext, renewal: Renewal) -> Records:
    number = renewal.application_number
    popup = renewal.channel is Channel.STAFFED_POPUP
    att = session.get(RenewalAttestation, number)
    rep = session.get(LegalRepresentative, number)
    return Records(
        attestation_needed=popup and not renewal.identity_check_at_collection,
        popup_support=popup and renewal.identity_check_at_collection,
        minor=_minor(session, ctx, renewal),
        attestation=Attestation(att.document, att.face_compared, _name(session, att.staff_id), att.at) if att else None,
        representative=Representative(
            open_photo(require_keys(ctx), rep.sealed_name, _owner(number)).decode() if rep.sealed_name else "",
            rep.relationship,
            rep.document,
            _name(session, rep.staff_id),
            rep.at,
        )
        if rep
        else None,
    )


def check_approvable(session: Session, ctx: AppContext, renewal: Renewal) -> None:
    """Refuse deciding issue (approval for J-LIS, or production) while a record it needs is missing."""
    missing = records_of(session, ctx, renewal).missing()
    if "attestation" in missing:
        raise RecordRefused(
            "a pop-up application is approved only after the identity check at the pop-up is attested",
            "needs_attestation",
        )
    if "representative" in missing:
        raise RecordRefused(
            "a minor's application is approved only after the legal representative is recorded",
            "needs_representative",
        )


def _application(session: Session, staff: OfficeStaff, number: str) -> Renewal:
    renewal = session.get(Renewal, number, with_for_update=True)
    if renewal is None or renewal.municipality_code != staff.municipality_code:
        raise NotFound("no application with this number in your municipality")
    if staff.role is not Role.OFFICIAL:
        raise Forbidden("only a municipal official may record an identity check")
    return renewal


def _before_approval(renewal: Renewal) -> None:
    if renewal.status not in BEFORE_APPROVAL:
        raise RecordRefused(
            f"the application is {renewal.status.value}: records are made before approval",
            "record_state",
            renewal.status.value,
        )


def attest(
    session: Session, ctx: AppContext, staff: OfficeStaff, number: str, document: IdentityDocument, face_compared: bool
) -> bool:
    """Record the pop-up identity check of application ``number``; returns whether it was already recorded so."""
    renewal = _application(session, staff, number)
    if renewal.channel is not Channel.STAFFED_POPUP:
        raise RecordRefused("only a staffed pop-up application is attested", "attest_not_popup")
    if renewal.identity_check_at_collection:
        raise RecordRefused(
            "this pop-up application's identity is checked at hand-over (a support session): nothing to attest",
            "attest_at_collection",
        )
    existing = session.get(RenewalAttestation, number)
    if existing is not None:
        if existing.document is document and face_compared:
            return True
        raise RecordRefused("the application is already attested with another document", "already_attested")
    _before_approval(renewal)
    if not face_compared:
        raise RecordFormRefused("confirm that the face was compared with the document", "form_face_compared")
    now = ctx.clock.now()
    session.add(
        RenewalAttestation(
            application_number=number, document=document, face_compared=True, staff_id=staff.staff_id, at=now
        )
    )
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="renewal.attested",
        subject=number,
        details={"via": "office", "document": document.value, "face_compared": True, "role": staff.role.value},
    )
    return False


def record_representative(
    session: Session,
    ctx: AppContext,
    staff: OfficeStaff,
    number: str,
    name: str,
    relationship: Representation,
    document: IdentityDocument,
) -> bool:
    """Record the legal representative of a minor's application; returns whether it was already recorded so."""
    renewal = _application(session, staff, number)
    if not _minor(session, ctx, renewal):
        raise RecordRefused(
            "the applicant was not a minor on the application's date (or the register has no birth date)",
            "representative_not_minor",
        )
    keys = require_keys(ctx)
    existing = session.get(LegalRepresentative, number)
    if existing is not None:
        kept = existing.sealed_name != b""  # dropped at the end of retention (``backend.retention``)
        same = kept and open_photo(keys, existing.sealed_name, _owner(number)).decode() == name
        if same and existing.relationship is relationship and existing.document is document:
            return True
        raise RecordRefused("a legal representative is already recorded for this application", "already_represented")
    _before_approval(renewal)
    if not name or len(name) > MAX_NAME:
        raise RecordFormRefused(f"the representative's name needs 1-{MAX_NAME} characters", "form_name")
    session.add(
        LegalRepresentative(
            application_number=number,
            sealed_name=seal_photo(keys, name.encode(), _owner(number)),
            relationship=relationship,
            document=document,
            staff_id=staff.staff_id,
            at=ctx.clock.now(),
        )
    )
    audit.append(
        session,
        ctx.clock,
        actor=f"staff:{staff.staff_id}",
        action="renewal.representative_recorded",
        subject=number,
        details={
            "via": "office",
            "relationship": relationship.value,
            "document": document.value,
            "role": staff.role.value,
        },
    )
    return False
