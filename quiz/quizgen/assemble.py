"""From the pool to one quiz: a preset's scope and length, a seed, a balanced mix.

A quiz is chosen once for every language: the same seed gives an English and a French student
the same questions, and a question joins only if it keeps the quiz-level rules in every
language (none shows another's answer, in its stem, options, feedback or explanation; the
quiz's header shows none)."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..content import Content, Event
from ..content.schema import Preset
from ..content.timeline import related
from .model import Pool, Question
from .phrases import phrase
from .rules import clash, no_give_away, shows, tells_of

EVENT_PRESET = "event-"  # `event-<event id>`: the short quiz behind "Quiz me on this event"
RETRIES = 12  # shuffles tried before settling for a quiz shorter than asked


def event_preset(content: Content, event_id: str, length: int = 5) -> Preset:
    """The short quiz behind "Quiz me on this event": the event first, then its neighbours."""
    event = content.events_by_id[event_id]
    return Preset(
        id=f"{EVENT_PRESET}{event_id}",
        # titled with the event: a date alone told students nothing, and dated it for the
        # order question; a question the title gives away is left out (`headed`)
        title=event.title,
        description=phrase(content.language, "event_quiz_description"),
        questions=length,
    )


def focus_of(content: Content, preset: Preset) -> Event | None:
    """The event an event quiz is about, or None for a preset from quizzes.yaml."""
    if preset.id.startswith(EVENT_PRESET):
        return content.events_by_id.get(preset.id.removeprefix(EVENT_PRESET))
    return None


def scope_of(content: Content, preset: Preset) -> list[str]:
    """Event ids the preset covers, most relevant first for event quizzes."""
    focus = focus_of(content, preset)
    if focus is not None:
        return [focus.id, *(e.id for e in related(content, focus, limit=10))]
    eras = {era.id: era for era in content.site.eras}
    chosen = [eras[e] for e in preset.eras if e in eras]
    return [
        event.id
        for event in content.events
        if (not preset.categories or event.category in preset.categories)
        and (
            not chosen
            or any(
                era.start.first_day <= event.date.first_day <= era.end.last_day for era in chosen
            )
        )
    ]


def candidates(content: Content, pool: Pool, preset: Preset) -> list[Question]:
    """The pool's questions in the preset's scope: a question belongs where its first event
    does (a hand-written question on a 2025 event that also names a 2023 one is not a 2023
    question), most relevant first."""
    rank = {event_id: index for index, event_id in enumerate(scope_of(content, preset))}
    inside = within_eras(content, preset)
    found = [
        q
        for q in pool.questions
        if (not preset.kinds or q.kind in preset.kinds) and q.event_ids[0] in rank and inside(q)
    ]
    return sorted(found, key=lambda q: rank[q.event_ids[0]])


def within_eras(content: Content, preset: Preset) -> Callable[[Question], bool]:
    """Does a question keep to the preset's eras? In a quiz titled "2024: the treaty year", a
    2025 option of a date question, or a 2023 event among the ones to put in order, is ruled
    out by the title alone."""
    eras = [era for era in content.site.eras if era.id in preset.eras]
    if not eras:
        return lambda question: True

    def inside(day: datetime.date) -> bool:
        return any(era.start.first_day <= day <= era.end.last_day for era in eras)

    def keeps(question: Question) -> bool:
        if not question.asks_when:
            return True
        events = [content.events_by_id[e] for e in question.event_ids if e in content.events_by_id]
        days = [datetime.date(y, m, 1) for y, m in question.months]
        return all(inside(d) for d in (*days, *(e.date.first_day for e in events)))

    return keeps


def header(preset: Preset) -> str:
    """What a student reads before the first question: it must answer none of them."""
    return f"{preset.title}\n{preset.description}"


def headers(content: Content, preset: Preset) -> dict[str, str]:
    """The preset's header in every language of the content."""
    source = content.source or content
    out = {}
    for language in (source.language, *source.translated):
        localised = source.in_language(language)
        focus = focus_of(localised, preset)
        same = next((p for p in localised.presets if p.id == preset.id), preset)
        shown = event_preset(localised, focus.id, preset.questions) if focus else same
        out[language] = header(shown)
    return out


def build_quiz(content: Content, pool: Pool, preset: Preset, seed: int) -> list[Question]:
    """The preset's questions for this seed, in the pool's language: deterministic, varied in
    kind, one per event where the content allows, never the same question twice, and the same
    questions in every language. Fewer than asked only when a few shuffles cannot give more.
    Options are in pool order (unshuffled)."""
    twins = pool.twins or {content.language: pool}
    shown = headers(content, preset)
    by_id = {lang: twin.by_id for lang, twin in twins.items()}

    def versions(question: Question) -> list[tuple[str, Question]]:
        return [(lang, by_id[lang][question.id]) for lang in twins if question.id in by_id[lang]]

    def headed(question: Question) -> bool:
        """The header shows none of its options, and no word of its answer alone: the answer
        would be given, a wrong option ruled out ("raises its estimate to 2,000" rules 2,000
        out of an April question)."""
        return not any(
            any(
                shows(shown.get(lang, ""), option.text, twins[lang].lexicon) for option in q.options
            )
            or no_give_away(
                replace(q, stem=f"{shown.get(lang, '')}\n{q.full_stem}"), twins[lang].lexicon
            )
            for lang, q in versions(question)
        )

    found = [q for q in candidates(content, pool, preset) if headed(q)]
    clashes: dict[tuple[str, str], bool] = {}

    focused = focus_of(content, preset) is not None

    def place(question: Question, chosen: list[Question]) -> int | None:
        """Where the question can go among those chosen, or None. It must clash with none, and
        come before any that tells of its event (read after answering, that one would give it
        away) and after any whose event it tells of. An event quiz is shuffled after picking,
        so there neither may tell of the other."""
        for other in chosen:
            pair = (question.id, other.id)
            if pair not in clashes:
                clashes[pair] = any(
                    clash(q, by_id[lang][other.id], twins[lang].lexicon)
                    for lang, q in versions(question)
                    if other.id in by_id[lang]
                )
            if clashes[pair]:
                return None
        told_by = [i for i, other in enumerate(chosen) if tells_of(other, question)]
        telling = [i for i, other in enumerate(chosen) if tells_of(question, other)]
        if focused and (told_by or telling):
            return None
        at = min(told_by, default=len(chosen))  # before every question that tells of it
        return at if all(i < at for i in telling) else None

    best: list[Question] = []
    for retry in range(1 if focused else RETRIES):
        rng = random.Random(f"{preset.id}|{seed}|{retry}" if retry else f"{preset.id}|{seed}")
        order = list(found)
        if not focused:
            rng.shuffle(order)
        chosen = pick(order, preset.questions, place, spread=not focused)
        if len(chosen) > len(best):
            best = chosen
        if len(best) == preset.questions:
            break
    if focused:
        random.Random(f"{preset.id}|{seed}").shuffle(best)
    return best


def reordered(questions: list[Question], rng: random.Random) -> list[Question]:
    """The quiz's questions in a random order that keeps its one ordering rule: a question
    that tells of another's event comes after it (see `place`). Each student of an assessment
    gets their own order, so neighbours are not on the same question."""
    after = {q.id: {p.id for p in questions if p is not q and tells_of(q, p)} for q in questions}
    left, done, out = list(questions), set[str](), []
    while left:
        ready = [q for q in left if after[q.id] <= done] or left[:1]  # a cycle: keep its order
        question = rng.choice(ready)
        left.remove(question)
        done.add(question.id)
        out.append(question)
    return out


def pick(
    found: list[Question],
    wanted: int,
    place: Callable[[Question, list[Question]], int | None],
    spread: bool,
) -> list[Question]:
    """Greedy, in passes from strict to loose: one question per event and a fair share per
    kind first (`spread`), then whatever keeps the quiz-level rules."""
    kinds = {q.kind for q in found} or {"none"}
    fair_share = -(-wanted // len(kinds))
    chosen: list[Question] = []
    used_events: set[str] = set()
    per_kind: Counter[str] = Counter()

    def take(strict_events: bool, strict_kinds: bool) -> None:
        for question in found:
            if len(chosen) == wanted:
                return
            if question in chosen:
                continue
            if strict_events and used_events.intersection(question.event_ids[:1]):
                continue
            if strict_kinds and per_kind[question.kind] >= fair_share:
                continue
            at = place(question, chosen)
            if at is None:
                continue
            chosen.insert(at, question)
            used_events.update(question.event_ids[:1])
            per_kind[question.kind] += 1

    if spread:  # a quiz on one event asks several things about that event
        take(strict_events=True, strict_kinds=True)
        take(strict_events=True, strict_kinds=False)
    take(strict_events=False, strict_kinds=True)
    take(strict_events=False, strict_kinds=False)
    return chosen


@dataclass(frozen=True)
class CoverageWarning:
    """Something a teacher should know about the bank (worded by the template)."""

    kind: str  # "uncovered": no teacher-written question on the event; "short": preset too long
    title: str
    subject: str
    wanted: int = 0
    found: int = 0


def coverage_warnings(content: Content, pool: Pool) -> list[CoverageWarning]:
    covered = {e for q in content.questions for e in q.events}
    covered |= {e.id for e in content.events if e.facts}
    warnings = [
        CoverageWarning("uncovered", e.title, e.id) for e in content.events if e.id not in covered
    ]
    for preset in content.presets:
        found = min(len(build_quiz(content, pool, preset, seed)) for seed in range(5))
        if found < preset.questions:
            warnings.append(
                CoverageWarning("short", preset.title, preset.id, preset.questions, found)
            )
    return warnings
