"""Words that several kinds share, per language: quantities, months, the event quiz's header.
A kind's own stems live with the kind (quiz/quizgen/kinds)."""

from __future__ import annotations

import functools
import re

from babel.numbers import format_decimal

from ..content import PartialDate
from ..content.dates import format_span

PHRASES = {
    "en": {
        "event_quiz_description": (
            "A short quiz on this event and the ones that share its people or its story."
        ),
        "dated": "“{title}” ({date})",
        "list_separator": "; ",
        "about 600": "about {n}",
        "more than 600": "more than {n}",
        "at least 600": "at least {n}",
        "nearly 600": "nearly {n}",
        "just over 600": "just over {n}",
        "up to 600": "up to {n}",
    },
    "fr": {
        "event_quiz_description": (
            "Un court quiz sur cet événement et ceux qui partagent ses acteurs ou son histoire."
        ),
        "dated": "« {title} » ({date})",
        "list_separator": " ; ",
        "about 600": "environ {n}",
        "more than 600": "plus de {n}",
        "at least 600": "au moins {n}",
        "nearly 600": "près de {n}",
        "just over 600": "un peu plus de {n}",
        "up to 600": "jusqu'à {n}",
    },
}


def phrase(language: str, key: str, **values: object) -> str:
    return (PHRASES.get(language) or PHRASES["en"])[key].format(**values)


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
        return f"On {date.format(language)}" if language == "en" else f"Le {date.format(language)}"
    return f"In {month(date, language)}" if language == "en" else f"En {month(date, language)}"


def about(event, language: str) -> str:
    """An event's dates, then its summary, `19 June 2024: the two leaders sign …`: the
    explanation that links back to it. Dates first, so a day in the summary ("landing on
    28 July") reads as a detail, not as a second date of the event."""
    summary = event.summary.strip()
    end = "" if summary[-1:] in ".!?" else "."
    return f"{capitalised(format_span(event.date, event.end, language))}: {summary}{end}"


def elide(text: str, language: str) -> str:
    """What French does when words are slotted into a sentence: elision before a vowel (« de
    environ » -> « d'environ », « que au » -> « qu'au ») and contraction (« de le » -> « du »,
    « à les » -> « aux »)."""
    if language != "fr":
        return text
    text = re.sub(r"\b(de|que) (?=[aeiouéèêàâîôûAEIOUÉ])", lambda m: m.group(1)[:-1] + "'", text)
    for long, short in (
        ("de le ", "du "),
        ("de les ", "des "),
        ("à le ", "au "),
        ("à les ", "aux "),
    ):
        text = re.sub(rf"\b{long}", short, text)
    return text
