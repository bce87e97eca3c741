from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.eligibility import (
    CardFacts,
    CertificateAbsence,
    CertificateKind,
    CertificatesOnlyExpired,
    CertificateState,
    CertificateValidity,
    EligibilityError,
    Eligible,
    NotYet,
    RenewalPolicy,
    ResidenceBound,
    card_expiry_rule,
    certificate_expiry_rule,
    decide,
    expiry_cut_short,
    minor_at_issue,
    months_before,
    signature_like_authentication,
)
from sim import dates as sim_dates

D = dt.date
# Persona ito: 91 on 2017-01-10, born 25 December.
ITO_BIRTH = D(1925, 12, 25)
ITO_ISSUED = D(2017, 1, 10)


def ito(*, certs_renewed: bool = False) -> CardFacts:
    """Ito's card as the kiosk reads it; her certificates lapsed on the 5th birthday after issue."""
    cert = CertificateValidity(ITO_ISSUED, D(2021, 12, 25))
    if certs_renewed:  # renewed at the counter in 2021: valid up to the card's expiry
        cert = CertificateValidity(D(2021, 11, 1), D(2026, 12, 25))
    return CardFacts(D(2026, 12, 25), ITO_BIRTH, ITO_ISSUED, authentication=cert, signature=cert)


def test_rules_give_itos_dates() -> None:
    assert card_expiry_rule(ITO_BIRTH, ITO_ISSUED) == D(2026, 12, 25)
    assert certificate_expiry_rule(ITO_BIRTH, ITO_ISSUED) == D(2021, 12, 25)


def test_day_before_the_window_is_not_yet_with_both_dates() -> None:
    result = decide(ito(certs_renewed=True), D(2026, 9, 24))
    assert result == NotYet(D(2026, 12, 25), D(2026, 9, 25), result.certificates)
    assert result.certificates.authentication is CertificateState.VALID


def test_day_before_the_window_with_lapsed_certificates_is_certificate_only() -> None:
    result = decide(ito(), D(2026, 9, 24))
    assert isinstance(result, CertificatesOnlyExpired)
    assert result.certificates.lapsed == (CertificateKind.AUTHENTICATION, CertificateKind.SIGNATURE)
    assert result.window_opens == D(2026, 9, 25)


def test_first_day_of_the_window_is_eligible() -> None:
    result = decide(ito(), D(2026, 9, 25))
    assert isinstance(result, Eligible) and not result.card_expired
    assert result.certificates.authentication is CertificateState.EXPIRED


def test_expiry_day_is_eligible_and_the_card_still_valid() -> None:
    result = decide(ito(), D(2026, 12, 25))
    assert isinstance(result, Eligible) and not result.card_expired


def test_window_stays_open_after_expiry() -> None:
    for today in (D(2026, 12, 26), D(2027, 12, 25), D(2036, 1, 1)):
        result = decide(ito(), today)
        assert isinstance(result, Eligible) and result.card_expired


def test_certificates_renewed_to_the_card_expiry_are_expired_with_it() -> None:
    result = decide(ito(certs_renewed=True), D(2027, 12, 25))
    assert result.certificates.authentication is CertificateState.EXPIRED


def test_policy_sets_the_window() -> None:
    assert isinstance(decide(ito(), D(2026, 9, 25), RenewalPolicy(window_months=2)), CertificatesOnlyExpired)
    assert isinstance(decide(ito(), D(2026, 10, 25), RenewalPolicy(window_months=2)), Eligible)
    assert isinstance(decide(ito(certs_renewed=True), D(2026, 12, 24), RenewalPolicy(window_months=0)), NotYet)
    with pytest.raises(EligibilityError):
        RenewalPolicy(window_months=13)
    with pytest.raises(EligibilityError):
        RenewalPolicy(window_months=-1)


def test_minor_card_runs_five_birthdays_and_has_no_signature_certificate() -> None:
    birth, issued = D(2017, 11, 20), D(2026, 12, 6)  # persona sato, 9 at issue
    assert minor_at_issue(birth, issued)
    expiry = card_expiry_rule(birth, issued)
    assert expiry == D(2031, 11, 20) == certificate_expiry_rule(birth, issued)
    facts = CardFacts(
        expiry,
        birth,
        issued,
        authentication=CertificateValidity(issued, expiry),
        signature=CertificateAbsence.NEVER_ISSUED,
    )
    before = decide(facts, D(2031, 8, 19))
    assert isinstance(before, NotYet)
    assert before.certificates.signature is CertificateState.NEVER_ISSUED
    assert not before.certificates.signature.lapsed
    after = decide(facts, D(2031, 11, 21))
    assert isinstance(after, Eligible) and after.card_expired
    assert after.certificates.lapsed == (CertificateKind.AUTHENTICATION,)


def test_adult_from_the_eighteenth_birthday_since_april_2022() -> None:
    birth = D(2006, 5, 9)
    assert minor_at_issue(birth, D(2024, 5, 8))
    assert not minor_at_issue(birth, D(2024, 5, 9))
    assert card_expiry_rule(birth, D(2024, 5, 8)) == D(2028, 5, 9)  # the next day is the 1st birthday
    assert card_expiry_rule(birth, D(2024, 5, 9)) == D(2034, 5, 9)


def test_adult_from_twenty_before_april_2022() -> None:
    birth = D(2002, 6, 1)  # 19 in both cases below
    assert minor_at_issue(birth, D(2022, 3, 31))
    assert not minor_at_issue(birth, D(2022, 4, 1))


def test_foreign_residents_card_follows_the_residence_permit() -> None:
    birth, issued, permit_end = D(1998, 9, 30), D(2024, 4, 1), D(2027, 3, 31)
    assert expiry_cut_short(birth, issued, permit_end)
    cert = CertificateValidity(issued, certificate_expiry_rule(birth, issued))  # 2028-09-30: beyond the card
    facts = CardFacts(permit_end, birth, issued, expiry_follows_residence=True, authentication=cert, signature=cert)
    assert isinstance(decide(facts, D(2026, 12, 30)), NotYet)
    in_window = decide(facts, D(2026, 12, 31))
    assert isinstance(in_window, ResidenceBound) and in_window.window_opens == D(2026, 12, 31)
    after = decide(facts, D(2027, 4, 1))
    assert isinstance(after, ResidenceBound)
    assert after.certificates.authentication is CertificateState.REVOKED_BY_CARD_EXPIRY


def test_unread_signature_certificate_is_unknown_not_lapsed() -> None:
    facts = CardFacts(D(2030, 1, 1), D(1980, 1, 1))
    result = decide(facts, D(2026, 12, 6))
    assert result.certificates.signature is CertificateState.UNKNOWN and not result.certificates.lapsed


def test_impossible_facts_are_refused() -> None:
    with pytest.raises(EligibilityError):
        decide(CardFacts(D(1970, 1, 1), D(1980, 1, 1)), D(2026, 1, 1))
    with pytest.raises(EligibilityError):
        decide(CardFacts(D(2020, 1, 1), D(1980, 1, 1), issued=D(2021, 1, 1)), D(2026, 1, 1))


def test_facts_hide_personal_dates_from_repr() -> None:
    assert "1925" not in repr(ito()) and "1925" not in str(ito())


def test_certificate_days_are_japanese_calendar_days() -> None:
    validity = CertificateValidity.from_instants(
        dt.datetime(2016, 12, 31, 15, 0, tzinfo=dt.UTC), dt.datetime(2021, 12, 25, 14, 59, 59, tzinfo=dt.UTC)
    )
    assert validity == CertificateValidity(D(2017, 1, 1), D(2021, 12, 25))
    with pytest.raises(EligibilityError):
        CertificateValidity.from_instants(dt.datetime(2017, 1, 1), dt.datetime(2021, 1, 1))


def test_leap_day_birthdays_fall_on_28_february() -> None:
    birth = D(1960, 2, 29)
    assert card_expiry_rule(birth, D(2017, 3, 1)) == D(2027, 2, 28)
    assert card_expiry_rule(birth, D(2018, 3, 1)) == D(2028, 2, 29)


def test_window_opening_clamps_to_the_end_of_a_short_month() -> None:
    assert months_before(D(2026, 5, 31), 3) == D(2026, 2, 28)
    assert months_before(D(2027, 1, 15), 3) == D(2026, 10, 15)


days = st.dates(D(1910, 1, 1), D(2060, 12, 31))


@given(birth=days, issued=days)
def test_rules_agree_with_the_virtual_cards(birth: dt.date, issued: dt.date) -> None:
    if issued < birth:
        birth, issued = issued, birth
    expiry = card_expiry_rule(birth, issued)
    assert expiry == sim_dates.card_expiry(birth, issued)
    assert certificate_expiry_rule(birth, issued) == sim_dates.certificate_expiry(birth, issued)
    assert issued < certificate_expiry_rule(birth, issued) <= expiry <= issued.replace(year=issued.year + 11, day=1)


@given(birth=days, issued=days, offset=st.integers(-4000, 4000), months=st.integers(0, 12))
def test_window_opens_once_and_never_closes(birth: dt.date, issued: dt.date, offset: int, months: int) -> None:
    if issued < birth:
        birth, issued = issued, birth
    expiry = card_expiry_rule(birth, issued)
    facts = CardFacts(expiry, birth, issued)
    policy = RenewalPolicy(months)
    today = expiry + dt.timedelta(days=offset)
    result = decide(facts, today, policy)
    opens = months_before(expiry, months)
    assert opens <= expiry
    assert isinstance(result, Eligible) == (today >= opens)
    if isinstance(result, Eligible):
        assert result.card_expired == (today > expiry)
        assert isinstance(decide(facts, today + dt.timedelta(days=1), policy), Eligible)


def test_signature_certificate_is_judged_by_the_authentication_certificate_without_its_password() -> None:
    auth = CertificateValidity(ITO_ISSUED, D(2021, 12, 25))
    assert signature_like_authentication(auth, signature_on_card=True) == auth
    assert signature_like_authentication(auth, signature_on_card=False) is CertificateAbsence.NEVER_ISSUED


def test_a_card_ending_off_a_birthday_follows_the_residence_permit() -> None:
    from kiosk.flows.steps.eligibility import expiry_follows_residence

    born = dt.date(1991, 6, 18)
    assert not expiry_follows_residence(dt.date(2027, 6, 18), born)  # the birthday rule
    assert expiry_follows_residence(dt.date(2027, 2, 24), born)  # a 3-year permit's last day
    assert not expiry_follows_residence(dt.date(2027, 2, 28), dt.date(1992, 2, 29))  # 29 Feb in a common year
