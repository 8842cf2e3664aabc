"""Mistakes that parse as valid YAML but are not what the teacher meant, and options whose form
gives the right answer away. Pure functions: the loader reports what they find, by line."""

from __future__ import annotations

import functools
import re
from typing import Any

from .yamlsource import KeyPath

YEARS = "{years}"  # in site.yaml's title or subtitle: replaced by the span of the events

CURLY = (("“", "”"), ("‘", "’"))
QUALIFIERS = re.compile(
    r"^(about|around|roughly|more than|over|at least|nearly|almost|just over|up to|fewer than|"
    r"less than|environ|plus de|au moins|près de|presque|un peu plus de|jusqu'à|moins de)\b",
    re.IGNORECASE,
)


def suspicious_values(data: Any) -> list[tuple[KeyPath, str, str]]:
    """(where, message, hint) for values that YAML read differently from how they look."""
    found: list[tuple[KeyPath, str, str]] = []
    _walk(data, (), found)
    return found


_OPENING = frozenset(a for a, _ in CURLY)


def _walk(data: Any, path: KeyPath, found: list[tuple[KeyPath, str, str]]) -> None:
    """One pass over every value (loading 10,000 events walks about 200,000 of them)."""
    if isinstance(data, str):
        text = data.strip()
        if text[:1] in _OPENING and any(text.startswith(a) and text.endswith(b) for a, b in CURLY):
            found.append(
                (
                    path,
                    "is wrapped in curly quotes, which become part of the text",
                    'use straight double quotes "…" around a value (turn off smart quotes)',
                )
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) or (isinstance(value, str) and value[:1] in _OPENING):
                _walk(value, (*path, key), found)
    elif isinstance(data, list):
        before = None
        for index, item in enumerate(data):
            if before is not None and _cut_number(before, item):
                found.append(
                    (
                        (*path, index),
                        f"`{before}` and `{item}` look like one number cut at its comma",
                        'put each item in double quotes: ["About 7", "About 1,000"]',
                    )
                )
            _walk(item, (*path, index), found)
            before = item


def _cut_number(before: Any, item: Any) -> bool:
    """`[About 7, About 1,000]` reads as "About 7", "About 1", 0: an unquoted comma inside a
    number starts a new item. Quoted items ("12", "50") are left alone."""
    number = isinstance(item, int) and not isinstance(item, bool)
    if isinstance(before, str) and re.search(r"[^\W\d]", before) and before[-1:].isdigit():
        return number or (isinstance(item, str) and bool(re.match(r"^\d{3}(?!\d)", item)))
    return number and item == 0 and isinstance(before, int) and not isinstance(before, bool)


@functools.lru_cache(maxsize=65536)
def features(text: str) -> dict[str, bool]:
    """Marks of form a student can spot without knowing the answer."""
    return {
        "a number": bool(re.search(r"\d", text)),
        "a parenthesis": "(" in text,
        "a colon or semicolon": bool(re.search(r"[:;]", text)),
        "a qualifier such as “about”": bool(QUALIFIERS.match(text.strip())),
    }


def giveaway_by_form(
    answer: str, wrong: list[str], tolerance: float = 0.15, slack: int = 5
) -> list[str]:
    """Why the right option stands out by its form, if it does: the longest by more than 15%
    (and by more than a few characters: "Pyongyang" beside "Kazan" stands out to nobody), or
    the only one of its shape (the only one with a number, a parenthesis, a qualifier…)."""
    found = []
    longest = max((len(w) for w in wrong), default=0)
    if longest and len(answer) > longest * (1 + tolerance) and len(answer) - longest > slack:
        percent = round(100 * (len(answer) / longest - 1))
        found.append(f"the right option is the longest by {percent}%")
    if len(wrong) >= 2:
        mine, theirs = features(answer), [features(w) for w in wrong]
        for mark, has in mine.items():
            if all(other[mark] != has for other in theirs):
                state = "has" if has else "lacks"
                found.append(f"the right option is the only one that {state} {mark}")
    return found


_STATED_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)\b")


def misstated_spans(title: str, subtitle: str, span: str) -> list[tuple[str, str, str]]:
    """(field, what is wrong, how to fix it) for the site's title or subtitle when it types out
    years the events contradict: the English and every translation are held to this."""
    found = []
    for key, text in (("title", title), ("subtitle", subtitle)):
        stated = stated_span(text, span)
        if stated:
            found.append(
                (
                    key,
                    f"says {stated} but the events run {span}",
                    f"write {YEARS} instead: the site then shows the years of the events",
                )
            )
    return found


def stated_span(text: str, span: str) -> str | None:
    """The year range a title states when it is not the span of the events, else None."""
    found = _STATED_SPAN.search(text)
    if not found or not span:
        return None
    stated = f"{found.group(1)}–{found.group(2)}"
    return stated if stated != span else None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def hint_shows(hint: str, answer: str) -> bool:
    """Does a hint spell out the answer: every word of the answer, in order, in the hint?"""
    words, said = _words(answer), _words(hint)
    if not words:
        return False
    return any(said[i : i + len(words)] == words for i in range(len(said) - len(words) + 1))
