"""What a persona's card would say about itself: its dates, its certificates' state and its 旧氏.

``mynakiosk sim personas`` prints this for every persona; a technician picks a persona and an issue date
(``sim new-card --issued``) that lands a card where a test needs it (inside its renewal window, expired, with
lapsed certificates). The state names are the kiosk's (``kiosk.eligibility.CertificateState``), so the two can
be compared; the kiosk side decides renewal, this only describes the test card.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sim.dates import age_on, card_expiry, certificate_expiry
from sim.personalise import SIGN_CERT_MIN_AGE
from sim.personas import Persona


class CertificateState(enum.StrEnum):
    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    NEVER_ISSUED = "never_issued"


@dataclass(frozen=True)
class PersonaCard:
    """The dates on a card made for ``persona`` on ``issued``, seen on ``today``."""

    persona: Persona
    issued: dt.date
    today: dt.date
    birth_date: dt.date
    card_expiry: dt.date
    certificate_expiry: dt.date
    residence_until: dt.date | None
    authentication: CertificateState
    signature: CertificateState

    @property
    def card_expired(self) -> bool:
        return self.today > self.card_expiry

    def to_json(self) -> dict[str, Any]:
        p = self.persona
        return {
            "name": p.key,
            "display_name": p.name,
            "kana": p.name_kana,
            "former_surname": p.former_surname,
            "age_at_issue": p.age,
            "sex": p.sex.value,
            "address": p.address,
            "summary": p.summary,
            "issued": self.issued.isoformat(),
            "card_expiry": self.card_expiry.isoformat(),
            "card_expired": self.card_expired,
            "residence_until": self.residence_until.isoformat() if self.residence_until else None,
            "certificate_expiry": self.certificate_expiry.isoformat(),
            "certificates": {"authentication": self.authentication.value, "signature": self.signature.value},
        }

    def line(self) -> str:
        """One line for a listing."""
        p = self.persona
        former = f" 旧氏 {p.former_surname}" if p.former_surname else ""
        state = "expired" if self.card_expired else "valid"
        return (
            f"{p.key:<10} {p.name}（{p.name_kana}）{former}  card {self.issued}..{self.card_expiry} ({state}); "
            f"certificates to {self.certificate_expiry}: auth {self.authentication.value}, "
            f"sign {self.signature.value}  — {p.summary}"
        )


def persona_card(persona: Persona, issued: dt.date, today: dt.date) -> PersonaCard:
    """The card ``sim new-card --persona KEY --issued ISSUED`` makes, as it stands on ``today``."""
    birth = persona.birth_date(issued)
    residence = persona.residence_until(issued)
    expiry = card_expiry(birth, issued, residence)
    certs = certificate_expiry(birth, issued, expiry)
    auth = _state(issued, certs, today)
    sign = _state(issued, certs, today) if age_on(birth, issued) >= SIGN_CERT_MIN_AGE else None
    return PersonaCard(
        persona, issued, today, birth, expiry, certs, residence, auth, sign or CertificateState.NEVER_ISSUED
    )


def _state(issued: dt.date, expiry: dt.date, today: dt.date) -> CertificateState:
    if today < issued:
        return CertificateState.NOT_YET_VALID
    return CertificateState.EXPIRED if today > expiry else CertificateState.VALID


def issued_to_expire_by(persona: Persona, today: dt.date, days: int) -> dt.date:
    """The latest issue date whose card, made for ``persona``, expires no later than ``today + days``: pass it to
    ``sim new-card --issued`` (or ``demo --card-issued``). A card expires on a birthday, so it may have expired
    already (up to a year ago); with ``days`` under the renewal window (about 90 days) the card may be renewed
    ``today``. Raises ``ValueError`` when no card issued in the last 12 years does."""
    target = today + dt.timedelta(days=days)
    for back in range(12 * 366):
        issued = today - dt.timedelta(days=back)
        if persona_card(persona, issued, today).card_expiry <= target:
            return issued
    raise ValueError(f"no card for {persona.key} issued in the last 12 years expires by {target}")
