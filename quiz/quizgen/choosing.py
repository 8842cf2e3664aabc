"""How distractors are chosen: plausible (near in time, same category), never the same thing as
the answer under another name."""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..content import Content, Event
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


def pick_distinct(
    answer: str,
    candidates: Iterable[T],
    text: Callable[[T], str] = str,
    n: int = 3,
    alike: Callable[[str, str], bool] = same_text,
) -> list[T]:
    """Up to n candidates, in order of preference, whose text is not `alike` the answer's or
    another chosen one's."""
    chosen: list[T] = []
    taken = [answer]
    for candidate in candidates:
        shown = text(candidate)
        if fold(shown) and not any(alike(shown, other) for other in taken):
            chosen.append(candidate)
            taken.append(shown)
        if len(chosen) == n:
            break
    return chosen


def form_distance(answer: str) -> Callable[[str], tuple[int, int]]:
    """A sort key putting first the texts that look most like `answer`: the same marks of form
    (a number, a parenthesis…), then a length close to it. Wrong options chosen this way leave
    nothing to spot by form."""
    mine = features(answer)

    def distance(text: str) -> tuple[int, int]:
        theirs = features(text)
        return sum(mine[k] != theirs[k] for k in mine), abs(len(text) - len(answer)) // 15

    return distance


def nearby(content: Content, event: Event, rng: random.Random, width: int = 12) -> list[Event]:
    """Events close in the timeline, same category first, then nearest in time (ties by rng).

    Looks only `width` places either side, so building the pool stays linear in the content."""
    index = position(content, event)
    window = content.events[max(0, index - width) : index + width + 1]
    keyed = [
        (
            other.category != event.category,
            abs((other.date.first_day - event.date.first_day).days) // 45,
            rng.random(),
            other,
        )
        for other in window
        if other.id != event.id
    ]
    return [item[-1] for item in sorted(keyed, key=lambda item: item[:3])]


def position(content: Content, event: Event) -> int:
    """Binary search by date in the sorted timeline, then a short walk to the event itself."""
    low = bisect.bisect_left(content.events, event.date, key=lambda e: e.date)
    while content.events[low].id != event.id:
        low += 1
    return low
