"""Bar charts as geometry, for small SVG templates to draw on the server (no JavaScript, they
print): the score histogram and the questions' facility. Pure functions, no Flask.

Small templates rather than pygal: two bar charts need a few `<rect>`s, which a template writes
under the page's CSP (`style-src 'self'`, so no inline styles) with the page's own CSS classes,
in the page's language, with the text alternatives next to them; pygal would add a dependency
whose SVG carries inline styles and a script."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600  # the drawing's own units (the viewBox); CSS scales it to the page
BAR_AREA = 160  # the histogram's tallest bar
LABEL = 20  # room for the labels under and above the bars
ROW = 24  # one facility bar and its gap
NAME = 48  # room for "Q10" at the left of a facility bar
VALUE = 56  # room for "100%" at the right of one


@dataclass(frozen=True)
class Bar:
    label: str  # what the bar counts: a score, a question's position
    value: float | None  # the number it stands for (students, a percentage); None: no data
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    track: float = 0  # a horizontal bar's full length (100%)


def histogram(scores: Sequence[int], out_of: int) -> BarChart:
    """One bar per possible score, 0 to `out_of`, as tall as the number of students who got it
    (the tallest bar: BAR_AREA)."""
    counts = [0] * (out_of + 1)
    for score in scores:
        counts[min(max(score, 0), out_of)] += 1
    most = max(counts, default=0) or 1
    slot = WIDTH / len(counts)
    bars = []
    for score, count in enumerate(counts):
        height = round(BAR_AREA * count / most, 1)
        x = round(slot * score + slot * 0.1, 1)
        y = round(LABEL + BAR_AREA - height, 1)
        bars.append(Bar(str(score), count, x, y, round(slot * 0.8, 1), height))
    return BarChart(tuple(bars), WIDTH, LABEL + BAR_AREA + LABEL)


def horizontal(values: Sequence[tuple[str, float | None]]) -> BarChart:
    """One bar per (label, percentage) row, as long as the percentage (100%: the full width
    left by the labels); a row without a value has no bar."""
    room = WIDTH - NAME - VALUE
    bars = []
    for row, (label, value) in enumerate(values):
        width = 0.0 if value is None else round(room * max(0.0, min(value, 100.0)) / 100, 1)
        bars.append(Bar(label, value, NAME, row * ROW, width, ROW - 6))
    return BarChart(tuple(bars), WIDTH, max(len(values), 1) * ROW, room)
