"""Country outlines (TopoJSON) → projected, clipped, simplified SVG paths. Pure: no Flask.

The outlines are Natural Earth's, from the npm package `world-atlas` (fetched by the Makefile,
pinned and hash-checked). A TopoJSON topology stores each border once, as an *arc* of
quantized, delta-encoded points; a polygon's ring lists the arcs it follows (`~i`, written as
a negative number, is arc `i` backwards). Decoding follows the TopoJSON specification:
https://github.com/topojson/topojson-specification.

The map is a Lambert conformal conic (standard parallels 35°N and 55°N), which keeps shapes
true across the band from Kyiv to Vladivostok; what lies outside the drawn frame is clipped
away, and every ring is simplified (Douglas–Peucker) to what a pixel can show."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # (x, y): longitude and latitude in degrees, or pixels once projected
Ring = list[Point]


class AtlasMissing(Exception):
    """The outlines file is not there (the set-up fetches it: `make run` or `make test`)."""

    def __init__(self, path: Path):
        super().__init__(
            f"the country outlines {path} are missing: run `make run` or `make test` "
            "(they fetch world-atlas from npm), or set QUIZ_WORLD_ATLAS to the file"
        )
        self.path = path


# -- TopoJSON --------------------------------------------------------------------------------
def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """Every arc as absolute (longitude, latitude) points: positions are delta-encoded, and
    quantized when the topology has a `transform` (scale and translate)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if transform is None:
            out.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for position in arc:
            x += position[0]
            y += position[1]
            points.append((x * kx + dx, y * ky + dy))
        out.append(points)
    return out


def ring_of(indexes: Iterable[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """A ring from its arcs: `~i` (-i - 1) is arc i reversed; each arc after the first starts
    where the one before ended, so its first point is dropped."""
    ring: Ring = []
    for index in indexes:
        points = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


@dataclass(frozen=True)
class Country:
    id: str  # ISO 3166-1 numeric, as world-atlas gives it ("643" is Russia)
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: its outer ring, then its holes


def countries(topology: Mapping[str, Any], key: str = "countries") -> list[Country]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"][key]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue  # a null geometry (no outline at this scale)
        out.append(
            Country(
                id=str(geometry.get("id", "")),
                name=str(geometry.get("properties", {}).get("name", "")),
                polygons=tuple(tuple(ring_of(r, arcs) for r in p) for p in polygons),
            )
        )
    return out


# -- projection ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Conic:
    """Lambert conformal conic on a sphere (Snyder, *Map Projections: A Working Manual*,
    eq. 15-1 to 15-4), in units of the Earth's radius; y grows northwards."""

    parallels: tuple[float, float] = (35.0, 55.0)
    origin: Point = (85.0, 45.0)  # (central meridian, latitude of origin)

    @functools.cached_property
    def _constants(self) -> tuple[float, float, float]:
        p1, p2 = (math.radians(p) for p in self.parallels)
        n = math.log(math.cos(p1) / math.cos(p2)) / math.log(
            math.tan(math.pi / 4 + p2 / 2) / math.tan(math.pi / 4 + p1 / 2)
        )
        f = math.cos(p1) * math.tan(math.pi / 4 + p1 / 2) ** n / n
        rho0 = f / math.tan(math.pi / 4 + math.radians(self.origin[1]) / 2) ** n
        return n, f, rho0

    def __call__(self, lon: float, lat: float) -> Point:
        n, f, rho0 = self._constants
        rho = f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * math.radians(lon - self.origin[0])
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@dataclass(frozen=True)
class Frame:
    """The drawn region: a box of longitudes and latitudes, projected, and fitted to `width`
    pixels (the SVG's user units); the viewBox is the projected box's bounding rectangle."""

    west: float
    south: float
    east: float
    north: float
    width: float
    conic: Conic = Conic()

    @functools.cached_property
    def _fit(self) -> tuple[float, float, float, float]:
        edge = [(self.west + (self.east - self.west) * i / 48, self.north) for i in range(49)]
        edge += [(self.west + (self.east - self.west) * i / 48, self.south) for i in range(49)]
        edge += [(self.west, self.south + (self.north - self.south) * i / 24) for i in range(25)]
        edge += [(self.east, self.south + (self.north - self.south) * i / 24) for i in range(25)]
        xs, ys = zip(*(self.conic(lon, lat) for lon, lat in edge), strict=True)
        west, east = min(xs), max(xs)
        north = max(ys)
        scale = self.width / (east - west)
        return scale, west, north, (north - min(ys)) * scale

    @property
    def height(self) -> float:
        return self._fit[3]

    @property
    def view_box(self) -> str:
        return f"0 0 {_num(self.width)} {_num(self.height)}"

    def project(self, lon: float, lat: float) -> Point:
        scale, west, north, _ = self._fit
        x, y = self.conic(lon, lat)
        return (x - west) * scale, (north - y) * scale

    def contains(self, point: Point) -> bool:
        return 0 <= point[0] <= self.width and 0 <= point[1] <= self.height


# -- clipping and simplification --------------------------------------------------------------
def clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a ring inside (xmin, ymin, xmax, ymax); a ring that
    crosses the box's edge is closed along it."""
    xmin, ymin, xmax, ymax = box
    edges: tuple[tuple[Callable[[Point], bool], Callable[[Point, Point], Point]], ...] = (
        (lambda p: p[0] >= xmin, lambda a, b: _at_x(a, b, xmin)),
        (lambda p: p[0] <= xmax, lambda a, b: _at_x(a, b, xmax)),
        (lambda p: p[1] >= ymin, lambda a, b: _at_y(a, b, ymin)),
        (lambda p: p[1] <= ymax, lambda a, b: _at_y(a, b, ymax)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        points = kept
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: drop the points closer than `tolerance` to the line that skips them."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, at = distance, i
        if worst > tolerance and at > 0:
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return [p for p, k in zip(points, keep, strict=True) if k]


def area(ring: Ring) -> float:
    return abs(
        sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)) / 2
    )


# -- SVG ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Shape:
    country_id: str
    name: str
    d: str  # the SVG path data


def shapes(all_countries: Iterable[Country], frame: Frame, tolerance: float) -> list[Shape]:
    """Each country that shows in the frame, as one path: rings clipped first to the frame's
    box of degrees (with a margin, so nothing near a pole is projected), then to the frame."""
    margin = 15.0
    degrees = (
        frame.west - margin,
        max(frame.south - margin, -80.0),
        frame.east + margin,
        min(frame.north + margin, 89.0),
    )
    pixels = (0.0, 0.0, frame.width, frame.height)
    out = []
    for country in all_countries:
        parts = []
        for polygon in country.polygons:
            for ring in polygon:
                near = clip(ring, degrees)
                if len(near) < 3:
                    continue
                projected = clip([frame.project(lon, lat) for lon, lat in near], pixels)
                drawn = simplify(projected + projected[:1], tolerance)[:-1]
                if len(drawn) >= 3 and area(drawn) >= tolerance * tolerance:
                    parts.append(_path(drawn, tolerance))
        if parts:
            out.append(Shape(country.id, country.name, "".join(parts)))
    return out


def _path(ring: Ring, tolerance: float) -> str:
    """A closed ring in relative moves, rounded to what the tolerance can show."""
    digits = 0 if tolerance >= 1 else 1
    first = ring[0]
    text = [f"M{_num(first[0], digits)} {_num(first[1], digits)}"]
    x, y = round(first[0], digits), round(first[1], digits)
    for px, py in ring[1:]:
        nx, ny = round(px, digits), round(py, digits)
        if (nx, ny) != (x, y):
            text.append(f"l{_num(nx - x, digits)} {_num(ny - y, digits)}")
            x, y = nx, ny
    return "".join(text) + "z"


def _num(value: float, digits: int = 1) -> str:
    text = f"{round(value, digits):.{digits}f}"
    if digits:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@functools.lru_cache(maxsize=8)
def _topology(path: str, size: int, mtime_ns: int) -> tuple[Country, ...]:
    return tuple(countries(json.loads(Path(path).read_text(encoding="utf-8"))))


def read_countries(path: Path) -> tuple[Country, ...]:
    """The outlines file's countries, decoded once per version of the file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AtlasMissing(path) from None
    return _topology(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _cached_shapes(
    path: str, size: int, mtime_ns: int, frame: Frame, tolerance: float
) -> tuple[Shape, ...]:
    return tuple(shapes(_topology(path, size, mtime_ns), frame, tolerance))


def base_map(path: Path, frame: Frame, tolerance: float) -> tuple[Shape, ...]:
    """The country paths of a frame: the same for everyone, so worked out once per file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise AtlasMissing(path) from None
    return _cached_shapes(str(path), stat.st_size, stat.st_mtime_ns, frame, tolerance)
