"""What loading produces: the immutable Content the timeline and the quizzes read, and its events.

Only types live here, so every reader of content (the timeline, quiz generation, the views)
depends on them and not on the loader that builds them."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from . import markdown
from .lint import YEARS as YEARS  # the marker's home is the rule that checks it
from .problems import Problem
from .reference import Reference
from .schema import Era, EventFront, HandQuestion, Preset, Site

SOURCE_LANGUAGE = "en"  # the language of the files every translation follows

# where teachers wrote things the quiz layer checks: ("question", id), ("kinds", preset, index)
OriginKey = tuple[str | int, ...]


class Event(EventFront):
    """An event as served: its front matter plus id, body and where it came from."""

    id: str
    body: str
    source_path: str
    lines: dict[str, int] = {}  # line of each field ("date", "figures.2"): questions cite them
    # the texts ("title", "summary", "clue", "body") a translation lacks, so shown in English:
    # pages mark them lang="en" for screen readers and hyphenation
    in_source_language: frozenset[str] = frozenset()
    media_sizes: dict[str, tuple[int, int]] = {}  # file -> (width, height), read from the file

    def lang(self, text: str) -> str:
        """The language code a text of this event is in when it differs from its page's."""
        return SOURCE_LANGUAGE if text in self.in_source_language else ""

    @functools.cached_property
    def body_html(self) -> str:
        """Rendered on first use: loading 10,000 events need not render 10,000 bodies."""
        return markdown.render(self.body)


@dataclass(frozen=True)
class Content:
    site: Site
    events: tuple[Event, ...]
    questions: tuple[HandQuestion, ...]
    presets: tuple[Preset, ...]
    version: str
    warnings: tuple[Problem, ...] = ()
    language: str = SOURCE_LANGUAGE
    reference: Reference = field(default_factory=Reference, repr=False, compare=False)
    origins: Mapping[OriginKey, str] = field(default_factory=dict, repr=False, compare=False)
    translated: Mapping[str, Content] = field(default_factory=dict, repr=False, compare=False)
    source: Content | None = field(default=None, repr=False, compare=False)  # the English
    # the bytes of every file this content was loaded from, by name in the folder: what a
    # snapshot of the last good content keeps (quiz/content/snapshot.py)
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)
    events_by_id: MappingProxyType[str, Event] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = MappingProxyType({event.id: event for event in self.events})
        object.__setattr__(self, "events_by_id", by_id)

    def band_message(self, preset: Preset | None, percent: int) -> str:
        """What the content says to this score: the quiz's own bands, else site.yaml's."""
        bands = preset.bands if preset is not None and preset.bands else self.site.bands
        for band in bands:
            if band.start <= percent < band.to or percent == band.to == 100:
                return band.message
        return ""

    def in_language(self, language: str) -> Content:
        """The same content in another language (English where a translation is missing)."""
        return self.translated.get(language, self)

    def place_names(self, event: Event) -> list[str]:
        return [self.reference.place_name(place) for place in event.place]

    def actor_names(self, event: Event) -> list[str]:
        return [self.reference.actor_name(actor) for actor in event.actors]

    @property
    def years(self) -> str:
        """The span the events cover, first year to last ("2022–2025"): what `{years}` in the
        site's title and subtitle stands for."""
        return year_span(self.events)

    @property
    def categories(self) -> dict[str, str]:
        return {category.id: category.label for category in self.site.categories}

    def era_of(self, event: Event) -> Era | None:
        """The era whose span holds the event's start, or None."""
        for era in self.site.eras:
            if era.start.first_day <= event.date.first_day <= era.end.last_day:
                return era
        return None


def year_span(events: Iterable[EventFront]) -> str:
    found = sorted({event.date.year for event in events})
    if not found:
        return ""
    return str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"
