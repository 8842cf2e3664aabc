"""The overview: the whole story (or one era, one year) at a glance, as geometry for a small SVG
template to draw on the server. Pure functions over Content, no Flask.

One lane per thread (category), the eras as bands behind the lanes, an axis of months and
years, and every event a mark placed at its date. Marks are 24 × 24 units, drawn at one unit a
CSS pixel (the figure scrolls sideways rather than shrink), so each is a target WCAG 2.2 accepts;
marks that would touch in a lane go on the next row of that lane, so none hides another."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from babel.dates import get_month_names

from .model import Content, Event

WIDTH = 1140  # the drawing's units, one a CSS pixel
SIDE = 8  # room left and right of the time scale
MARK = 24  # a mark's side
GAP = 2  # the least room between two marks of a row
PITCH = MARK + GAP  # one row of marks
LANE_LABEL = 18  # the lane's name above its marks
LANE_GAP = 6
ERA_LINE = 13  # one line of an era's label
ERA_PAD = 6
AXIS = 40  # month labels and year labels under the lanes
CHAR = 6.4  # the average width of a character of an era's label (11 px system-ui)
MAX_ERA_LINES = 3
WIDE_MONTH = 80  # from this many units a month, months get their full names

Scale = Callable[[dt.date], float]  # a day to its x


@dataclass(frozen=True)
class Window:
    """The span the overview shows: everything, a year or an era (`zoom` is its query value)."""

    zoom: str
    kind: str  # "all", "year" or "era"
    label: str
    start: dt.date
    end: dt.date  # inclusive

    def holds(self, event: Event) -> bool:
        return self.start <= event.date.first_day <= self.end


def windows(content: Content) -> list[Window]:
    """Everything, then each year, then each era: what the overview can zoom to."""
    found = sorted({event.date.year for event in content.events})
    if not found:
        return []
    whole = Window("", "all", content.years, dt.date(found[0], 1, 1), dt.date(found[-1], 12, 31))
    by_year = [Window(str(y), "year", str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in found]
    eras = [
        Window(e.id, "era", e.label, e.start.first_day, e.end.last_day) for e in content.site.eras
    ]
    return [whole, *by_year, *eras]


def window_for(content: Content, zoom: str) -> Window | None:
    """The window a `zoom` value names ("" is everything), or None when it names none."""
    return next((w for w in windows(content) if w.zoom == zoom), None)


def in_window(events: Iterable[Event], window: Window) -> list[Event]:
    return [event for event in events if window.holds(event)]


@dataclass(frozen=True)
class Mark:
    event: Event
    x: float  # the mark's top left corner
    y: float

    @property
    def cx(self) -> float:
        return self.x + MARK / 2

    @property
    def cy(self) -> float:
        return self.y + MARK / 2


@dataclass(frozen=True)
class Lane:
    category: str
    label: str
    y: float  # the top of the lane (its label)
    height: float
    marks: tuple[Mark, ...]
    counts: tuple[int, ...]  # events in each band, in the bands' order


@dataclass(frozen=True)
class Band:
    """An era, as far as it lies inside the window."""

    era_id: str
    label: str
    lines: tuple[str, ...]  # its label, wrapped to the band's width
    x: float
    width: float
    shade: int  # 0 or 1, every other band


@dataclass(frozen=True)
class Tick:
    x: float
    width: float
    label: str  # "" for a month too narrow to name
    starts_year: bool


@dataclass(frozen=True)
class YearLabel:
    x: float
    year: int


@dataclass(frozen=True)
class Overview:
    window: Window
    width: int
    height: float
    lanes_top: float
    axis_y: float
    lanes: tuple[Lane, ...]
    bands: tuple[Band, ...]
    months: tuple[Tick, ...]
    years: tuple[YearLabel, ...]
    month_width: float

    @property
    def count(self) -> int:
        return sum(len(lane.marks) for lane in self.lanes)


def overview(content: Content, events: Sequence[Event], window: Window) -> Overview:
    """The geometry of `events` (those inside `window`) in lanes, with the eras and the axis.
    Only threads with an event shown get a lane; texts come in the content's language."""
    days = (window.end - window.start).days + 1
    scale = (WIDTH - 2 * SIDE) / days

    def x_of(day: dt.date) -> float:
        return SIDE + (day - window.start).days * scale

    def centre(event: Event) -> float:
        first, last = event.date.first_day, event.date.last_day
        middle = x_of(first) + ((last - first).days + 1) * scale / 2
        return min(max(middle, SIDE + MARK / 2), WIDTH - SIDE - MARK / 2)

    bands = _bands(content, window, x_of)
    era_height = ERA_PAD * 2 + ERA_LINE * max((len(b.lines) for b in bands), default=0)
    shown = in_window(events, window)
    lanes = []
    y = float(era_height)
    for category in content.site.categories:
        mine = [e for e in shown if e.category == category.id]
        if not mine:
            continue
        rows: list[float] = []  # the right edge of each row's last mark
        marks = []
        for event in sorted(mine, key=centre):
            left = centre(event) - MARK / 2
            row = next((i for i, edge in enumerate(rows) if edge + GAP <= left), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = left + MARK
            marks.append(Mark(event, round(left, 1), y + LANE_LABEL + row * PITCH))
        height = LANE_LABEL + len(rows) * PITCH + LANE_GAP
        counts = tuple(sum(1 for e in mine if _era_holds(content, b.era_id, e)) for b in bands)
        lanes.append(Lane(category.id, category.label, y, height, tuple(marks), counts))
        y += height
    months, years = _axis(window, x_of, content.language)
    return Overview(
        window,
        WIDTH,
        y + AXIS,
        float(era_height),
        y,
        tuple(lanes),
        bands,
        months,
        years,
        round(scale * 30.4, 1),
    )


def _era_holds(content: Content, era_id: str, event: Event) -> bool:
    era = content.era_of(event)
    return era is not None and era.id == era_id


def _bands(content: Content, window: Window, x_of: Scale) -> tuple[Band, ...]:
    bands = []
    for index, era in enumerate(content.site.eras):
        start = max(era.start.first_day, window.start)
        end = min(era.end.last_day, window.end)
        if end < start:
            continue
        x = x_of(start)
        width = x_of(end + dt.timedelta(days=1)) - x
        lines = wrap(era.label, int((width - 8) / CHAR), MAX_ERA_LINES)
        bands.append(Band(era.id, era.label, lines, round(x, 1), round(width, 1), index % 2))
    return tuple(bands)


def wrap(text: str, width: int, most: int) -> tuple[str, ...]:
    """`text` in lines of at most `width` characters (a longer word keeps its own line), at
    most `most` lines: the last one ends with "…" when the text does not fit."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max(width, 1):
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1] + "…"]
    return tuple(lines)


def _axis(
    window: Window, x_of: Scale, language: str
) -> tuple[tuple[Tick, ...], tuple[YearLabel, ...]]:
    names = _month_names(language)
    first = dt.date(window.start.year, window.start.month, 1)
    months = []
    day = first
    while day <= window.end:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        width = x_of(following) - x_of(day)
        wide = width >= WIDE_MONTH
        named = wide or width >= 40 or day.month % 3 == 1
        label = (names["wide"] if wide else names["abbreviated"])[day.month] if named else ""
        left = x_of(max(day, window.start))
        right = x_of(min(following, window.end + dt.timedelta(days=1)))
        months.append(Tick(round(left, 1), round(right - left, 1), label, day.month == 1))
        day = following
    years = [
        YearLabel(round(x_of(max(dt.date(y, 1, 1), window.start)), 1), y)
        for y in range(window.start.year, window.end.year + 1)
    ]
    return tuple(months), tuple(years)


@functools.cache
def _month_names(language: str) -> dict[str, dict[int, str]]:
    return {
        width: dict(get_month_names(width, locale=language)) for width in ("wide", "abbreviated")
    }
