"""Birth dates as the card prints them: the Japanese era (和暦) for Japanese nationals, the western year otherwise.

A Japanese national's My Number Card prints the birth date in the era calendar (「昭和56年3月14日生」); a foreign
resident's card prints the western year (「1981年3月14日生」). PIN-B wants the western date, so the resident types
what the card shows and the kiosk converts here. Each era begins on the day its emperor's reign began, and its
first year is written 元年; a date outside its era (昭和64年1月8日, 平成31年5月1日) does not exist and is refused
with :class:`InvalidEraDate`, never moved into the next era.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Calendar(StrEnum):
    """How a card prints the birth date. The values are the ids the screens use (``era:<value>``)."""

    TAISHO = "taisho"
    SHOWA = "showa"
    HEISEI = "heisei"
    REIWA = "reiwa"
    WESTERN = "western"


@dataclass(frozen=True)
class _Era:
    name: str
    first_day: dt.date


ERAS: dict[Calendar, _Era] = {
    Calendar.TAISHO: _Era("大正", dt.date(1912, 7, 30)),
    Calendar.SHOWA: _Era("昭和", dt.date(1926, 12, 25)),
    Calendar.HEISEI: _Era("平成", dt.date(1989, 1, 8)),
    Calendar.REIWA: _Era("令和", dt.date(2019, 5, 1)),
}
"""The eras a living card holder can be born in, oldest first."""


class InvalidEraDate(ValueError):
    """The year, month and day do not name a day in the given calendar (the message holds no date)."""


def _last_day(calendar: Calendar) -> dt.date | None:
    """The last day of ``calendar``'s era, or None while it lasts."""
    order = list(ERAS)
    position = order.index(calendar)
    if position + 1 == len(order):
        return None
    return ERAS[order[position + 1]].first_day - dt.timedelta(days=1)


@dataclass(frozen=True)
class PrintedDate:
    """A date written in ``calendar`` (``year`` is the era year, 1 for 元年, or the western year). It is usually a
    resident's birth date: nothing of it shows in its repr."""

    calendar: Calendar = field(repr=False)
    year: int = field(repr=False)
    month: int = field(repr=False)
    day: int = field(repr=False)

    def to_date(self) -> dt.date:
        """The western date; :class:`InvalidEraDate` when no such day exists in this calendar."""
        if self.calendar is Calendar.WESTERN:
            western_year = self.year
        else:
            if self.year < 1:
                raise InvalidEraDate(f"an era year starts at 1 (元年), not {self.year}")
            western_year = ERAS[self.calendar].first_day.year + self.year - 1
        try:
            day = dt.date(western_year, self.month, self.day)
        except ValueError:
            raise InvalidEraDate("no such month or day") from None
        if self.calendar is not Calendar.WESTERN:
            last = _last_day(self.calendar)
            if day < ERAS[self.calendar].first_day or (last is not None and day > last):
                raise InvalidEraDate(f"that day is outside the {self.calendar.value} era")
        return day

    def printed(self) -> str:
        """The date as the card prints it: 昭和56年3月14日, 平成元年1月8日, 1981年3月14日."""
        if self.calendar is Calendar.WESTERN:
            return f"{self.year}年{self.month}月{self.day}日"
        year = "元" if self.year == 1 else str(self.year)
        return f"{ERAS[self.calendar].name}{year}年{self.month}月{self.day}日"


def era_of(day: dt.date) -> PrintedDate:
    """``day`` in the era calendar, as a Japanese national's card prints it (ValueError before 大正)."""
    for calendar, era in reversed(ERAS.items()):
        if day >= era.first_day:
            return PrintedDate(calendar, day.year - era.first_day.year + 1, day.month, day.day)
    raise ValueError("dates before the Taisho era are not printed on a card held today")


def western(day: dt.date) -> PrintedDate:
    """``day`` as a foreign resident's card prints it."""
    return PrintedDate(Calendar.WESTERN, day.year, day.month, day.day)


def as_printed(day: dt.date, calendar: Calendar) -> PrintedDate:
    """``day`` written the way a card using ``calendar`` prints it (any era picks the era of ``day``)."""
    return western(day) if calendar is Calendar.WESTERN else era_of(day)


def printed_birth_date(day: dt.date, calendar: Calendar | None) -> str:
    """A birth date shown back as the card prints it; both ways when the calendar is not known (an era on a Japanese
    national's card, western on a foreign resident's)."""
    if calendar is not None:
        return as_printed(day, calendar).printed()
    try:
        return f"{era_of(day).printed()} / {western(day).printed()}"
    except ValueError:
        return western(day).printed()


def parse_entry(calendar: Calendar, digits: str) -> PrintedDate:
    """What the resident typed: YYMMDD for an era (year of the era, two digits each), YYYYMMDD for western.

    :class:`InvalidEraDate` when the digits are malformed or the day does not exist in ``calendar``.
    """
    size = 8 if calendar is Calendar.WESTERN else 6
    if len(digits) != size or not digits.isascii() or not digits.isdigit():
        raise InvalidEraDate(f"expected {size} digits")
    split = size - 4
    printed = PrintedDate(calendar, int(digits[:split]), int(digits[split : split + 2]), int(digits[split + 2 :]))
    printed.to_date()
    return printed
