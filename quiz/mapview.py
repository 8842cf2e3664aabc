"""What a map shows: the country outlines of a frame and the marks of places. Pure: no Flask.

The outlines are the same for everyone and are worked out once per outlines file
(quiz.geometry caches them); the marks follow the content, and the pages that show them are
cached per content version like every timeline page (quiz.caching)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import Content, Event
from .content.gazetteer import PlaceEvents, event_points, places_with_events
from .geometry import Frame, Shape, base_map

# The band from Kyiv to Komsomolsk-on-Amur, down to Seoul and Busan; Washington and New York
# are listed as beyond the map. Country ids are ISO 3166-1 numeric, as in world-atlas.
FULL = Frame(west=28.0, south=31.0, east=146.0, north=62.0, width=960)
LOCATOR = Frame(west=28.0, south=31.0, east=146.0, north=62.0, width=320)
TOLERANCE = {FULL: 0.6, LOCATOR: 1.5}  # pixels: what the drawn size can show
FOCUS = {"643": "russia", "408": "north-korea"}  # the two countries the timeline is about


@dataclass(frozen=True)
class Mark:
    place_id: str
    name: str
    x: float
    y: float
    count: int  # events at this place
    label: tuple[float, float, str] | None = None  # (x, y, text-anchor) of its name; None: no room


@dataclass(frozen=True)
class MapView:
    frame: Frame
    shapes: tuple[Shape, ...]
    marks: tuple[Mark, ...]

    def country_class(self, shape: Shape) -> str:
        return FOCUS.get(shape.country_id, "")


LABEL_SIZE = {FULL: 15.0, LOCATOR: 0.0}  # font size in user units (CSS .mark-label); 0: none


RANK = {"city": 0, "region": 1, "river": 2, "venue": 3}  # who gets a label first, at equal counts
Placed = tuple[str, str, tuple[float, float], int, int]  # id, name, (lat, lon), events, rank


def _marks(frame: Frame, places: list[Placed]) -> list[Mark]:
    """The marks inside the frame, and where each name fits: the busiest places are labelled
    first (cities before venues), right of the mark, else left, above or below, never over
    another label or mark; a name with no room is only in the list beside the map."""
    found: dict[str, tuple[str, float, float, int, int]] = {}
    for place_id, name, (lat, lon), count, rank in places:
        x, y = frame.project(lon, lat)
        if frame.contains((x, y)) and place_id not in found:
            found[place_id] = (name, round(x, 1), round(y, 1), count, rank)
    size = LABEL_SIZE[frame]
    dots = {pid: (x - 3, y - 3, x + 3, y + 3) for pid, (_, x, y, _, _) in found.items()}
    taken: list[tuple[float, ...]] = []
    labels: dict[str, tuple[float, float, str]] = {}
    for place_id, (name, x, y, _, _) in sorted(found.items(), key=lambda kv: (-kv[1][3], kv[1][4])):
        if not size:
            break
        width = len(name) * size * 0.55
        others = [d for pid, d in dots.items() if pid != place_id]
        for dx, dy, anchor in _SPOTS:
            lx, ly = x + dx * size, y + dy * size  # the text's anchor point, on its baseline
            left = lx - {"start": 0, "middle": width / 2, "end": width}[anchor]
            box = (left, ly - size * 0.72, left + width, ly + size * 0.22)
            inside = box[0] >= 0 and box[2] <= frame.width and box[1] >= 0
            if inside and not any(_overlap(box, t) for t in [*taken, *others]):
                labels[place_id] = (round(lx, 1), round(ly, 1), anchor)
                taken.append(box)
                break
    return [
        Mark(pid, name, x, y, count, labels.get(pid))
        for pid, (name, x, y, count, _) in found.items()
    ]


# Where a name may go, in order of preference, in font sizes from its mark: (dx, dy, anchor)
_SPOTS = (
    (0.5, 0.33, "start"),  # right
    (-0.5, 0.33, "end"),  # left
    (0.0, -0.6, "middle"),  # above
    (0.0, 1.2, "middle"),  # below
    (-0.2, 1.1, "end"),  # below left
    (0.2, 1.1, "start"),  # below right
    (-0.2, -0.5, "end"),  # above left
    (0.2, -0.5, "start"),  # above right
)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def world_map(content: Content, atlas: Path) -> tuple[MapView, list[PlaceEvents]]:
    """The map page: every place with events, and the marks of those in the frame."""
    places = places_with_events(content)
    kinds = {p.id: RANK.get(content.reference.places[p.id].kind, 4) for p in places}
    marked = [(p.id, p.name, p.point, len(p.events), kinds[p.id]) for p in places if p.point]
    view = MapView(FULL, base_map(atlas, FULL, TOLERANCE[FULL]), tuple(_marks(FULL, marked)))
    return view, places


def locator_map(content: Content, event: Event, atlas: Path) -> MapView | None:
    """A small map with the event's places marked, or None when none can be marked."""
    points = [(pid, name, point, 1, 0) for pid, name, point in event_points(content, event)]
    marks = _marks(LOCATOR, points)
    if not marks:
        return None
    return MapView(LOCATOR, base_map(atlas, LOCATOR, TOLERANCE[LOCATOR]), tuple(marks))


def on_map(view: MapView, place: PlaceEvents) -> bool:
    return any(mark.place_id == place.id for mark in view.marks)
