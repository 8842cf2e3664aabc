"""The shipped content keeps its promises: valid, sourced, complete across every thread."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from quiz.content import PartialDate, check_content
from quiz.content.timeline import fold


@pytest.fixture(scope="session")
def checked(shipped_content):
    """(content, problems) of the shipped folder, read once for the whole run."""
    return check_content(shipped_content)


@pytest.fixture(scope="session")
def content(checked):
    loaded, problems = checked
    assert loaded is not None, "\n".join(map(str, problems))
    return loaded


def test_shipped_content_has_no_problem_at_all_not_even_a_missing_translation(checked):
    loaded, problems = checked
    assert loaded is not None, "\n".join(map(str, problems))
    assert problems == [], "\n".join(map(str, problems))


def test_at_least_sixty_events_in_2023_to_2025_across_every_category_and_era(content):
    in_range = [e for e in content.events if 2023 <= e.date.year <= 2025]
    assert len(in_range) >= 60
    assert all(
        PartialDate(2022, 1, 1) <= e.date <= PartialDate(2025, 12, 31) for e in content.events
    )
    used = Counter(e.category for e in content.events)
    assert set(used) == set(content.categories)
    assert all(any(content.era_of(e) == era for e in content.events) for era in content.site.eras)


def test_every_event_is_sourced_with_a_web_address(content):
    for event in content.events:
        assert event.sources, event.id
        assert all(re.match(r"^https?://\S+$", s.url) for s in event.sources), event.id
        assert event.summary and event.body and event.actors, event.id


def test_event_ids_are_unique_file_names(content, shipped_content):
    english = [p for p in (shipped_content / "events").glob("*.md") if ".fr." not in p.name]
    stems = [p.stem.split("-", 3)[-1] for p in english]
    assert len(content.events) == len(stems)
    assert len({e.id for e in content.events}) == len(content.events)


def test_threads_the_timeline_promises_are_all_there(content):
    text = " ".join(fold(f"{e.title} {e.summary} {e.body}") for e in content.events)
    for topic in [
        "vostochny",
        "comprehensive strategic partnership",
        "kursk",
        "panel of experts",
        "multilateral sanctions monitoring team",
        "bridge",
        "ratif",
        "artillery shells",
        "casualt",
        "flight",
        "train",
    ]:
        assert topic in text, topic


def test_teacher_hooks_on_at_least_twenty_events(content):
    assert sum(bool(e.facts) for e in content.events) >= 20


def test_hand_written_bank_is_large_and_well_formed(content):
    questions = content.questions
    assert len(questions) >= 40
    for question in questions:
        assert len(question.choices) == 4, question.id
        texts = [fold(c.text) for c in question.choices]
        assert len(set(texts)) == 4, question.id
        assert sum(c.correct for c in question.choices) == 1, question.id
        assert all(c.feedback for c in question.choices if not c.correct), question.id
        assert all(event_id in content.events_by_id for event_id in question.events), question.id


def test_every_preset_can_be_filled(content):
    from quiz.quizgen import build_pool, candidates

    pool = build_pool(content)
    for preset in content.presets:
        assert len(candidates(content, pool, preset)) >= preset.questions, preset.id


def test_the_years_in_the_title_are_those_of_the_events(content):
    """The site said 2023–2025 while its first event is from 2022."""
    first, last = content.events[0].date.year, content.events[-1].date.year
    assert content.site.title.endswith(f", {first}–{last}")
    assert content.in_language("fr").site.title.endswith(f", {first}–{last}")
