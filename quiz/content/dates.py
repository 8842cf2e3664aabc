"""Dates whose precision is part of the fact: a year, a month, or a day."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from enum import IntEnum

from babel.dates import get_month_names

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day.

    Sorts before any more precise date inside it: 2024-06 < 2024-06-01."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, text: object) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a ValueError says how to fix the text."""
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"{text!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}; months run from 01 to 12")
        if match.group(3):
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text!r} is not a day of the calendar") from None
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        if self.day:
            return Precision.DAY
        return Precision.MONTH if self.month else Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """The date as written in content files, at its own precision."""
        parts = [f"{self.year:04d}", f"{self.month:02d}" if self.month else "", f"{self.day:02d}"]
        return "-".join(parts[: self.precision])

    def __str__(self) -> str:
        return self.format("en")

    def format(self, locale: str = "en") -> str:
        """Human form at the date's precision: `13 September 2023`, `1er mai 2022`, `2024`."""
        if self.day:
            return f"{day_number(self.day, locale)} {month_name(self.month, locale)} {self.year}"
        if self.month:
            return f"{month_name(self.month, locale)} {self.year}"
        return str(self.year)

    def overlaps(self, other: PartialDate) -> bool:
        """True when the two spans share a day: `2024-06` overlaps `2024-06-19`."""
        return self.first_day <= other.last_day and other.first_day <= self.last_day


@functools.cache
def month_name(month: int, locale: str = "en") -> str:
    name: str = get_month_names("wide", locale=locale)[month]
    return name


def day_number(day: int, locale: str) -> str:
    return "1er" if day == 1 and locale == "fr" else str(day)


def format_span(start: PartialDate, end: PartialDate | None, locale: str = "en") -> str:
    """`12–17 September 2023`, `30 juin – 2 juillet 2024`, or the start when there is no end."""
    if end is None or end == start:
        return start.format(locale)
    if start.precision == end.precision == Precision.DAY and start.year == end.year:
        first = day_number(start.day, locale)
        if start.month == end.month:
            return f"{first}–{end.format(locale)}"
        return f"{first} {month_name(start.month, locale)} – {end.format(locale)}"
    return f"{start.format(locale)} – {end.format(locale)}"
