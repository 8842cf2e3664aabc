"""The registry of question kinds: each turns content into candidate questions for the pool.

Every generator follows the rules in design.md: four distinct options, exactly one true, no
distractor that could also be true, plausible distractors of the same sort as the answer. A
candidate that cannot meet them is rejected (and counted), never served.
"""

from __future__ import annotations

import bisect
import calendar
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable

from ..content import Content, Event, PartialDate, Precision
from ..content.dates import format_span
from ..content.timeline import fold
from .model import Option, Pool, Question

Generator = Callable[[Content, Pool], None]
REGISTRY: dict[str, Generator] = {}
EARLIEST, LATEST = PartialDate(2022, 1, 1), PartialDate(2026, 12, 31)


def kind(name: str) -> Callable[[Generator], Generator]:
    def register(generator: Generator) -> Generator:
        REGISTRY[name] = generator
        return generator

    return register


def stable_rng(*parts: str) -> random.Random:
    """A generator seeded by the question's identity: same content, same question."""
    return random.Random("|".join(parts))


_FILLER = {"the", "of", "and", "in", "on", "at", "to", "near", "region", "city", "for", "a", "an"}


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


def pick_distinct(rng, answer: str, candidates: Iterable[str], n: int = 3, alike=same_text):
    """Up to n candidates, in order of preference, none `alike` the answer or each other."""
    chosen: list[str] = []
    for text in candidates:
        if fold(text) and not any(alike(text, other) for other in [answer, *chosen]):
            chosen.append(text)
        if len(chosen) == n:
            break
    return chosen


def nearby(content: Content, event: Event, rng: random.Random, width: int = 12) -> list[Event]:
    """Events close in the timeline, same category first, then nearest in time (ties by rng).

    Looks only `width` places either side, so building the pool stays linear in the content."""
    index = content.events.index(event) if len(content.events) < 200 else _position(content, event)
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


def _position(content: Content, event: Event) -> int:
    """Binary search by date in the sorted timeline, then a short walk to the event itself."""
    low = bisect.bisect_left(content.events, event.date, key=lambda e: e.date)
    while content.events[low].id != event.id:
        low += 1
    return low


def make(kind_name, subject, prompt, answer, distractors, explanation, events, quote=""):
    """A question whose first option is the answer (quizzes shuffle options per student)."""
    options = (Option(answer), *(Option(d) for d in distractors))
    return Question(
        id=f"{kind_name}:{subject}",
        kind=kind_name,
        prompt=prompt,
        options=options,
        answer=0,
        explanation=explanation,
        event_ids=tuple(events),
        quote=quote,
    )


def about(event: Event) -> str:
    return f"{event.title} ({format_span(event.date, event.end)}). {event.summary}"


# -- dates ------------------------------------------------------------------------------------
def shift_months(date: PartialDate, months: int) -> PartialDate:
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(date.day, calendar.monthrange(year, month)[1]) if date.day else 0
    return PartialDate(year, month, day)


@kind("date")
def date_questions(content: Content, pool: Pool) -> None:
    titles = Counter(fold(e.title) for e in content.events)
    for event in content.events:
        if event.date.precision is Precision.YEAR:
            pool.reject("date", f"{event.id}: known only to the year")
            continue
        if titles[fold(event.title)] > 1:
            pool.reject("date", f"{event.id}: another event has the same title")
            continue
        rng = stable_rng("date", event.id)
        last = (event.end or event.date).last_day
        shifts = [-12, -6, -4, -3, -2, 2, 3, 4, 6, 12, -1, 1]
        rng.shuffle(shifts)
        candidates = []
        for months in shifts:
            shifted = shift_months(event.date, months)
            overlaps = shifted.first_day <= last and event.date.first_day <= shifted.last_day
            if not overlaps and EARLIEST <= shifted <= LATEST:
                candidates.append(str(shifted))
        distractors = pick_distinct(rng, str(event.date), candidates)
        if len(distractors) < 3:
            pool.reject("date", f"{event.id}: not enough dates that are clearly wrong")
            continue
        verb = "begin" if event.end else "happen"
        pool.questions.append(
            make(
                "date",
                event.id,
                f"When did this {verb}?",
                str(event.date),
                distractors,
                about(event),
                [event.id],
                quote=event.title,
            )
        )


# -- places and people -----------------------------------------------------------------------
@kind("place")
def place_questions(content: Content, pool: Pool) -> None:
    for event in content.events:
        if not event.place:
            pool.reject("place", f"{event.id}: no place given")
            continue
        if fold(event.place) in fold(event.title):
            pool.reject("place", f"{event.id}: the title names the place")
            continue
        rng = stable_rng("place", event.id)
        others = [o.place for o in nearby(content, event, rng) if o.place]
        distractors = pick_distinct(rng, event.place, others, alike=clash)
        if len(distractors) < 3:
            pool.reject("place", f"{event.id}: fewer than three other places")
            continue
        pool.questions.append(
            make(
                "place",
                event.id,
                "Where did this take place?",
                event.place,
                distractors,
                about(event),
                [event.id],
                quote=event.title,
            )
        )


def _named_in(name: str, folded_text: str) -> bool:
    """True when the (folded) text names the person, even by surname alone."""
    words = [w for w in fold(name).replace("-", " ").split() if len(w) >= 2]
    return fold(name) in folded_text or any(word in folded_text.split() for word in words)


_NOT_A_PERSON = {
    "agency",
    "air",
    "army",
    "council",
    "committee",
    "department",
    "duma",
    "fleet",
    "forces",
    "government",
    "group",
    "house",
    "intur",
    "korea",
    "ministry",
    "nations",
    "office",
    "party",
    "pentagon",
    "russia",
    "service",
    "states",
    "team",
    "union",
    "kingdom",
    "republic",
    "the",
    "airlines",
    "railway",
    "railways",
    "times",
    "zealand",
    "south",
    "north",
    "state",
    "news",
    "company",
    "corporation",
    "commission",
    "bank",
}


def looks_like_a_person(actor: str) -> bool:
    """ "Sergei Shoigu" yes; "Wagner Group", "China" or "South Korea's NIS" no. Options of one
    sort keep the question fair (a country among three people gives the answer away)."""
    tokens = actor.replace("-", " ").split()
    return (
        2 <= len(tokens) <= 4
        and all(t[:1].isupper() and "'" not in t for t in tokens)
        and not {t.lower().strip(".,()") for t in tokens} & _NOT_A_PERSON
    )


@kind("people")
def people_questions(content: Content, pool: Pool) -> None:
    for event in content.events:
        hidden = [
            a
            for a in event.actors
            if looks_like_a_person(a) and not _named_in(a, fold(event.title))
        ]
        if not hidden:
            pool.reject("people", f"{event.id}: no person left unnamed by the title")
            continue
        answer = hidden[0]
        rng = stable_rng("people", event.id)
        whole_text = fold(" ".join([event.title, event.summary, event.body, *event.actors]))
        others = [
            actor
            for other in nearby(content, event, rng)
            for actor in other.actors
            if looks_like_a_person(actor) and not _named_in(actor, whole_text)
        ]
        distractors = pick_distinct(rng, answer, others, alike=clash)
        if len(distractors) < 3:
            pool.reject("people", f"{event.id}: fewer than three people clearly not involved")
            continue
        pool.questions.append(
            make(
                "people",
                event.id,
                "Who was involved in this?",
                answer,
                distractors,
                about(event),
                [event.id],
                quote=event.title,
            )
        )


# -- order and recognition ---------------------------------------------------------------------
@kind("order")
def order_questions(content: Content, pool: Pool) -> None:
    events = content.events
    for index, event in enumerate(events):
        ends = (event.end or event.date).last_day
        later = [o for o in events[index + 1 : index + 40] if (o.date.first_day - ends).days > 20]
        nearest = later[:10]
        if len(nearest) < 3:
            pool.reject("order", f"{event.id}: too few events clearly after it")
            continue
        rng = stable_rng("order", event.id)
        titles = pick_distinct(
            rng, event.title, [o.title for o in rng.sample(nearest, len(nearest))]
        )
        if len(titles) < 3:
            pool.reject("order", f"{event.id}: titles too alike")
            continue
        chosen = [event, *(next(o for o in nearest if o.title == t) for t in titles)]
        dates = "; ".join(f"{e.title}: {format_span(e.date, e.end)}" for e in chosen)
        pool.questions.append(
            make(
                "order",
                event.id,
                "Which of these happened first?",
                event.title,
                titles,
                f"In order: {dates}.",
                [e.id for e in chosen],
            )
        )


@kind("summary")
def summary_questions(content: Content, pool: Pool) -> None:
    for event in content.events:
        rng = stable_rng("summary", event.id)
        others = [o.title for o in nearby(content, event, rng)[:8]]
        distractors = pick_distinct(rng, event.title, rng.sample(others, len(others)))
        if len(distractors) < 3:
            pool.reject("summary", f"{event.id}: too few other events to choose from")
            continue
        pool.questions.append(
            make(
                "summary",
                event.id,
                "Which event does this passage describe?",
                event.title,
                distractors,
                about(event),
                [event.id],
                quote=event.summary,
            )
        )


# -- figures and teacher-written hooks -----------------------------------------------------------
def format_figure(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def figure_distractors(value: float, rng: random.Random) -> list[float]:
    """Wrong figures of the same sort: whole numbers for counts, clearly apart from the answer."""
    if value < 10:
        steps = [-2, -1, 1, 2, 3, 5] if value.is_integer() else [-0.5, 0.5, 1, 1.5, 2]
        values = [value + step for step in steps]
    else:
        values = [_round2(value * factor) for factor in (0.25, 0.5, 2, 3, 0.4, 1.5, 4, 10)]
        values = [v for v in values if abs(v - value) > 0.2 * value]
    rng.shuffle(values)
    return [v for v in values if v > 0]


def _round2(value: float) -> float:
    """Whole numbers, two significant figures past 100: distractors look like real estimates."""
    if value < 100:
        return float(round(value))
    return float(round(value, 2 - len(str(int(value)))))


@kind("figure")
def figure_questions(content: Content, pool: Pool) -> None:
    for event in content.events:
        for index, figure in enumerate(event.figures):
            subject = f"{event.id}:{index}"
            rng = stable_rng("figure", subject)
            answer = format_figure(figure.value)
            wrong = [format_figure(v) for v in figure_distractors(float(figure.value), rng)]
            distractors = pick_distinct(rng, answer, wrong)
            if len(distractors) < 3:
                pool.reject("figure", f"{subject}: could not find three clearly different figures")
                continue
            when = f", as of {figure.as_of}" if figure.as_of else ""
            pool.questions.append(
                make(
                    "figure",
                    subject,
                    f"What figure did {figure.by} give for {figure.label}{when}?",
                    answer,
                    distractors,
                    f"{figure.by} gave {answer} for {figure.label}{when}. {event.summary}",
                    [event.id],
                    quote=event.title,
                )
            )


@kind("fact")
def fact_questions(content: Content, pool: Pool) -> None:
    for event in content.events:
        for index, fact in enumerate(event.facts):
            pool.questions.append(
                make(
                    "fact",
                    f"{event.id}:{index}",
                    fact.ask,
                    fact.answer,
                    fact.wrong,
                    fact.explanation or about(event),
                    [event.id],
                )
            )


@kind("hand")
def hand_questions(content: Content, pool: Pool) -> None:
    for written in content.questions:
        options = [Option(c.text, c.feedback) for c in written.choices]
        answer = next(i for i, c in enumerate(written.choices) if c.correct)
        pool.questions.append(
            Question(
                id=f"hand:{written.id}",
                kind="hand",
                prompt=written.prompt,
                options=tuple(options),
                answer=answer,
                explanation=written.explanation,
                event_ids=tuple(written.events),
            )
        )


def build_pool(content: Content) -> Pool:
    """Every question the content yields, in a stable order."""
    pool = Pool()
    for generate in REGISTRY.values():
        generate(content, pool)
    return pool
