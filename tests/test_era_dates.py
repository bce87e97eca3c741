"""The birth date as the card prints it, converted for PIN-B: every era boundary, 元年, and days that do not exist."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.era_dates import (
    Calendar,
    InvalidEraDate,
    PrintedDate,
    as_printed,
    era_of,
    parse_entry,
    printed_birth_date,
    western,
)


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        (PrintedDate(Calendar.SHOWA, 64, 1, 7), dt.date(1989, 1, 7)),
        (PrintedDate(Calendar.HEISEI, 1, 1, 8), dt.date(1989, 1, 8)),
        (PrintedDate(Calendar.HEISEI, 31, 4, 30), dt.date(2019, 4, 30)),
        (PrintedDate(Calendar.REIWA, 1, 5, 1), dt.date(2019, 5, 1)),
        (PrintedDate(Calendar.SHOWA, 56, 3, 14), dt.date(1981, 3, 14)),
        (PrintedDate(Calendar.SHOWA, 1, 12, 25), dt.date(1926, 12, 25)),
        (PrintedDate(Calendar.TAISHO, 15, 12, 24), dt.date(1926, 12, 24)),
        (PrintedDate(Calendar.WESTERN, 1981, 3, 14), dt.date(1981, 3, 14)),
    ],
)
def test_a_printed_date_converts_to_the_western_date_pin_b_uses(printed: PrintedDate, day: dt.date) -> None:
    assert printed.to_date() == day
    assert as_printed(day, printed.calendar) == printed


@pytest.mark.parametrize(
    "printed",
    [
        PrintedDate(Calendar.SHOWA, 64, 1, 8),  # the day Heisei began
        PrintedDate(Calendar.HEISEI, 1, 1, 7),  # still Showa
        PrintedDate(Calendar.HEISEI, 31, 5, 1),  # the day Reiwa began
        PrintedDate(Calendar.REIWA, 1, 4, 30),  # still Heisei
        PrintedDate(Calendar.SHOWA, 1, 12, 24),  # still Taisho
        PrintedDate(Calendar.SHOWA, 0, 5, 1),
        PrintedDate(Calendar.HEISEI, 2, 2, 30),
        PrintedDate(Calendar.REIWA, 3, 13, 1),
        PrintedDate(Calendar.WESTERN, 1981, 2, 29),
    ],
)
def test_a_day_that_does_not_exist_in_its_calendar_is_refused(printed: PrintedDate) -> None:
    with pytest.raises(InvalidEraDate):
        printed.to_date()


def test_the_first_year_of_an_era_is_printed_gannen() -> None:
    assert era_of(dt.date(1989, 1, 8)).printed() == "平成元年1月8日"
    assert era_of(dt.date(1989, 1, 7)).printed() == "昭和64年1月7日"
    assert era_of(dt.date(2019, 5, 1)).printed() == "令和元年5月1日"
    assert western(dt.date(1981, 3, 14)).printed() == "1981年3月14日"


def test_typed_digits_are_year_month_day_in_the_chosen_calendar() -> None:
    assert parse_entry(Calendar.SHOWA, "560314").to_date() == dt.date(1981, 3, 14)
    assert parse_entry(Calendar.HEISEI, "010108").to_date() == dt.date(1989, 1, 8)
    assert parse_entry(Calendar.WESTERN, "19810314").to_date() == dt.date(1981, 3, 14)
    for calendar, digits in [
        (Calendar.SHOWA, "640108"),
        (Calendar.HEISEI, "310501"),
        (Calendar.SHOWA, "19810314"),
        (Calendar.WESTERN, "560314"),
        (Calendar.REIWA, "０１０５０１"),  # full-width digits are not what the keypad sends
        (Calendar.REIWA, "01-5-1"),
    ]:
        with pytest.raises(InvalidEraDate):
            parse_entry(calendar, digits)


def test_a_birth_date_is_shown_back_as_printed_or_both_ways_when_the_calendar_is_not_known() -> None:
    born = dt.date(1981, 3, 14)
    assert printed_birth_date(born, Calendar.SHOWA) == "昭和56年3月14日"
    assert printed_birth_date(born, Calendar.WESTERN) == "1981年3月14日"
    assert printed_birth_date(born, None) == "昭和56年3月14日 / 1981年3月14日"


def test_the_refusal_does_not_carry_the_date() -> None:
    with pytest.raises(InvalidEraDate) as caught:
        parse_entry(Calendar.SHOWA, "640108")
    assert "64" not in str(caught.value) and "0108" not in str(caught.value)


@given(st.dates(min_value=dt.date(1912, 7, 30), max_value=dt.date(2100, 12, 31)))
def test_every_day_round_trips_through_its_era(day: dt.date) -> None:
    printed = era_of(day)
    assert printed.to_date() == day
    digits = f"{printed.year:02d}{printed.month:02d}{printed.day:02d}"
    assert parse_entry(printed.calendar, digits).to_date() == day


def test_a_printed_date_does_not_show_itself() -> None:
    assert "56" not in repr(PrintedDate(Calendar.SHOWA, 56, 3, 14)) and "showa" not in repr(
        era_of(dt.date(1981, 3, 14))
    )
