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
        "event_quiz": "Around this event: {title}",
        "event_quiz_description": "A short quiz on this event and the ones closest to it.",
        "dated": "“{title}” ({date})",
        "about": "{date}: {summary}",
        "list_separator": "; ",
        "about 600": "about {n}",
        "more than 600": "more than {n}",
        "at least 600": "at least {n}",
        "nearly 600": "nearly {n}",
        "just over 600": "just over {n}",
        "up to 600": "up to {n}",
    },
    "fr": {
        "event_quiz": "Autour de cet événement : {title}",
        "event_quiz_description": "Un court quiz sur cet événement et ceux qui en sont proches.",
        "dated": "« {title} » ({date})",
        "about": "{date} : {summary}",
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


def about(event, language: str) -> str:
    """An event's dates and summary: the explanation that links back to it (the title would
    only say the summary twice)."""
    date = capitalised(format_span(event.date, event.end, language))
    return phrase(language, "about", date=date, summary=event.summary)


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
