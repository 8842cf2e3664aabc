"""Dates whose precision is part of the fact: a year, a month, or a day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = tuple(calendar.month_name)[1:]


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
        """Human form at the date's precision: `13 September 2023`, `May 2022`, `2024`."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def overlaps(self, other: PartialDate) -> bool:
        """True when the two spans share a day: `2024-06` overlaps `2024-06-19`."""
        return self.first_day <= other.last_day and other.first_day <= self.last_day


def format_span(start: PartialDate, end: PartialDate | None) -> str:
    """`12–17 September 2023`, `30 June – 2 July 2024`, or just the start when there is no end."""
    if end is None or end == start:
        return str(start)
    if start.precision == end.precision == Precision.DAY and start.year == end.year:
        if start.month == end.month:
            return f"{start.day}–{end}"
        return f"{start.day} {MONTHS[start.month - 1]} – {end}"
    return f"{start} – {end}"
