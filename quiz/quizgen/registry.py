"""The registry of question kinds (CTFd's challenge types are the model): each kind is one class
that carries its id and a generator that yields candidate questions or the reason it rejected
one; its label and stems are each language's phrases (quiz/quizgen/languages).

Decisions are taken once, on the English content; the words come from each language's content.
So a question has the same id, answer and distractors in every language, and a candidate that
breaks a rule in one language is served in none."""

from __future__ import annotations

import bisect
import datetime
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from babel.dates import get_month_names

from ..content import Content, Event
from ..content.reference import Reference
from ..content.typography import typeset
from .languages import SOURCE, every_language
from .model import Option, Question, Rejection
from .phrases import phrase
from .text import Lexicon, mentions

_MONTHS = [name.lower() for name in get_month_names("wide", locale="en").values()]
_DATE = re.compile(rf"\b(?:(\d{{1,2}}) )?({'|'.join(_MONTHS)}) (20\d\d)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """One candidate's words in one language; the answer comes first."""

    prompt: str
    answer: str
    distractors: list[str]
    explanation: str
    quote: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Candidate:
    kind: str
    subject: str
    questions: Mapping[str, Question]  # language -> question


class Kind:
    """A sort of question. Subclasses set the class attributes and write `generate`."""

    id: str = ""
    written_by_teacher = False  # the generic rules judge generated questions only
    asks_when = False  # the answer is a time or an order, which a date elsewhere would give
    # where a generated question's hint comes from: its event's "era", its "thread" (category),
    # or "" for none (an order question has no one event to hint at)
    hint_from = "era"

    @cached_property
    def labels(self) -> Mapping[str, str]:
        """language -> what teachers see ("Dates")."""
        return {lang: p.kinds[self.id]["label"] for lang, p in every_language().items()}

    @cached_property
    def stems(self) -> Mapping[str, Mapping[str, str]]:
        """language -> key -> template."""
        return {
            lang: {key: text for key, text in p.kinds[self.id].items() if key != "label"}
            for lang, p in every_language().items()
        }

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels[SOURCE]

    def say(self, language: str, key: str, **values: object) -> str:
        templates = self.stems.get(language) or self.stems[SOURCE]
        return templates[key].format(**values)

    def generate(self, ctx: Context) -> Iterator[Candidate | Rejection | None]:
        """Every candidate the content offers, or why one was left out (None: a language
        could not word it)."""
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
        months: tuple[tuple[int, int], ...] = (),
    ) -> Candidate | None:
        """The candidate in every language, or None when a language cannot word it."""
        questions = {}
        for language, content in ctx.languages.items():
            drafted = draft(language, content)
            if drafted is None:
                return None
            drafted = Draft(  # with its language's typography
                typeset(drafted.prompt, language),
                typeset(drafted.answer, language),
                [typeset(d, language) for d in drafted.distractors],
                typeset(drafted.explanation, language),
                typeset(drafted.quote, language),
                typeset(drafted.hint, language),
            )
            quote = drafted.quote
            stem = typeset(phrase(language, "quote", prompt=drafted.prompt, quote=quote), language)
            questions[language] = Question(
                id=f"{self.id}:{subject}",
                kind=self.id,
                prompt=drafted.prompt,
                options=(Option(drafted.answer), *(Option(d) for d in drafted.distractors)),
                answer=0,
                explanation=drafted.explanation,
                event_ids=events,
                quote=quote,
                stem=stem if quote else drafted.prompt,
                origin=origin,
                answer_key=answer_key,
                asks_when=self.asks_when,
                months=months,
                hint=drafted.hint,
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
        # spans as day numbers, worked out once: clusters compare them for every event
        self.spans = [
            (e.date.first_day.toordinal(), (e.end or e.date).last_day.toordinal())
            for e in self.events
        ]
        self.starts = [first for first, _ in self.spans]
        self.longest = max((last - first for first, last in self.spans), default=0)
        self.people = [frozenset(e.actors) for e in self.events]
        self.places = [frozenset(e.place) for e in self.events]
        self.index = {e.id: i for i, e in enumerate(self.events)}
        self._holders: dict[str, list[str]] = {}
        self._clusters: dict[str, list[Event]] = {}

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

    def event_in(self, language: str, event: Event) -> Event:
        """The event as `language`'s content tells it."""
        return self.languages[language].events_by_id[event.id]

    def origin(self, event: Event, field: str) -> str:
        line = event.lines.get(field) or event.lines.get(field.split(".")[0], 1)
        return f"{event.source_path}:{line}"

    def dated_in(self, text: str) -> tuple[str, ...]:
        """The events an English text dates ("on 26 April 2025", "in June 2024"): a question
        whose explanation dates an event gives away a date or order question on it."""
        found: set[str] = set()
        for day, month, year in _DATE.findall(text):
            number = _MONTHS.index(month.lower()) + 1
            if day:
                try:
                    first = last = datetime.date(int(year), number, int(day)).toordinal()
                except ValueError:
                    continue
            else:
                first = datetime.date(int(year), number, 1).toordinal()
                last = datetime.date(int(year) + number // 12, number % 12 + 1, 1).toordinal() - 1
            low = bisect.bisect_left(self.starts, first - self.longest)
            high = bisect.bisect_right(self.starts, last)
            for index in range(low, high):
                start, end = self.spans[index]
                if start <= last and first <= end:
                    found.add(self.events[index].id)
        return tuple(sorted(found))

    def people_of(self, event: Event) -> frozenset[str]:
        return self.people[self.index[event.id]]

    def places_of(self, event: Event) -> frozenset[str]:
        return self.places[self.index[event.id]]

    def cluster(self, event: Event, days: int = 10) -> list[Event]:
        """Events that overlap this one or share a person with it within `days`: the same trip,
        the same week's story. A wrong option taken from them could be argued true."""
        if event.id in self._clusters:
            return self._clusters[event.id]
        start = event.date.first_day.toordinal()
        end = (event.end or event.date).last_day.toordinal()
        people = frozenset(event.actors)
        low = bisect.bisect_left(self.starts, start - days - self.longest)
        high = bisect.bisect_right(self.starts, end + days)
        out = []
        for index in range(low, high):
            other_start, other_end = self.spans[index]
            other = self.events[index]
            if other.id == event.id or other_end < start - days:
                continue
            overlaps = other_start <= end + 2 and start <= other_end
            if overlaps or people & self.people[index]:
                out.append(other)
        self._clusters[event.id] = out
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
    def category_starts(self) -> dict[str, tuple[str, tuple[int, int]]]:
        """Each category's first event, and the month it happened in."""
        first: dict[str, tuple[str, tuple[int, int]]] = {}
        for event in self.events:
            first.setdefault(event.category, (event.id, (event.date.year, event.date.month or 1)))
        return first

    def month_bounds(self, event: Event) -> tuple[tuple[int, int], tuple[int, int]]:
        """The months a wrong date may take without logic ruling it out: not before its thread
        began (the first event of its category: no troop event before the troops were sent),
        nor outside a process it is a step of (no ratification before the signing)."""
        first_id, first_month = self.category_starts[event.category]
        low, high = (first_month if first_id != event.id else (0, 0)), (9999, 12)
        for process in self.reference.processes:
            steps = [s.event for s in process.steps]
            if event.id not in steps:
                continue
            dates = [s.date or self.source.events_by_id[s.event].date for s in process.steps]
            if steps[0] != event.id:
                low = max(low, (dates[0].year, dates[0].month or 1))
            if steps[-1] != event.id:
                high = min(high, (dates[-1].year, dates[-1].month or 12))
        return low, high

    @cached_property
    def _sides(self) -> dict[str, frozenset[str]]:
        return {s.name: frozenset(s.countries) for s in self.reference.sources.values()}

    def side(self, by: str) -> frozenset[str]:
        """The countries a source speaks for (measures.yaml): two sources of one side are
        one voice, so neither is a wrong answer, nor a wrong figure, for the other."""
        return self._sides.get(by, frozenset())

    @cached_property
    def story_places(self) -> Counter[str]:
        """How many events of the timeline happened in each place."""
        return Counter(place for event in self.events for place in event.place)

    @cached_property
    def _category_places(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for event in self.events:
            out.setdefault(event.category, Counter()).update(event.place)
        return out

    def places_of_category(self, category: str) -> Counter[str]:
        """Where events of this category happened, and how often: talks in capitals, fighting
        in border regions."""
        return self._category_places.get(category, Counter())

    @cached_property
    def _alike_index(self) -> dict[tuple[str, str, str], list[Event]]:
        index: dict[tuple[str, str, str], list[Event]] = {}
        for event in self.events:
            for place in event.place:
                for actor in event.actors:
                    index.setdefault((event.category, place, actor), []).append(event)
        return index

    def alike_events(self, event: Event) -> set[str]:
        """Events like this one: the same category, a shared place and person (Shoigu in
        Pyongyang again). One title could be mistaken for the other."""
        return {
            other.id
            for place in event.place
            for actor in event.actors
            for other in self._alike_index[(event.category, place, actor)]
            if other.id != event.id
        }

    @cached_property
    def alike_months(self) -> dict[str, set[tuple[int, int]]]:
        """For each event, the months of events like it (same category, a shared place and
        person): a date question must not offer one of those months."""
        spans = {event.id: months_of(event) for event in self.events}
        out: dict[str, set[tuple[int, int]]] = {}
        for event in self.events:
            months: set[tuple[int, int]] = set()
            for other in self.alike_events(event):
                months |= spans[other]
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
