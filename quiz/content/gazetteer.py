"""The places events happen in, each with its events and where a map marks it. Pure functions.

A place is marked at its own `coordinates`, else at those of the nearest place holding it (a
venue in Pyongyang at Pyongyang): events at several venues of one city are listed under the
city, so one mark stands for them all. Places with no point (a country, a route, a region
without coordinates) are listed too, as not on the map."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Content, Event


@dataclass(frozen=True)
class PlaceEvents:
    id: str  # the place marked: its section on the map page is `place-<id>`
    name: str
    point: tuple[float, float] | None  # (latitude, longitude), or None: not on the map
    events: tuple[Event, ...]
    venues: dict[str, str] = field(default_factory=dict)  # event id -> the venue's name, if any


def anchor(content: Content, place_id: str) -> str:
    """The place whose point marks `place_id`: the place itself or the nearest holder with
    coordinates; the place itself when it has no point at all."""
    ref = content.reference
    if ref.point(place_id) is not None:
        for held in ref.holders(place_id):
            if ref.places[held].coordinates:
                return held
    return place_id


def places_with_events(content: Content) -> list[PlaceEvents]:
    """Every place some event names (grouped by the mark that stands for it), those with the
    most events first, then by name; the events of each in date order."""
    ref = content.reference
    grouped: dict[str, list[Event]] = {}
    venues: dict[str, dict[str, str]] = {}
    for event in content.events:
        for place_id in event.place:
            if place_id not in ref.places:
                continue
            key = anchor(content, place_id)
            if event not in grouped.setdefault(key, []):
                grouped[key].append(event)
            if key != place_id:
                venues.setdefault(key, {})[event.id] = ref.place_name(place_id)
    out = [
        PlaceEvents(key, ref.place_name(key), ref.point(key), tuple(events), venues.get(key, {}))
        for key, events in grouped.items()
    ]
    return sorted(out, key=lambda p: (-len(p.events), p.name.casefold()))


def event_points(content: Content, event: Event) -> list[tuple[str, str, tuple[float, float]]]:
    """(anchor id, name, point) of each of an event's places a map can mark."""
    out = []
    for place_id in event.place:
        point = content.reference.point(place_id)
        if point is not None:
            out.append((anchor(content, place_id), content.reference.place_name(place_id), point))
    return out
