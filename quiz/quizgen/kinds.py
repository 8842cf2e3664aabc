"""The registry of question kinds: each turns content into candidate questions for the pool.

Every generator follows the rules in design.md: four distinct options, exactly one true, no
distractor that could also be true, plausible distractors of the same sort as the answer. A
candidate that cannot meet them is rejected (and counted), never served.

Decisions are made on the source (English) content; the words come from the target language's
content. So a question has the same id, the same answer and the same distractors in every
language, and every check runs on the text the checks were written for."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Callable

from babel.numbers import format_decimal

from ..content import Content, Event, PartialDate, Precision
from ..content.dates import format_span
from ..content.timeline import fold
from .choosing import clash, nearby, pick_distinct, stable_rng
from .model import Option, Pool, Question
from .phrases import as_of, phrase

Generator = Callable[[Content, Content, Pool], None]
REGISTRY: dict[str, Generator] = {}


def kind(name: str) -> Callable[[Generator], Generator]:
    def register(generator: Generator) -> Generator:
        REGISTRY[name] = generator
        return generator

    return register


def make(kind_name, subject, prompt, answer, distractors, explanation, events, quote=""):
    """A question whose first option is the answer (quizzes shuffle options per student)."""
    return Question(
        id=f"{kind_name}:{subject}",
        kind=kind_name,
        prompt=prompt,
        options=(Option(answer), *(Option(d) for d in distractors)),
        answer=0,
        explanation=explanation,
        event_ids=tuple(events),
        quote=quote,
    )


def about(event: Event, language: str) -> str:
    date = format_span(event.date, event.end, language)
    return phrase(language, "about", title=event.title, date=date, summary=event.summary)


def translated(target: Content, event: Event) -> Event:
    return target.events_by_id[event.id]


# -- dates ------------------------------------------------------------------------------------
def shift_months(date: PartialDate, months: int) -> PartialDate:
    index = date.year * 12 + (date.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(date.day, calendar.monthrange(year, month)[1]) if date.day else 0
    return PartialDate(year, month, day)


@kind("date")
def date_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    titles = Counter(fold(e.title) for e in source.events)
    if not source.events:
        return
    # wrong dates stay inside the years the timeline covers, or they give themselves away
    earliest = PartialDate(source.events[0].date.year, 1, 1)
    latest = PartialDate(max(e.date.year for e in source.events), 12, 31)
    for event in source.events:
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
            if not overlaps and earliest <= shifted <= latest:
                candidates.append(shifted)
        distractors = pick_distinct(str(event.date), candidates)
        if len(distractors) < 3:
            pool.reject("date", f"{event.id}: not enough dates that are clearly wrong")
            continue
        words = translated(target, event)
        pool.questions.append(
            make(
                "date",
                event.id,
                phrase(lang, "date_begin" if event.end else "date"),
                event.date.format(lang),
                [d.format(lang) for d in distractors],
                about(words, lang),
                [event.id],
                quote=words.title,
            )
        )


# -- places and people -----------------------------------------------------------------------
@kind("place")
def place_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    for event in source.events:
        if not event.place:
            pool.reject("place", f"{event.id}: no place given")
            continue
        if fold(event.place) in fold(event.title):
            pool.reject("place", f"{event.id}: the title names the place")
            continue
        rng = stable_rng("place", event.id)
        others = [o for o in nearby(source, event, rng) if o.place]
        chosen = pick_distinct(event.place, others, text=lambda o: o.place, alike=clash)
        if len(chosen) < 3:
            pool.reject("place", f"{event.id}: fewer than three other places")
            continue
        words = translated(target, event)
        pool.questions.append(
            make(
                "place",
                event.id,
                phrase(lang, "place"),
                words.place,
                [translated(target, o).place for o in chosen],
                phrase(lang, "place_explanation", place=words.place, about=about(words, lang)),
                [event.id],
                quote=words.title,
            )
        )


def named_in(name: str, folded_text: str) -> bool:
    """True when the (folded) text names the person, even by surname alone."""
    parts = [w for w in fold(name).replace("-", " ").split() if len(w) >= 2]
    return fold(name) in folded_text or any(part in folded_text.split() for part in parts)


_NOT_A_PERSON = {
    "agency", "air", "army", "council", "committee", "department", "duma", "fleet", "forces",
    "government", "group", "house", "intur", "korea", "ministry", "nations", "office", "party",
    "pentagon", "russia", "service", "states", "team", "union", "kingdom", "republic", "the",
    "airlines", "railway", "railways", "times", "zealand", "south", "north", "state", "news",
    "company", "corporation", "commission", "bank",
}  # fmt: skip


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
def people_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    for event in source.events:
        title = fold(event.title)
        hidden = [a for a in event.actors if looks_like_a_person(a) and not named_in(a, title)]
        if not hidden:
            pool.reject("people", f"{event.id}: no person left unnamed by the title")
            continue
        answer = hidden[0]
        rng = stable_rng("people", event.id)
        whole_text = fold(" ".join([event.title, event.summary, event.body, *event.actors]))
        others = [
            actor
            for other in nearby(source, event, rng)
            for actor in other.actors
            if looks_like_a_person(actor) and not named_in(actor, whole_text)
        ]
        distractors = pick_distinct(answer, others, alike=clash)
        if len(distractors) < 3:
            pool.reject("people", f"{event.id}: fewer than three people clearly not involved")
            continue
        words = translated(target, event)
        pool.questions.append(
            make(
                "people",
                event.id,
                phrase(lang, "people"),
                answer,
                distractors,
                phrase(lang, "people_explanation", person=answer, about=about(words, lang)),
                [event.id],
                quote=words.title,
            )
        )


# -- order and recognition ---------------------------------------------------------------------
@kind("order")
def order_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    events = source.events
    for index, event in enumerate(events):
        ends = (event.end or event.date).last_day
        later = [o for o in events[index + 1 : index + 40] if (o.date.first_day - ends).days > 20]
        nearest = later[:10]
        if len(nearest) < 3:
            pool.reject("order", f"{event.id}: too few events clearly after it")
            continue
        rng = stable_rng("order", event.id)
        chosen = pick_distinct(
            event.title, rng.sample(nearest, len(nearest)), text=lambda o: o.title
        )
        if len(chosen) < 3:
            pool.reject("order", f"{event.id}: titles too alike")
            continue
        shown = [translated(target, e) for e in (event, *chosen)]
        dates = phrase(lang, "list_separator").join(
            phrase(lang, "dated", title=e.title, date=format_span(e.date, e.end, lang))
            for e in sorted(shown, key=lambda e: e.date)
        )
        pool.questions.append(
            make(
                "order",
                event.id,
                phrase(lang, "order"),
                shown[0].title,
                [e.title for e in shown[1:]],
                phrase(lang, "order_explanation", dates=dates),
                [e.id for e in shown],
            )
        )


@kind("summary")
def summary_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    for event in source.events:
        rng = stable_rng("summary", event.id)
        others = nearby(source, event, rng)[:8]
        chosen = pick_distinct(event.title, rng.sample(others, len(others)), text=lambda o: o.title)
        if len(chosen) < 3:
            pool.reject("summary", f"{event.id}: too few other events to choose from")
            continue
        words = translated(target, event)
        pool.questions.append(
            make(
                "summary",
                event.id,
                phrase(lang, "summary"),
                words.title,
                [translated(target, o).title for o in chosen],
                about(words, lang),
                [event.id],
                quote=words.summary,
            )
        )


# -- figures and teacher-written hooks -----------------------------------------------------------
def figure_distractors(value: float, rng) -> list[float]:
    """Wrong figures of the same sort: whole numbers for counts, clearly apart from the answer."""
    if value < 10:
        steps = [-2, -1, 1, 2, 3, 5] if value.is_integer() else [-0.5, 0.5, 1, 1.5, 2]
        values = [value + step for step in steps]
    else:
        values = [round_estimate(value * f) for f in (0.25, 0.5, 2, 3, 0.4, 1.5, 4, 10)]
        values = [v for v in values if abs(v - value) > 0.2 * value]
    rng.shuffle(values)
    return [v for v in values if v > 0]


def round_estimate(value: float) -> float:
    """Whole numbers, two significant figures past 100: distractors look like real estimates."""
    if value < 100:
        return float(round(value))
    return float(round(value, 2 - len(str(int(value)))))


def names_the_number(text: str, value: float) -> bool:
    """Does the text already say the figure (`5,000`, `5000`, `5 000`)? Then it can't be shown."""
    numbers = re.findall(r"\d(?:[\d,.\u202f\u00a0 ]*\d)?", text)
    wanted = f"{value:g}".replace(".", "")
    return any(re.sub(r"\D", "", number) == wanted for number in numbers)


@kind("figure")
def figure_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    for event in source.events:
        words = translated(target, event)
        for index, figure in enumerate(event.figures):
            subject = f"{event.id}:{index}"
            rng = stable_rng("figure", subject)
            wrong = pick_distinct(
                f"{figure.value:g}",
                figure_distractors(float(figure.value), rng),
                text=lambda v: f"{v:g}",
            )
            if len(wrong) < 3:
                pool.reject("figure", f"{subject}: could not find three clearly different figures")
                continue
            shown = words.figures[index]
            answer = format_decimal(figure.value, locale=lang)
            when = as_of(figure.as_of, lang)
            pool.questions.append(
                make(
                    "figure",
                    subject,
                    phrase(lang, "figure", by=shown.by, label=shown.label, when=when),
                    answer,
                    [format_decimal(v, locale=lang) for v in wrong],
                    phrase(
                        lang,
                        "figure_explanation",
                        by=shown.by,
                        answer=answer,
                        label=shown.label,
                        when=when,
                        summary=words.summary,
                    ),
                    [event.id],
                    quote="" if names_the_number(event.title, figure.value) else words.title,
                )
            )


@kind("fact")
def fact_questions(source: Content, target: Content, pool: Pool) -> None:
    lang = target.language
    for event in source.events:
        words = translated(target, event)
        for index, fact in enumerate(words.facts):
            pool.questions.append(
                make(
                    "fact",
                    f"{event.id}:{index}",
                    fact.ask,
                    fact.answer,
                    fact.wrong,
                    fact.explanation or about(words, lang),
                    [event.id],
                )
            )


@kind("hand")
def hand_questions(source: Content, target: Content, pool: Pool) -> None:
    for written in target.questions:
        answer = next(i for i, c in enumerate(written.choices) if c.correct)
        pool.questions.append(
            Question(
                id=f"hand:{written.id}",
                kind="hand",
                prompt=written.prompt,
                options=tuple(Option(c.text, c.feedback) for c in written.choices),
                answer=answer,
                explanation=written.explanation,
                event_ids=tuple(written.events),
            )
        )


def build_pool(content: Content) -> Pool:
    """Every question the content yields, in a stable order, in the content's language."""
    source = content.source or content
    pool = Pool()
    for generate in REGISTRY.values():
        generate(source, content, pool)
    return pool
