"""Generation rules, proved over the shipped content and over random synthetic content."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.content import Content, Event, PartialDate, load_content
from quiz.content.schema import EventFront, Preset, Site
from quiz.content.timeline import fold
from quiz.quizgen import build_pool, build_quiz, event_preset
from tests.conftest import FIXTURE_CONTENT, SHIPPED_CONTENT

SHIPPED = load_content(SHIPPED_CONTENT)
SHIPPED_POOL = build_pool(SHIPPED)
CATEGORIES = ["diplomacy", "arms", "troops"]
PLACES = ["Pyongyang", "Moscow", "Seoul", "Vladivostok", "Kursk region", "Kazan", "Beijing"]
PEOPLE = [
    "Kim Jong Un",
    "Vladimir Putin",
    "Sergei Shoigu",
    "Sergei Lavrov",
    "Choe Son Hui",
    "Andrei Belousov",
    "Antony Blinken",
    "Yoon Suk Yeol",
]


def assert_well_formed(content: Content, pool) -> None:
    for question in pool.questions:
        texts = [fold(option.text) for option in question.options]
        assert len(set(texts)) == len(texts) == 4 or question.kind == "hand", question
        assert 0 <= question.answer < len(question.options)
        assert question.explanation.strip()
        assert all(e in content.events_by_id for e in question.event_ids)
        assert_no_true_distractor(content, question)


def assert_no_true_distractor(content: Content, question) -> None:
    """The rule that matters most: no wrong option may also be a right answer."""
    event = content.events_by_id[question.event_ids[0]]
    wrong = [o.text for i, o in enumerate(question.options) if i != question.answer]
    if question.kind == "date":
        last = (event.end or event.date).last_day
        for text in wrong:
            other = parse_shown_date(text)
            assert other.last_day < event.date.first_day or other.first_day > last, question
    elif question.kind == "place":
        assert all(
            fold(event.place) not in fold(t) and fold(t) not in fold(event.place) for t in wrong
        )
    elif question.kind == "people":
        assert not set(map(fold, wrong)) & set(map(fold, event.actors))
    elif question.kind == "order":
        events = [content.events_by_id[e] for e in question.event_ids]
        first_ends = (events[0].end or events[0].date).last_day
        assert all(other.date.first_day > first_ends for other in events[1:])
        assert question.options[question.answer].text == events[0].title


def parse_shown_date(text: str) -> PartialDate:
    for fmt, precision in (("%d %B %Y", 3), ("%B %Y", 2), ("%Y", 1)):
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return PartialDate(
            value.year, value.month if precision > 1 else 0, value.day if precision > 2 else 0
        )
    raise AssertionError(f"not a shown date: {text}")


def test_shipped_content_yields_every_kind_and_follows_the_rules():
    kinds = {q.kind for q in SHIPPED_POOL.questions}
    assert {"date", "place", "people", "order", "summary", "figure", "fact"} <= kinds
    assert_well_formed(SHIPPED, SHIPPED_POOL)


def test_question_ids_are_stable_kind_plus_subject():
    again = build_pool(load_content(SHIPPED_CONTENT))
    assert [q.id for q in again.questions] == [q.id for q in SHIPPED_POOL.questions]
    assert again.questions == SHIPPED_POOL.questions
    assert len({q.id for q in SHIPPED_POOL.questions}) == len(SHIPPED_POOL.questions)
    assert all(q.id.startswith(q.kind + ":") for q in SHIPPED_POOL.questions)


@given(seed=st.integers(0, 2**31 - 1), preset=st.sampled_from(SHIPPED.presets))
@settings(max_examples=40, deadline=None)
def test_same_seed_same_quiz_and_no_repeats(seed, preset):
    first = build_quiz(SHIPPED, SHIPPED_POOL, preset, seed)
    assert first == build_quiz(SHIPPED, SHIPPED_POOL, preset, seed)
    assert len({q.id for q in first}) == len(first)
    assert len(first) == preset.questions  # the shipped presets can all be filled
    if preset.kinds:
        assert {q.kind for q in first} <= set(preset.kinds)


def test_different_seeds_give_different_quizzes():
    preset = next(p for p in SHIPPED.presets if p.id == "whole-story")
    quizzes = {tuple(q.id for q in build_quiz(SHIPPED, SHIPPED_POOL, preset, s)) for s in range(8)}
    assert len(quizzes) > 1


def test_event_quiz_starts_with_the_event_itself():
    event = SHIPPED.events[10]
    quiz = build_quiz(SHIPPED, SHIPPED_POOL, event_preset(SHIPPED, event.id), seed=1)
    assert len(quiz) == 5
    assert sum(event.id in q.event_ids for q in quiz) >= 3


def test_shuffling_moves_the_answer_with_its_option():
    import random

    question = SHIPPED_POOL.questions[0]
    shuffled = question.shuffled(random.Random(5))
    assert shuffled.correct == question.correct
    assert sorted(o.text for o in shuffled.options) == sorted(o.text for o in question.options)


# -- synthetic content ------------------------------------------------------------------------
@st.composite
def synthetic_content(draw) -> Content:
    count = draw(st.integers(4, 40))
    days = sorted(draw(st.lists(st.integers(0, 1400), min_size=count, max_size=count)))
    events = []
    for index, day in enumerate(days):
        date = dt.date(2022, 3, 1) + dt.timedelta(days=day)
        precision = draw(st.sampled_from(["day", "day", "month"]))
        text = date.isoformat() if precision == "day" else date.isoformat()[:7]
        front = EventFront.model_validate(
            {
                "date": text,
                "title": f"Event number {index} happens",
                "category": draw(st.sampled_from(CATEGORIES)),
                "actors": draw(
                    st.lists(st.sampled_from(PEOPLE), min_size=0, max_size=3, unique=True)
                ),
                "place": draw(st.sampled_from([*PLACES, ""])),
                "summary": f"Summary of event {index}.",
                "sources": [{"publisher": "P", "url": "https://example.org"}],
                "figures": [{"label": "things", "value": draw(st.integers(1, 10**6)), "by": "X"}],
            }
        )
        events.append(
            Event.model_construct(
                **dict(front),
                id=f"e{index}",
                body="Body.",
                source_path="x",
            )
        )
    site = Site.model_validate(
        {"title": "T", "categories": [{"id": c, "label": c} for c in CATEGORIES]}
    )
    events.sort(key=lambda e: (e.date, e.id))
    return Content(site=site, events=tuple(events), questions=(), presets=(), version="synthetic")


@given(content=synthetic_content(), seed=st.integers(0, 1000))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_questions_follow_the_rules_on_any_content(content, seed):
    pool = build_pool(content)
    assert_well_formed(content, pool)
    preset = Preset(id="all", title="All", description="d", questions=10)
    quiz = build_quiz(content, pool, preset, seed)
    assert quiz == build_quiz(content, pool, preset, seed)
    assert len(quiz) == min(10, len(pool.questions))


def test_fixture_rejects_are_counted_with_reasons():
    content = load_content(FIXTURE_CONTENT)
    pool = build_pool(content)
    assert "place" in pool.rejected  # too few places in five events
    assert all(":" in reason for reasons in pool.rejected.values() for reason in reasons)
