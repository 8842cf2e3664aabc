"""Reading the timeline: filter, group and measure events. Pure functions over Content."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from babel.dates import get_month_names

from .dates import PartialDate
from .model import Content, Event


@dataclass(frozen=True)
class Filters:
    category: str = ""
    year: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.category or self.year or self.text.strip())


# the Unicode blocks of combining marks: the accents NFKD splits off letters
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase without accents, so `kursk` finds `Kursk` and `seoul` finds `Séoul`."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def search_text(content: Content, event: Event) -> str:
    words = [event.title, event.summary, *content.place_names(event), *content.actor_names(event)]
    return fold(" ".join([*words, event.body]))


_NOT_LETTERS = re.compile(r"[\W_]+")


def compact(folded: str) -> str:
    """Folded text without spaces, hyphens or apostrophes: `Jong-un`, `Jong Un` and `jongun`
    are one name, and so are `P'yongyang` and `Pyongyang`."""
    return _NOT_LETTERS.sub("", folded)


def filter_events(content: Content, filters: Filters) -> list[Event]:
    """Events matching every filter. The search reads each event in every language, so `Kursk`
    finds what the French text calls Koursk and `Poutine` finds Putin, and a shared link works
    in both languages; a word also matches across spaces and hyphens (`Kim Jong-un` finds
    Kim Jong Un)."""
    words = fold(filters.text).split()
    source = content.source or content
    versions = [source, *(c for c in source.translated.values())]

    def text(event: Event) -> str:
        found = (v.events_by_id.get(event.id) for v in versions)
        return " ".join(search_text(v, e) for v, e in zip(versions, found, strict=True) if e)

    def matches(event: Event) -> bool:
        if not words:
            return True
        folded = text(event)  # once per event, not once per word
        if all(word in folded for word in words):
            return True
        squeezed = compact(folded)
        return all(compact(word) in squeezed for word in words)

    return [
        event
        for event in content.events
        if (not filters.category or event.category == filters.category)
        and (filters.year is None or event.date.year == filters.year)
        and matches(event)
    ]


def years(content: Content) -> list[int]:
    return sorted({event.date.year for event in content.events})


@dataclass(frozen=True)
class Group:
    heading: str
    era_id: str
    years: list[tuple[int, list[Event]]]  # what the full view heads
    months: list[tuple[PartialDate, list[Event]]]  # what the compact view heads


def group_by_era_and_year(content: Content, events: list[Event]) -> list[Group]:
    """Events (already in date order) as eras, each holding its years and its months."""
    groups = []
    for era, era_events in groupby(events, key=content.era_of):
        listed = list(era_events)
        by_year = [(year, list(evs)) for year, evs in groupby(listed, key=lambda e: e.date.year)]
        by_month = [
            (PartialDate(*month), list(evs))
            for month, evs in groupby(listed, key=lambda e: (e.date.year, e.date.month))
        ]
        groups.append(Group(era.label if era else "", era.id if era else "", by_year, by_month))
    return groups


@dataclass(frozen=True)
class MonthMark:
    """One month of the time axis: how many events fall in it, and the first one to jump to."""

    year: int
    month: int
    count: int
    first_event_id: str | None
    level: int  # 0..8, the bar height relative to the busiest month
    initial: str  # the month's narrow name ("S"), its visible label under the bar

    @property
    def period(self) -> PartialDate:
        return PartialDate(self.year, self.month)


def month_axis(
    events: list[Event], first_year: int, last_year: int, language: str = "en"
) -> list[MonthMark]:
    """Every month from January of first_year to December of last_year, with its event count."""
    initials = get_month_names("narrow", locale=language)
    counts = Counter((e.date.year, e.date.month or 1) for e in events)
    first: dict[tuple[int, int], str] = {}
    for event in events:
        first.setdefault((event.date.year, event.date.month or 1), event.id)
    busiest = max(counts.values(), default=1)
    return [
        MonthMark(
            year,
            month,
            counts[year, month],
            first.get((year, month)),
            -(-8 * counts[year, month] // busiest),
            initials[month],
        )
        for year in range(first_year, last_year + 1)
        for month in range(1, 13)
    ]


def neighbours(content: Content, event: Event) -> tuple[Event | None, Event | None]:
    index = content.events.index(event)
    previous = content.events[index - 1] if index > 0 else None
    following = content.events[index + 1] if index + 1 < len(content.events) else None
    return previous, following


def related(content: Content, event: Event, limit: int = 4) -> list[Event]:
    """Events sharing actors (strongest) or the category, nearest in time first."""
    actors = set(event.actors)

    def score(other: Event) -> tuple[int, int]:
        shared = len(actors & set(other.actors))
        distance = abs((other.date.first_day - event.date.first_day).days)
        return (2 * shared + (other.category == event.category), -distance)

    candidates = [e for e in content.events if e.id != event.id]
    ranked = sorted(candidates, key=score, reverse=True)
    return [e for e in ranked[:limit] if score(e)[0] > 0]
