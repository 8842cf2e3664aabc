"""Typography a language expects, applied to its texts as they are loaded or generated.

French puts a narrow no-break space before ? ! ; and a no-break space before : and inside
« », and groups thousands with a narrow no-break space (« 11 000 », as Babel writes numbers).
Teachers type ordinary spaces, and a line must never break before a question mark."""

from __future__ import annotations

import re

NARROW, NO_BREAK = "\u202f", "\u00a0"
_FRENCH = (
    (re.compile(r"(?<=\S)[ \u00a0\u202f]*([?!;])(?=\s|$|[»)])"), NARROW + r"\1"),
    (re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)"), NO_BREAK + ":"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NO_BREAK),
    (re.compile(r"[ \u00a0\u202f]*»"), NO_BREAK + "»"),
    (re.compile(r"(?<=\d)[ \u00a0](?=\d{3}\b)"), NARROW),
)


def typeset(text: str, language: str) -> str:
    """The text with the spaces its language's typography wants (idempotent)."""
    if language != "fr" or not text:
        return text
    for pattern, replacement in _FRENCH:
        text = pattern.sub(replacement, text)
    return text
