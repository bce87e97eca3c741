"""Which services a resident of a municipality may use at a site (L1, L2, L8).

Defaults follow the source documents as of 2022: signature-PIN reset on; 4-digit PIN reset **off** (not
approved, stays behind this switch); renewal application on. At a post office every service is off unless the
resident's municipality delegated the work to that office. A ``service_policies`` row overrides the defaults for
one municipality × site; policy lives in data, never in code paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend.domain import Service, SiteKind
from backend.models import ServicePolicy, table


@dataclass(frozen=True)
class Services:
    sign_pin_reset: bool
    four_digit_pin_reset: bool
    renewal: bool
    cross_municipality_verification: bool
    card_ap_renewal: bool = False  # a renewal's card may be proven by the card-AP proof (without JPKI)

    def allows(self, service: Service) -> bool:
        return {
            Service.SIGN_PIN_RESET: self.sign_pin_reset,
            Service.FOUR_DIGIT_PIN_RESET: self.four_digit_pin_reset,
            Service.RENEWAL: self.renewal,
        }[service]


@dataclass(frozen=True)
class Policy:
    """One ``service_policies`` row (or the defaults when a municipality × site has none)."""

    sign_pin_reset: bool
    four_digit_pin_reset: bool
    renewal: bool
    delegated: bool
    cross_municipality_verification: bool
    card_ap_renewal: bool


DEFAULT = Policy(
    sign_pin_reset=True,
    four_digit_pin_reset=False,
    renewal=True,
    delegated=False,
    cross_municipality_verification=False,
    card_ap_renewal=False,  # a new proof: each municipality opts in
)
NOTHING = Services(False, False, False, False, False)

_POLICIES = table(ServicePolicy)
_POLICY = select(
    _POLICIES.c.sign_pin_reset,
    _POLICIES.c.four_digit_pin_reset,
    _POLICIES.c.renewal,
    _POLICIES.c.delegated,
    _POLICIES.c.cross_municipality_verification,
    _POLICIES.c.card_ap_renewal,
).where(_POLICIES.c.municipality_code == bindparam("municipality"), _POLICIES.c.site_id == bindparam("site"))


def services_for(session: Session, site_id: str, site_kind: SiteKind, municipality_code: str) -> Services:
    """The services enabled for residents of ``municipality_code`` at the site ``site_id`` of kind ``site_kind``."""
    found = session.connection().execute(_POLICY, {"municipality": municipality_code, "site": site_id}).one_or_none()
    row = DEFAULT if found is None else Policy(*found)
    if site_kind is SiteKind.POST_OFFICE and not row.delegated:
        return NOTHING
    return Services(
        sign_pin_reset=row.sign_pin_reset,
        four_digit_pin_reset=row.four_digit_pin_reset,
        renewal=row.renewal,
        cross_municipality_verification=row.cross_municipality_verification,
        card_ap_renewal=row.renewal and row.card_ap_renewal,
    )
