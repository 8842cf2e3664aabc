"""From the pool to one quiz: a preset's scope and length, a seed, a balanced mix."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from ..content import Content
from ..content.schema import Preset
from ..content.timeline import related
from .model import Pool, Question
from .phrases import phrase
from .rules import clash, shows

EVENT_PRESET = "event-"  # `event-<event id>`: the short quiz behind "Quiz me on this event"


def event_preset(content: Content, event_id: str, length: int = 5) -> Preset:
    """The short quiz behind "Quiz me on this event": the event first, then its neighbours."""
    event = content.events_by_id[event_id]
    return Preset(
        id=f"{EVENT_PRESET}{event_id}",
        title=phrase(content.language, "event_quiz", title=event.title),
        description=phrase(content.language, "event_quiz_description"),
        questions=length,
    )


def focus_of(content: Content, preset: Preset):
    """The event an event quiz is about, or None for a preset from quizzes.yaml."""
    if preset.id.startswith(EVENT_PRESET):
        return content.events_by_id.get(preset.id.removeprefix(EVENT_PRESET))
    return None


def scope_of(content: Content, preset: Preset) -> list[str]:
    """Event ids the preset covers, most relevant first for event quizzes."""
    focus = focus_of(content, preset)
    if focus is not None:
        return [focus.id, *(e.id for e in related(content, focus, limit=6))]
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
    scope = scope_of(content, preset)
    rank = {event_id: index for index, event_id in enumerate(scope)}
    found = [
        q
        for q in pool.questions
        if (not preset.kinds or q.kind in preset.kinds) and any(e in rank for e in q.event_ids)
    ]
    return sorted(found, key=lambda q: min(rank.get(e, len(rank)) for e in q.event_ids))


def header(preset: Preset) -> str:
    """What a student reads before the first question: it must answer none of them."""
    return f"{preset.title}\n{preset.description}"


def build_quiz(content: Content, pool: Pool, preset: Preset, seed: int) -> list[Question]:
    """The preset's questions for this seed: deterministic, varied in kind, one per event where
    the content allows, never the same question twice, none answering another or answered by
    the quiz's header. Fewer than asked when the content cannot give more. Options are in pool
    order (unshuffled)."""
    rng = random.Random(f"{preset.id}|{seed}")
    shown = header(preset)
    found = [
        q
        for q in candidates(content, pool, preset)
        if not shows(shown, q.correct.text, pool.lexicon)
    ]
    focused = focus_of(content, preset) is not None
    if not focused:
        rng.shuffle(found)
    kinds = {q.kind for q in found} or {"none"}
    fair_share = -(-preset.questions // len(kinds))
    chosen: list[Question] = []
    used_events: set[str] = set()
    per_kind: Counter[str] = Counter()

    def take(strict_events: bool, strict_kinds: bool) -> None:
        for question in found:
            if len(chosen) == preset.questions:
                return
            if question in chosen:
                continue
            if strict_events and used_events.intersection(question.event_ids[:1]):
                continue
            if strict_kinds and per_kind[question.kind] >= fair_share:
                continue
            if any(clash(question, other, pool.lexicon) for other in chosen):
                continue
            chosen.append(question)
            used_events.update(question.event_ids[:1])
            per_kind[question.kind] += 1

    if not focused:  # a quiz on one event asks several things about that event
        take(strict_events=True, strict_kinds=True)
        take(strict_events=True, strict_kinds=False)
    take(strict_events=False, strict_kinds=True)
    take(strict_events=False, strict_kinds=False)
    if focused:
        rng.shuffle(chosen)
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
        found = len(candidates(content, pool, preset))
        if found < preset.questions:
            warnings.append(
                CoverageWarning("short", preset.title, preset.id, preset.questions, found)
            )
    return warnings
