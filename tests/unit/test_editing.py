"""A teacher's edits before handing out (quiz/quizgen/editing.py), proved over the shipped
content: a swapped-in question is new, of the preset's scope and keeps the quiz-level rules in
every language; the violations of a list are those of quiz_violations in each language."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.content import load_content
from quiz.quizgen import build_bank, build_quiz, candidates
from quiz.quizgen.assemble import header
from quiz.quizgen.editing import replacement, violations
from quiz.quizgen.rules import quiz_violations
from tests.support.fixtures import SHIPPED_CONTENT

SHIPPED = load_content(SHIPPED_CONTENT)
BANK = build_bank(SHIPPED)
LANGUAGES = sorted(BANK.pools)


@given(
    seed=st.integers(0, 2**31 - 1),
    preset=st.sampled_from(SHIPPED.presets),
    language=st.sampled_from(LANGUAGES),
    data=st.data(),
)
@settings(max_examples=40, deadline=None)
def test_a_swap_brings_a_new_question_of_the_preset_that_breaks_no_rule(
    seed, preset, language, data
):
    content, pool = SHIPPED.in_language(language), BANK.pool(language)
    preset = next(p for p in content.presets if p.id == preset.id)
    quiz = build_quiz(content, pool, preset, seed)
    out = data.draw(st.sampled_from(quiz))
    found = replacement(content, pool, preset, quiz, out, random.Random(seed))
    if found is None:
        return  # nothing fits: the service refuses the swap in words
    assert found.id not in {q.id for q in quiz}
    assert found.id in {q.id for q in candidates(content, pool, preset)}
    swapped = [found if q.id == out.id else q for q in quiz]
    for twin in BANK.pools.values():
        localised = [twin.by_id[q.id] for q in swapped]
        assert quiz_violations(localised, header(preset), twin.lexicon) == []


def test_violations_name_a_clash_in_any_language_once():
    pool = BANK.pool("en")
    quiz = build_quiz(SHIPPED, pool, SHIPPED.presets[0], seed=3)
    assert violations(pool, quiz, header(SHIPPED.presets[0])) == []
    doubled = [quiz[0], quiz[0]]  # a question twice: same answer, same event
    found = violations(pool, doubled, "")
    assert found and len(found) == len(set(found))
