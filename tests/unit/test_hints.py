"""Hints (issue 16, item 3): what teachers write, what content check says of it at file:line,
and the hints generated questions take from the content, which never show an option."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.content import Severity, check_content, load_content
from quiz.content.lint import hint_shows
from quiz.quizgen import build_bank
from quiz.quizgen.registry import REGISTRY
from quiz.quizgen.rules import shows
from tests.support.fixtures import FIXTURE_CONTENT, SHIPPED_CONTENT

SUMMIT = "events/2023-09-13-vostochny-summit.md"
SHIPPED_BANK = build_bank(load_content(SHIPPED_CONTENT))


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


def test_fixture_hints_reach_both_languages_with_french_typography():
    content = load_content(FIXTURE_CONTENT)
    assert content.questions[0].hint.startswith("Think of what allies")
    assert content.events_by_id["vostochny-summit"].facts[0].hint.startswith("The rocket family")
    french = content.in_language("fr")
    assert french.questions[0].hint.startswith("Pensez à ce que")
    bank = build_bank(content)
    assert bank.pool("fr").by_id["hand:treaty-clause"].hint.startswith("Pensez")
    assert bank.pool("en").by_id["fact:vostochny-summit:0"].hint.startswith("The rocket family")


def test_an_empty_hint_is_an_error_at_its_line(content_dir: Path):
    edit(
        content_dir,
        SUMMIT,
        "The rocket family that has carried crews to the space station for decades.",
        '"  "',
    )
    content, problems = check_content(content_dir)
    assert content is None
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert len(errors) == 1, lines(problems)
    assert errors[0].path.endswith("2023-09-13-vostochny-summit.md")
    assert (errors[0].line, errors[0].field) == (18, "facts[0].hint"), str(errors[0])


def test_a_hint_that_spells_out_the_answer_is_an_error_at_its_line(content_dir: Path):
    edit(content_dir, SUMMIT, "The rocket family that", "Soyuz-2, the rocket family that")
    edit(
        content_dir,
        "questions/treaty.yaml",
        "Think of what allies promise",
        "Give military and other help if the other is attacked, as allies promise",
    )
    content, problems = check_content(content_dir)
    assert content is None
    errors = [str(p).split("content/")[-1] for p in problems if p.severity is Severity.ERROR]
    assert any(
        e.endswith(
            "2023-09-13-vostochny-summit.md:18: facts[0].hint: gives the answer away "
            "(it says `Soyuz-2`) (point towards the answer (the era, who was involved) "
            "without naming it)"
        )
        for e in errors
    ), errors
    assert any("treaty.yaml:13: treaty-clause.hint: gives the answer away" in e for e in errors)


def test_a_french_question_or_fact_without_the_hint_is_a_warning_and_shows_the_english(
    content_dir: Path,
):
    edit(
        content_dir,
        "questions/treaty.fr.yaml",
        "  hint: Pensez à ce que des alliés se promettent pour un temps de guerre.\n",
        "",
    )
    edit(content_dir, "events/2023-09-13-vostochny-summit.fr.md", "    hint: La famille", "    #")
    content, problems = check_content(content_dir)
    assert content is not None
    warnings = [str(p) for p in problems if p.severity is Severity.WARNING]
    assert any(
        "treaty.fr.yaml:1: warning: fr:" in w and "hint of question `treaty-clause`" in w
        for w in warnings
    ), warnings
    assert any(
        "vostochny-summit.fr.md:5: warning: fr:" in w and "hint of fact 1" in w for w in warnings
    ), warnings
    assert content.in_language("fr").questions[0].hint.startswith("Think of what allies")


def test_hint_shows_reads_whole_words_in_order():
    assert hint_shows("It was Soyuz-2 they saw", "Soyuz-2")
    assert not hint_shows("A Soyuz rocket, but which?", "Soyuz-2")
    assert not hint_shows("help the attacked", "Give military and other help if attacked")


QUESTIONS = [(lang, q) for lang, pool in SHIPPED_BANK.pools.items() for q in pool.questions]


def test_generated_questions_offer_hints_in_both_languages_but_order_questions_none():
    for pool in SHIPPED_BANK.pools.values():
        hinted = {q.kind for q in pool.questions if q.hint}
        assert {"date", "place", "figure", "claim"} <= hinted
        assert not any(q.hint for q in pool.questions if q.kind in ("order", "steps"))
    english, french = SHIPPED_BANK.pools["en"].by_id, SHIPPED_BANK.pools["fr"].by_id
    assert {i for i, q in english.items() if q.hint} == {i for i, q in french.items() if q.hint}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(QUESTIONS))
def test_no_hint_shows_an_option_of_its_question(item):
    lang, question = item
    if not question.hint:
        return
    lexicon = SHIPPED_BANK.lexicon
    for option in question.options:
        assert not shows(question.hint, option.text, lexicon), (lang, question.id, option.text)
    if not REGISTRY[question.kind].written_by_teacher:
        assert question.hint.startswith(("It happened during", "Thread:", "Cela s’est", "Fil"))
    if question.kind == "date":  # a date question's hint is its thread, never a month or year
        assert not any(ch.isdigit() for ch in question.hint)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_generated_question_of_the_shipped_pool_keeps_the_rule(lang):
    lexicon = SHIPPED_BANK.lexicon
    for question in SHIPPED_BANK.pools[lang].questions:
        assert not any(
            shows(question.hint, o.text, lexicon) for o in question.options if question.hint
        ), question.id


def test_a_french_hint_that_spells_out_the_french_answer_is_an_error(content_dir: Path):
    edit(
        content_dir,
        "events/2023-09-13-vostochny-summit.fr.md",
        "hint: La famille",
        "hint: Soyouz-2, la famille",
    )
    content, problems = check_content(content_dir)
    assert content is None
    assert [str(p).split("events/")[-1] for p in problems if p.severity is Severity.ERROR] == [
        "2023-09-13-vostochny-summit.fr.md:8: facts[0].hint: gives the answer away (it says "
        "`Soyouz-2`) (point towards the answer (the era, who was involved) without naming it)"
    ]


def test_shipped_hand_written_hints_are_served_in_both_languages():
    for question_id in ("hand:arms-container-route-2023", "hand:treaty-last-step-into-force"):
        english = SHIPPED_BANK.pools["en"].by_id[question_id]
        french = SHIPPED_BANK.pools["fr"].by_id[question_id]
        assert english.hint and french.hint and english.hint != french.hint
        assert not hint_shows(english.hint, english.correct.text)
        assert not hint_shows(french.hint, french.correct.text)
