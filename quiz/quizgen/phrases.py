"""Phrases that several kinds share: quantities, months, the event quiz's header. The words of
each language are data (quiz/quizgen/languages); this module only fills them in."""

from __future__ import annotations

import functools
import re

from babel.numbers import format_decimal

from ..content import Event, PartialDate
from ..content.dates import format_span
from .languages import phrases_for


def phrase(language: str, key: str, **values: object) -> str:
    return phrases_for(language).shared[key].format(**values)


@functools.lru_cache(maxsize=16384)
def quantity(value: float, qualifier: str | None, language: str) -> str:
    """`about 600`, `plus de 20 000`, `397`: a figure as a sentence says it."""
    number = format_decimal(value, locale=language)
    return phrase(language, f"{qualifier} 600", n=number) if qualifier else number


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def month(date: PartialDate, language: str) -> str:
    """`April 2025` / `avril 2025`: the month a figure was given (the day rarely matters)."""
    return PartialDate(date.year, date.month).format(language)


def on_the_day(date: PartialDate, language: str) -> str:
    """`In April 2025` / `On 23 October 2024` / « Le 23 octobre 2024 »: when a figure was given,
    to the day where known, since two bodies of one government may differ within a month."""
    if date.day:
        return phrase(language, "on_day", date=date.format(language))
    return phrase(language, "in_month", month=month(date, language))


def about(event: Event, language: str) -> str:
    """An event's summary, then its dates, `… state of war. Date: 19 June 2024.`: the
    explanation that links back to it. Labelled, so a day in the summary ("landing on 28 July")
    reads as a detail, not as a second date of the event."""
    summary = event.summary.strip()
    end = "" if summary[-1:] in ".!?" else "."
    date = format_span(event.date, event.end, language)
    return f"{summary}{end} {phrase(language, 'event_date', date=date)}"


def elide(text: str, language: str) -> str:
    """What a language does when words are slotted into a sentence: in French, elision before
    a vowel (« de environ » -> « d'environ ») and contraction (« de le » -> « du »)."""
    for pattern, replacement in _elisions(language):
        text = pattern.sub(replacement, text)
    return text


@functools.cache
def _elisions(language: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), r) for p, r in phrases_for(language).elisions)
