"""Renewal eligibility: one pure decision from the dates the kiosk can read off the card.

Rules (docs/card-profile.md, "Dates and certificates"; the reference's §6):

* The card is valid through its expiry day, which the card states (券面AP ``DF 29``). For a card the rules made,
  that is the 10th birthday after the issue date when the holder was an adult on that date, the 5th when a minor
  (under 20 for cards issued before 2022-04-01, under 18 from then on: the age of majority changed). A foreign
  resident's card may expire earlier, on the last day of the residence permit: the date on the card decides.
* Both JPKI certificates are valid through the 5th birthday after their issue, and never beyond the card: when the
  card expires, a certificate still inside its own validity is revoked with it ("revoked by card expiry").
* The renewal window opens when the expiry notice goes out, a policy-set number of months (default 3) before the
  expiry day, and **stays open after expiry**.

A birthday on 29 February falls on 28 February in common years. Dates are calendar days in Japan (JST).
Nothing here reads a clock: the caller passes ``today``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Final

ADULT_AGE_BEFORE_2022: Final = 20
ADULT_AGE: Final = 18
MAJORITY_CHANGE: Final = dt.date(2022, 4, 1)
"""Cards issued from this day on use ``ADULT_AGE`` (Civil Code revision of the age of majority)."""
CARD_BIRTHDAYS_ADULT: Final = 10
CARD_BIRTHDAYS_MINOR: Final = 5
CERTIFICATE_BIRTHDAYS: Final = 5
DEFAULT_WINDOW_MONTHS: Final = 3
MAX_WINDOW_MONTHS: Final = 12
JST: Final = dt.timezone(dt.timedelta(hours=9), "JST")


class EligibilityError(ValueError):
    """The facts given cannot describe a card (e.g. an expiry before the birth date)."""


# --- the date rules ------------------------------------------------------------------------------------------


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """The birthday in ``year``; 29 February falls on 28 February in common years."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def nth_birthday_after(birth: dt.date, day: dt.date, n: int) -> dt.date:
    """The ``n``-th birthday strictly after ``day`` (発行の日後の n 回目の誕生日)."""
    if n < 1:
        raise ValueError("n counts from 1")
    first = day.year if birthday_in(birth, day.year) > day else day.year + 1
    return birthday_in(birth, first + n - 1)


def adult_age_for(issued: dt.date) -> int:
    """The age from which a card issued on ``issued`` is a 10-year card."""
    return ADULT_AGE if issued >= MAJORITY_CHANGE else ADULT_AGE_BEFORE_2022


def minor_at_issue(birth: dt.date, issued: dt.date) -> bool:
    """Whether a card issued on ``issued`` is a minor's (5-birthday) card."""
    return age_on(birth, issued) < adult_age_for(issued)


def card_expiry_rule(birth: dt.date, issued: dt.date) -> dt.date:
    """The expiry the birthday rule gives a card issued on ``issued`` (a residence permit may cut it shorter)."""
    return nth_birthday_after(
        birth, issued, CARD_BIRTHDAYS_MINOR if minor_at_issue(birth, issued) else CARD_BIRTHDAYS_ADULT
    )


def certificate_expiry_rule(birth: dt.date, issued: dt.date) -> dt.date:
    """The last valid day of a JPKI certificate issued on ``issued``: the 5th birthday after it."""
    return nth_birthday_after(birth, issued, CERTIFICATE_BIRTHDAYS)


def expiry_cut_short(birth: dt.date, issued: dt.date, card_expiry: dt.date) -> bool:
    """Whether the card expires before its birthday rule: the mark of a residence-permit expiry."""
    return card_expiry < card_expiry_rule(birth, issued)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier, or that month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# --- what the kiosk knows ----------------------------------------------------------------------------------------


class CertificateKind(enum.StrEnum):
    AUTHENTICATION = "authentication"  # 利用者証明用電子証明書 (4-digit PIN)
    SIGNATURE = "signature"  # 署名用電子証明書 (6-16 character password)


class CertificateAbsence(enum.Enum):
    """Why the kiosk has no validity for a certificate."""

    NEVER_ISSUED = "never_issued"  # not on the card (a child's card has no signature certificate)
    NOT_READ = "not_read"  # on the card, but not read (the signature certificate needs its password)


@dataclass(frozen=True)
class CertificateValidity:
    """A certificate's first and last valid days in Japan."""

    not_before: dt.date = field(repr=False)  # certificate and card dates follow the holder's birthday
    not_after: dt.date = field(repr=False)

    @classmethod
    def from_instants(cls, not_before: dt.datetime, not_after: dt.datetime) -> CertificateValidity:
        """From X.509 ``notBefore``/``notAfter`` (aware datetimes), as calendar days in Japan."""
        if not_before.tzinfo is None or not_after.tzinfo is None:
            raise EligibilityError("certificate validity instants must carry a time zone")
        return cls(not_before.astimezone(JST).date(), not_after.astimezone(JST).date())


CertificateInfo = CertificateValidity | CertificateAbsence


def signature_like_authentication(authentication: CertificateInfo, *, signature_on_card: bool) -> CertificateInfo:
    """What the kiosk may assume of the signature certificate without its password: absent from the card
    (SELECT of JPKI ``0001``/``001B`` answers ``6A 82``) → never issued; otherwise the validity of the
    authentication certificate, which is issued and renewed with it under the same rule."""
    return authentication if signature_on_card else CertificateAbsence.NEVER_ISSUED


@dataclass(frozen=True)
class CardFacts:
    """The dates the kiosk has read: ``card_expiry`` from the card face (券面AP ``DF 29``), the birth date from
    the card, ``issued`` only where truly known (the card does not state it), the certificates' validity from
    the JPKI AP. ``expiry_follows_residence``: a foreign resident's card whose expiry is the end of the residence
    permit rather than a birthday (from the resident record, or :func:`expiry_cut_short` where the issue date
    is known)."""

    card_expiry: dt.date
    birth_date: dt.date
    issued: dt.date | None = None
    expiry_follows_residence: bool = False
    authentication: CertificateInfo = CertificateAbsence.NOT_READ
    signature: CertificateInfo = CertificateAbsence.NOT_READ

    def __repr__(self) -> str:  # a birth date is personal data
        return "CardFacts(****)"


@dataclass(frozen=True)
class RenewalPolicy:
    """``window_months``: how long before expiry the renewal window opens (the expiry notice's lead time)."""

    window_months: int = DEFAULT_WINDOW_MONTHS

    def __post_init__(self) -> None:
        if not 0 <= self.window_months <= MAX_WINDOW_MONTHS:
            raise EligibilityError(f"renewal window must open 0-{MAX_WINDOW_MONTHS} months before expiry")


# --- what the kiosk tells ---------------------------------------------------------------------------------------


class CertificateState(enum.StrEnum):
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"  # its own validity ended
    REVOKED_BY_CARD_EXPIRY = "revoked_by_card_expiry"  # still inside its validity, but the card expired
    NEVER_ISSUED = "never_issued"
    UNKNOWN = "unknown"  # not read

    @property
    def lapsed(self) -> bool:
        """Was usable once and no longer is (expired, or revoked with the card)."""
        return self in (CertificateState.EXPIRED, CertificateState.REVOKED_BY_CARD_EXPIRY)


@dataclass(frozen=True)
class Certificates:
    authentication: CertificateState
    signature: CertificateState

    def state(self, kind: CertificateKind) -> CertificateState:
        return self.authentication if kind is CertificateKind.AUTHENTICATION else self.signature

    @property
    def lapsed(self) -> tuple[CertificateKind, ...]:
        return tuple(kind for kind in CertificateKind if self.state(kind).lapsed)


@dataclass(frozen=True)
class _Outcome:
    card_expiry: dt.date = field(repr=False)  # the 10th (or 5th) birthday after issuance: personal
    window_opens: dt.date = field(repr=False)
    certificates: Certificates


@dataclass(frozen=True)
class Eligible(_Outcome):
    """Inside the renewal window; ``card_expired``: the expiry day has passed (renewal is still open)."""

    card_expired: bool


@dataclass(frozen=True)
class NotYet(_Outcome):
    """Before the window: tell the resident ``card_expiry`` and ``window_opens``; submit nothing."""


@dataclass(frozen=True)
class CertificatesOnlyExpired(_Outcome):
    """The card is valid and before its window, but a certificate lapsed: the certificates are renewed at the
    municipal counter (``certificates.lapsed`` says which), not the card."""


@dataclass(frozen=True)
class ResidenceBound(_Outcome):
    """A foreign resident's card that expires with the residence permit, inside its window or expired: the
    municipal counter changes the card's validity once the stay is extended; no renewal application here."""


Eligibility = Eligible | NotYet | CertificatesOnlyExpired | ResidenceBound


def certificate_state(info: CertificateInfo, card_expiry: dt.date, today: dt.date) -> CertificateState:
    """The state of one certificate on ``today`` on a card that expires on ``card_expiry``."""
    if info is CertificateAbsence.NEVER_ISSUED:
        return CertificateState.NEVER_ISSUED
    if info is CertificateAbsence.NOT_READ:
        return CertificateState.UNKNOWN
    if today > info.not_after:
        return CertificateState.EXPIRED
    if today > card_expiry:
        return CertificateState.REVOKED_BY_CARD_EXPIRY
    if today < info.not_before:
        return CertificateState.NOT_YET_VALID
    return CertificateState.VALID


def certificates_of(facts: CardFacts, today: dt.date) -> Certificates:
    """Both certificates' states on ``today``."""
    return Certificates(
        certificate_state(facts.authentication, facts.card_expiry, today),
        certificate_state(facts.signature, facts.card_expiry, today),
    )


def decide(facts: CardFacts, today: dt.date, policy: RenewalPolicy | None = None) -> Eligibility:
    """Whether the card in ``facts`` may be renewed on ``today``; raises :class:`EligibilityError` for facts
    no card can have."""
    policy = policy or RenewalPolicy()
    if facts.card_expiry <= facts.birth_date or (facts.issued is not None and facts.card_expiry < facts.issued):
        raise EligibilityError("card expiry precedes the birth or issue date")
    opens = months_before(facts.card_expiry, policy.window_months)
    certificates = certificates_of(facts, today)
    if today < opens:
        if certificates.lapsed:
            return CertificatesOnlyExpired(facts.card_expiry, opens, certificates)
        return NotYet(facts.card_expiry, opens, certificates)
    if facts.expiry_follows_residence:
        return ResidenceBound(facts.card_expiry, opens, certificates)
    return Eligible(facts.card_expiry, opens, certificates, card_expired=today > facts.card_expiry)
