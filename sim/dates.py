"""Dates on the card: ages, the validity rules of cards and certificates, and Japanese eras."""

from __future__ import annotations

import datetime as dt
from typing import Final

ADULT_AT_ISSUE: Final = 18
"""Age at issue from which a card is valid for 10 birthdays instead of 5 (cards issued since April 2022)."""
ADULT_AT_ISSUE_BEFORE_2022: Final = 20
"""The same threshold for cards issued before ``MAJORITY_CHANGE`` (age of majority 20 until then)."""
MAJORITY_CHANGE: Final = dt.date(2022, 4, 1)
CARD_YEARS_ADULT: Final = 10
CARD_YEARS_MINOR: Final = 5
CERT_YEARS: Final = 5


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """The birthday in ``year``; 29 February falls on 28 February in common years."""
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def nth_birthday_after(birth: dt.date, issued: dt.date, n: int) -> dt.date:
    """The n-th birthday strictly after ``issued`` (発行の日後のn回目の誕生日)."""
    if n < 1:
        raise ValueError("n counts from 1")
    first = issued.year if birthday_in(birth, issued.year) > issued else issued.year + 1
    return birthday_in(birth, first + n - 1)


def card_expiry(birth: dt.date, issued: dt.date, residence_until: dt.date | None = None) -> dt.date:
    """Last valid day of a card: 10th birthday after issue, 5th if the holder was a minor at issue (under 18;
    under 20 for a card issued before April 2022); a foreign resident's card ends with the residence permit
    (``residence_until``) if that comes first."""
    adult = ADULT_AT_ISSUE if issued >= MAJORITY_CHANGE else ADULT_AT_ISSUE_BEFORE_2022
    years = CARD_YEARS_ADULT if age_on(birth, issued) >= adult else CARD_YEARS_MINOR
    expiry = nth_birthday_after(birth, issued, years)
    return min(expiry, residence_until) if residence_until is not None else expiry


def certificate_expiry(birth: dt.date, issued: dt.date, card_expiry: dt.date | None = None) -> dt.date:
    """Last valid day of both JPKI certificates: the 5th birthday after issue, never after the card's expiry."""
    expiry = nth_birthday_after(birth, issued, CERT_YEARS)
    return min(expiry, card_expiry) if card_expiry is not None else expiry


# (era number in JPKI birth dates, name, first day)
_ERAS: Final = (
    (5, "令和", dt.date(2019, 5, 1)),
    (4, "平成", dt.date(1989, 1, 8)),
    (3, "昭和", dt.date(1926, 12, 25)),
    (2, "大正", dt.date(1912, 7, 30)),
    (1, "明治", dt.date(1868, 10, 23)),
)


def era_of(day: dt.date) -> tuple[int, str, int]:
    """(JPKI era digit, era name, year within the era) of ``day``; raises ``ValueError`` before 明治."""
    for number, name, start in _ERAS:
        if day >= start:
            return number, name, day.year - start.year + 1
    raise ValueError("date before the Meiji era")


def japanese_date(day: dt.date) -> str:
    """``昭和55年 3月14日`` style, as printed on the card (元年 for year 1)."""
    _, name, year = era_of(day)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{day.month:2d}月{day.day:2d}日"


def jpki_birth_date(day: dt.date) -> str:
    """``EYYYYMMDD``: JPKI era digit then the Gregorian date (sign certificate subjectAltName)."""
    return f"{era_of(day)[0]}{day:%Y%m%d}"
