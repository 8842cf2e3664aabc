"""How distractors are chosen: plausible (near in time, same category), never the same thing as
the answer under another name."""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable
from typing import TypeVar

from ..content.lint import features
from ..content.timeline import fold

T = TypeVar("T")
_FILLER = {"the", "of", "and", "in", "on", "at", "to", "near", "region", "city", "for", "a", "an"}


def stable_rng(*parts: str) -> random.Random:
    """A generator seeded by the question's identity: same content, same question."""
    return random.Random("|".join(parts))


def words(text: str) -> set[str]:
    """Significant words of a name, plus its acronym: "United Nations" -> {united, nations, un}."""
    tokens = re.findall(r"[a-z0-9]+", fold(text))
    significant = {t for t in tokens if t not in _FILLER}
    initials = "".join(t[0] for t in tokens if t not in _FILLER)
    return significant | ({initials} if len(initials) > 1 else set())


def clash(a: str, b: str) -> bool:
    """Could a student argue that both names point at the same thing? ("Pyongyang" and
    "Russian Embassy, Pyongyang"; "United Nations" and "UN Security Council")."""
    return bool(words(a) & words(b))


def same_text(a: str, b: str) -> bool:
    """Equal, or one inside the other, ignoring case and accents."""
    a, b = fold(a), fold(b)
    return a in b or b in a


def form_distance(answer: str) -> Callable[[str], tuple[int, int]]:
    """A sort key putting first the texts that look most like `answer`: the same marks of form
    (a number, a parenthesis…), then a length close to it. Wrong options chosen this way leave
    nothing to spot by form."""
    mine = form_marks(answer)

    def distance(text: str) -> tuple[int, int]:
        marks = sum(a != b for a, b in zip(mine, form_marks(text), strict=True))
        return marks, abs(len(text) - len(answer)) // 15

    return distance


@functools.lru_cache(maxsize=65536)
def form_marks(text: str) -> tuple[bool, ...]:
    return tuple(features(text).values())
