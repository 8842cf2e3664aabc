"""A teacher's edits to a quiz before handing it out: which quiz-level rules a chosen list of
questions breaks, and a replacement for one of them that breaks none.

Like `build_quiz`, both look at every language of the pool: a swap that is fine in English but
lets a French question answer another is refused in both."""

from __future__ import annotations

import random

from ..content import Content
from ..content.schema import Preset
from .assemble import candidates, header
from .model import Pool, Question
from .rules import clash, quiz_violations, shows, tells_of


def violations(pool: Pool, questions: list[Question], title: str) -> list[tuple[str, str]]:
    """(question id, why) for every quiz-level rule the list breaks in some language, once
    each, in the pool's language where it has the question. `title` is what students read
    before the first question."""
    twins = pool.twins or {"": pool}
    ids = [q.id for q in questions]
    found: dict[tuple[str, str], None] = {}
    for twin in twins.values():
        localised = [twin.by_id[i] for i in ids if i in twin.by_id]
        for found_one in quiz_violations(localised, title, twin.lexicon):
            found.setdefault(found_one)
    return list(found)


def replacement(
    content: Content,
    pool: Pool,
    preset: Preset | None,
    questions: list[Question],
    out: Question,
    rng: random.Random,
    title: str = "",
) -> Question | None:
    """A question to ask instead of `out`: from the preset's candidates (any question of the
    pool for a teacher's own selection), not already asked, of the same kind if one fits, and
    clashing with none of the others in any language (neither may tell of the other, whichever
    comes first), nor showing an option in the quiz's header (the preset's, or `title` for a
    selection). None if no candidate does."""
    kept = [q for q in questions if q.id != out.id]
    asked = {q.id for q in questions}
    title = header(preset) if preset else title
    found = candidates(content, pool, preset) if preset else list(pool.questions)
    order = [q for q in found if q.id not in asked]
    rng.shuffle(order)
    order.sort(key=lambda q: q.kind != out.kind)  # stable: still shuffled within each group
    twins = pool.twins or {"": pool}
    return next(
        (
            q
            for q in order
            if not any(
                fits_badly(
                    twin.by_id[q.id],
                    [twin.by_id[k.id] for k in kept if k.id in twin.by_id],
                    title,
                    twin,
                )
                for twin in twins.values()
                if q.id in twin.by_id
            )
        ),
        None,
    )


def fits_badly(question: Question, others: list[Question], title: str, pool: Pool) -> bool:
    """Does `question` break a quiz-level rule with any of `others` (or with the title)?"""
    lexicon = pool.lexicon
    if any(shows(title, option.text, lexicon) for option in question.options):
        return True
    return any(
        clash(question, other, lexicon) or tells_of(question, other) or tells_of(other, question)
        for other in others
    )
