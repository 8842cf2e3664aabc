"""The registry of question kinds (CTFd's challenge types are the model): each kind is one class
that carries its id, its label and its stems in every language, and a generator that yields
candidate questions or the reason it rejected one.

Decisions are taken once, on the English content; the words come from each language's content.
So a question has the same id, answer and distractors in every language, and a candidate that
breaks a rule in one language is served in none."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from ..content import Content, Event
from ..content.reference import Reference
from .model import Option, Question, Rejection
from .text import Lexicon, mentions

QUOTE = {"en": "{prompt} “{quote}”", "fr": "{prompt} « {quote} »"}


@dataclass(frozen=True)
class Draft:
    """One candidate's words in one language; the answer comes first."""

    prompt: str
    answer: str
    distractors: list[str]
    explanation: str
    quote: str = ""


@dataclass(frozen=True)
class Candidate:
    kind: str
    subject: str
    questions: Mapping[str, Question]  # language -> question


class Kind:
    """A sort of question. Subclasses set the class attributes and write `generate`."""

    id: str = ""
    labels: Mapping[str, str] = {}  # language -> what teachers see ("Dates")
    stems: Mapping[str, Mapping[str, str]] = {}  # language -> key -> template
    written_by_teacher = False  # the generic rules judge generated questions only

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]

    def say(self, language: str, key: str, **values: object) -> str:
        templates = self.stems.get(language) or self.stems["en"]
        return templates[key].format(**values)

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection]:
        raise NotImplementedError

    def reject(self, rule: str, subject: str, detail: str = "") -> Rejection:
        return Rejection(self.id, rule, subject, detail)

    def candidate(
        self,
        ctx: Context,
        subject: str,
        events: tuple[str, ...],
        origin: str,
        answer_key: str,
        draft: Callable[[str, Content], Draft | None],
    ) -> Candidate | None:
        """The candidate in every language, or None when a language cannot word it."""
        questions = {}
        for language, content in ctx.languages.items():
            words = draft(language, content)
            if words is None:
                return None
            quote = words.quote
            stem = (QUOTE.get(language) or QUOTE["en"]).format(prompt=words.prompt, quote=quote)
            questions[language] = Question(
                id=f"{self.id}:{subject}",
                kind=self.id,
                prompt=words.prompt,
                options=(Option(words.answer), *(Option(d) for d in words.distractors)),
                answer=0,
                explanation=words.explanation,
                event_ids=events,
                quote=quote,
                stem=stem if quote else words.prompt,
                origin=origin,
                answer_key=answer_key,
            )
        return Candidate(self.id, subject, questions)


REGISTRY: dict[str, Kind] = {}


def register(cls: type[Kind]) -> type[Kind]:
    """Class decorator: one instance per kind, in the order of registration."""
    REGISTRY[cls.id] = cls()
    return cls


class Context:
    """What generators read: the English content they decide on, every language's words, and
    indexes built once per content version."""

    def __init__(self, content: Content):
        self.source = content.source or content
        self.languages: dict[str, Content] = {
            "en": self.source,
            **{lang: c for lang, c in self.source.translated.items()},
        }
        self.lexicon = Lexicon.of(
            (c.reference for c in self.languages.values()),
            ([e.title for e in c.events] for c in self.languages.values()),
        )
        self.events = self.source.events
        self.starts = [e.date.first_day for e in self.events]

        self._holders: dict[str, list[str]] = {}

    @property
    def reference(self) -> Reference:
        return self.source.reference

    def mentions(self, text: str, name: str) -> bool:
        return mentions(text, name, self.lexicon)

    def holders(self, place_id: str) -> list[str]:
        """The place and the places that hold it, innermost first (cached: asked often)."""
        if place_id not in self._holders:
            self._holders[place_id] = self.reference.holders(place_id)
        return self._holders[place_id]

    def words(self, language: str, event: Event) -> Event:
        return self.languages[language].events_by_id[event.id]

    def origin(self, event: Event, field: str) -> str:
        line = event.lines.get(field) or event.lines.get(field.split(".")[0], 1)
        return f"{event.source_path}:{line}"

    def between(self, first: dt.date, last: dt.date) -> list[Event]:
        """Events starting in [first, last], by binary search on the sorted timeline."""
        low = bisect.bisect_left(self.starts, first)
        high = bisect.bisect_right(self.starts, last)
        return list(self.events[low:high])

    def cluster(self, event: Event, days: int = 10) -> list[Event]:
        """Events that overlap this one or share a person with it within `days`: the same trip,
        the same week's story. A wrong option taken from them could be argued true."""
        start, end = event.date.first_day, (event.end or event.date).last_day
        people = set(event.actors)
        window = self.between(start - dt.timedelta(days=days + 31), end + dt.timedelta(days=days))
        out = []
        for other in window:
            if other.id == event.id:
                continue
            other_start, other_end = other.date.first_day, (other.end or other.date).last_day
            overlaps = other_start <= end + dt.timedelta(days=2) and start <= other_end
            near = (
                other_start <= end + dt.timedelta(days=days)
                and start - dt.timedelta(days=days) <= other_end
            )
            if overlaps or (near and people & set(other.actors)):
                out.append(other)
        return out

    @cached_property
    def threads(self) -> dict[str, set[str]]:
        """For each event, the processes and measures it belongs to: two events of one thread
        follow each other by logic (signing before ratifying; 100 dead before 2,000), so an
        order question must not set them against each other."""
        out: dict[str, set[str]] = {}
        for process in self.reference.processes:
            for step in process.steps:
                out.setdefault(step.event, set()).add(f"process:{process.id}")
        for event in self.events:
            for figure in event.figures:
                if figure.measure:
                    out.setdefault(event.id, set()).add(f"measure:{figure.measure}")
        return out

    @cached_property
    def story_places(self) -> Counter[str]:
        """How many events of the timeline happened in each place."""
        return Counter(place for event in self.events for place in event.place)

    @cached_property
    def _people_places(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for event in self.events:
            for actor in event.actors:
                out.setdefault(actor, Counter()).update(event.place)
        return out

    def places_of_people(self, event: Event) -> Counter[str]:
        """Where this event's actors appear in other events, and how often."""
        found: Counter[str] = Counter()
        for actor in event.actors:
            found.update(self._people_places.get(actor, {}))
        return found

    @cached_property
    def alike_months(self) -> dict[str, set[tuple[int, int]]]:
        """For each event, the months of events like it (same category, a shared place and
        person): a date question must not offer one of those months."""
        index: dict[tuple, list[Event]] = {}
        for event in self.events:
            for place in event.place:
                for actor in event.actors:
                    index.setdefault((event.category, place, actor), []).append(event)
        out: dict[str, set[tuple[int, int]]] = {}
        for event in self.events:
            months = set()
            for place in event.place:
                for actor in event.actors:
                    for other in index[(event.category, place, actor)]:
                        if other.id != event.id:
                            months.update(months_of(other))
            out[event.id] = months
        return out


def months_of(event: Event) -> set[tuple[int, int]]:
    """Every (year, month) the event's span touches."""
    start, end = event.date.first_day, (event.end or event.date).last_day
    months, year, month = set(), start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
