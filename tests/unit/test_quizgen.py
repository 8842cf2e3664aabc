"""Generation rules, proved as properties over the shipped content (both languages) and over
random synthetic content: every generated question keeps every question rule, each kind keeps
its own "one defensible answer" rule, and every quiz keeps the quiz-level rules."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.content import Content, Event, gift, load_content
from quiz.content.reference import Actor, Family, Measure, Place, Reference
from quiz.content.schema import EventFront, Preset, Site
from quiz.quizgen import (
    REGISTRY,
    build_bank,
    build_pool,
    build_quiz,
    dealt,
    event_preset,
    reordered,
)
from quiz.quizgen.assemble import header
from quiz.quizgen.audit import audit
from quiz.quizgen.registry import Context, months_of
from quiz.quizgen.rules import EXCLUDED, broken_rule, clash, quiz_violations, tells_of
from quiz.quizgen.text import significant_figures, tokens
from tests.support.fixtures import FIXTURE_CONTENT, SHIPPED_CONTENT

SHIPPED = load_content(SHIPPED_CONTENT)
BANK = build_bank(SHIPPED)
CTX = Context(SHIPPED)
LANGUAGES = sorted(BANK.pools)
GENERATED = {kind.id for kind in REGISTRY.values() if not kind.written_by_teacher}


def generated(language: str):
    return [q for q in BANK.pool(language).questions if q.kind in GENERATED]


# -- the registry ---------------------------------------------------------------------------------
def test_every_kind_is_one_object_with_labels_and_stems_in_every_language():
    assert list(REGISTRY) == [
        "date", "place", "people", "order", "figure", "source", "current",
        "compare", "steps", "claim", "fact", "hand",
    ]  # fmt: skip
    for kind in REGISTRY.values():
        assert {"en", "fr"} <= set(kind.labels), kind.id
        if not kind.written_by_teacher:
            assert set(kind.stems["en"]) == set(kind.stems["fr"]), kind.id


def test_shipped_content_yields_every_kind_in_both_languages_alike():
    english, french = BANK.pool("en"), BANK.pool("fr")
    excluded = {r.kind for r in english.rejections if r.rule == EXCLUDED}  # a teacher's choice
    assert {q.kind for q in english.questions} | excluded == set(REGISTRY)
    assert [q.id for q in english.questions] == [q.id for q in french.questions]
    for en, fr in zip(english.questions, french.questions, strict=True):
        assert en.answer_key == fr.answer_key and en.origin == fr.origin
        assert len(en.options) == len(fr.options)


def test_a_preset_asking_for_an_unknown_kind_is_an_error_at_its_line(content_dir):
    from quiz.checking import check_folder

    path = content_dir / "quizzes.yaml"
    path.write_text(path.read_text() + "  kinds: [dates]\n")
    content, _, problems = check_folder(content_dir)
    assert content is None
    assert [(p.line, p.field, p.message, p.hint) for p in problems if p.severity == "error"] == [
        (5, "kinds[0]", "`dates` is not a kind of question", "did you mean `date`?")
    ]


# -- every question rule, in both languages -------------------------------------------------------
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_generated_question_keeps_every_question_rule(language):
    pool = BANK.pool(language)
    broken = [(q.id, broken_rule(q, pool.lexicon)) for q in generated(language)]
    assert [b for b in broken if b[1]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_arrives_whole_in_gift(language):
    """A generated question's stem carries its passage or title, so Moodle can ask it."""
    from quiz.services.exports import gift_ready

    for question in BANK.pool(language).questions:
        text = gift.write([("c", [gift_ready(question)])])
        if question.quote:
            assert gift.escape(question.quote) in text, question.id
        assert all(gift.escape(o.text) in text for o in question.options), question.id


def test_french_questions_name_people_and_places_in_french():
    french = " ".join(
        q.full_stem + " " + " ".join(q.distractors) for q in BANK.pool("fr").questions
    )
    for english in ("Putin", "Shoigu", "Sergei", "Moscow", "Seoul", "Kursk region", "Beijing"):
        assert not re.search(rf"\b{english}\b", french), english


# -- one defensible answer, kind by kind ----------------------------------------------------------
def questions_of(kind: str):
    return [q for q in BANK.pool("en").questions if q.kind == kind]


def test_date_questions_ask_key_events_by_month_and_offer_no_month_that_could_be_true():
    events = SHIPPED.events_by_id
    for question in questions_of("date"):
        event = events[question.event_ids[0]]
        assert event.key
        taken = months_of(event) | CTX.alike_months[event.id]
        shown = [month_of(t) for t in question.distractors]
        assert not set(shown) & taken, question.id
        low, high = CTX.month_bounds(event)
        assert all(low <= m <= high for m in shown), question.id  # nothing logic rules out
        options = [month_of(question.correct.text), *shown]
        numbers = sorted(y * 12 + m for y, m in options)
        square = len({y for y, _ in options}) == 2 == len({m for _, m in options})
        row = numbers == list(range(numbers[0], numbers[0] + 4))
        assert square or row, question.id  # no option stands out as the middle one


def month_of(text: str) -> tuple[int, int]:
    value = dt.datetime.strptime(text, "%B %Y")
    return value.year, value.month


def test_place_questions_offer_no_place_holding_or_held_by_the_answer():
    names = {p.name: p.id for p in SHIPPED.reference.places.values()}
    for question in questions_of("place"):
        answer = names[question.correct.text]
        for text in question.distractors:
            other = names[text]
            assert answer not in CTX.holders(other) and other not in CTX.holders(answer)


def test_no_place_question_asks_for_a_capital_in_a_country_its_stem_names():
    places = SHIPPED.reference.places
    names = {p.name: p for p in places.values()}
    for question in questions_of("place"):
        answer = names[question.correct.text]
        if answer.capital:
            country = places[CTX.holders(answer.id)[-1]]
            assert not CTX.mentions(question.full_stem, country.name)
    rejected = {r.subject: r.detail for r in BANK.rejections if r.kind == "place"}
    assert rejected["shoigu-pyongyang-armistice-anniversary"] == "the capital of a country it names"


def test_people_questions_offer_only_people_of_the_same_side_not_involved():
    actors = SHIPPED.reference.actors
    for question in questions_of("people"):
        event = SHIPPED.events_by_id[question.event_ids[0]]
        involved = set(event.actors) | {a for o in CTX.cluster(event) for a in o.actors}
        answer = actors[question.correct.text]
        for name in question.distractors:
            assert name not in involved and actors[name].country == answer.country


def test_order_questions_put_the_answer_three_weeks_before_every_other():
    by_title = {e.title: e for e in SHIPPED.events}
    anchors_first = 0
    for question in questions_of("order"):
        first, *others = (by_title[o.text] for o in question.options)
        ends = (first.end or first.date).last_day
        assert all((o.date.first_day - ends).days > 20 for o in others)
        assert {e.id for e in (first, *others)} == set(question.event_ids)
        anchors_first += first.id == question.event_ids[0]
    # the event a question is filed under is not always the answer: in "Quiz me on this event"
    # it would be the one nearest the header's date
    assert anchors_first < len(questions_of("order")) / 2


def test_order_questions_set_no_chain_against_itself():
    """No two events of one thread (signing, then ratifying) and no three of one category."""
    for question in questions_of("order"):
        events = [SHIPPED.events_by_id[e] for e in question.event_ids]
        for i, one in enumerate(events):
            for other in events[i + 1 :]:
                assert not CTX.threads.get(one.id, set()) & CTX.threads.get(other.id, set())
        assert max(Counter(e.category for e in events).values()) <= 2


def test_a_question_dating_an_event_never_shares_a_quiz_with_one_asking_its_time():
    """An explanation saying "signed in June 2024" answers a date question on the signing."""
    pool = BANK.pool("en")
    timed = [q for q in pool.questions if q.asks_when]
    pairs = [
        (one, other)
        for one in pool.questions
        for other in timed
        if one is not other and set(one.dated_events) & set(other.event_ids[:1])
    ]
    assert len(pairs) > 20
    for one, other in pairs:
        assert clash(one, other, pool.lexicon), (one.id, other.id)


def test_a_question_telling_of_an_event_may_only_come_after_the_question_on_it():
    """Read after answering, "in March 2024 Russia vetoed…" gives away a later question on the
    veto; after that question, it gives nothing away. Served quizzes keep that order (the preset
    property test runs quiz_violations, which checks it)."""
    pool = BANK.pool("en")
    telling, told = next(
        (a, b)
        for a in pool.questions
        if a.dated_events and not a.asks_when
        for b in pool.questions
        if b.event_ids[0] in a.dated_events and not tells_of(b, a) and not clash(a, b, pool.lexicon)
    )
    assert tells_of(telling, told) and not tells_of(told, telling)
    assert quiz_violations([telling, told], "", pool.lexicon)
    assert not quiz_violations([told, telling], "", pool.lexicon)


@settings(max_examples=60, deadline=None)
@given(preset=st.sampled_from(SHIPPED.presets), seed=st.integers(0, 2**31), order=st.integers())
def test_each_students_order_keeps_every_quiz_level_rule(preset, seed, order):
    """An assessment shuffles the question order per student: the same questions, and still
    none telling of the event a later one asks about."""
    pool = BANK.pool("en")
    quiz = build_quiz(SHIPPED, pool, preset, seed)
    shuffled = reordered(quiz, random.Random(order))
    assert sorted(q.id for q in shuffled) == sorted(q.id for q in quiz)
    assert not quiz_violations(shuffled, "", pool.lexicon)


def test_students_get_different_orders_from_different_seeds():
    quiz = build_quiz(SHIPPED, BANK.pool("en"), SHIPPED.presets[0], 1)
    orders = {tuple(q.id for q in reordered(quiz, random.Random(s))) for s in range(20)}
    assert len(orders) > 10
    assert reordered(quiz, random.Random(7)) == reordered(quiz, random.Random(7))


def test_figure_questions_round_every_option_alike():
    for question in questions_of("figure"):
        figures = {significant_figures(o.text) for o in question.options}
        assert len(figures) == 1, question.id
        qualifier = {o.text.split()[0] for o in question.options}
        assert len(qualifier) == 1 or question.correct.text[0].isdigit(), question.id


def test_current_estimate_questions_have_the_latest_estimate_as_answer():
    for question in questions_of("current"):
        asked = month_of(re.match(r"In (\w+ \d{4}),", question.prompt).group(1))
        measure = question.id.split(":")[1]
        series = sorted(
            (f.as_of, f.value)
            for e in SHIPPED.events
            for f in e.figures
            if f.measure == measure and f.by in SHIPPED.reference.measures[measure].series
        )
        latest = [value for when, value in series if (when.year, when.month) <= asked][-1]
        assert question.correct.text.endswith(f"{latest:,.0f}"), question.id


def test_claim_questions_follow_the_confirmation_dates():
    confirmed = dt.date(2025, 4, 26)
    for question in questions_of("claim"):
        event = SHIPPED.events_by_id[question.event_ids[0]]
        before = event.date.last_day < confirmed
        assert question.answer_key == ("claim:neither" if before else "claim:both"), question.id


def test_steps_questions_answer_with_the_next_step():
    for question in questions_of("steps"):
        process_id, index = question.id.split(":")[1:]
        process = next(p for p in SHIPPED.reference.processes if p.id == process_id)
        assert question.correct.text == process.steps[int(index)].label
        assert question.quote == process.steps[int(index) - 1].label


# -- quizzes as served ----------------------------------------------------------------------------
@given(
    seed=st.integers(0, 2**31 - 1),
    preset=st.sampled_from(SHIPPED.presets),
    language=st.sampled_from(LANGUAGES),
)
@settings(max_examples=60, deadline=None)
def test_preset_quizzes_keep_the_quiz_rules_and_fill(seed, preset, language):
    content, pool = SHIPPED.in_language(language), BANK.pool(language)
    preset = next(p for p in content.presets if p.id == preset.id)
    quiz = build_quiz(content, pool, preset, seed)
    assert quiz == build_quiz(content, pool, preset, seed)
    assert quiz_violations(quiz, header(preset), pool.lexicon) == []
    assert len(quiz) == preset.questions  # the shipped presets can all be filled
    if preset.kinds:
        assert {q.kind for q in quiz} <= set(preset.kinds)


@given(event=st.sampled_from(SHIPPED.events), language=st.sampled_from(LANGUAGES))
@settings(max_examples=40, deadline=None)
def test_an_event_quiz_never_asks_what_its_own_header_answers(event, language):
    content, pool = SHIPPED.in_language(language), BANK.pool(language)
    preset = event_preset(content, event.id)
    quiz = build_quiz(content, pool, preset, seed=1)
    assert quiz and quiz_violations(quiz, header(preset), pool.lexicon) == []
    assert preset.title == content.events_by_id[event.id].title  # it names its event


def test_different_seeds_give_different_quizzes():
    preset = next(p for p in SHIPPED.presets if p.id == "whole-story")
    pool = BANK.pool("en")
    quizzes = {tuple(q.id for q in build_quiz(SHIPPED, pool, preset, s)) for s in range(8)}
    assert len(quizzes) > 1


def test_shuffling_moves_the_answer_with_its_option():
    question = BANK.pool("en").questions[0]
    shuffled = question.shuffled(random.Random(5))
    assert shuffled.correct == question.correct
    assert sorted(o.text for o in shuffled.options) == sorted(o.text for o in question.options)


@given(st.integers(1, 40), st.integers(0, 2**32))
def test_a_quiz_spreads_its_right_answers_evenly_over_the_letters(length, seed):
    four = [q for q in BANK.pool("en").questions if len(q.options) == 4]
    questions = random.Random(seed).sample(four, length)
    served = dealt(questions, random.Random(seed))
    counts = Counter(q.answer for q in served)
    assert max(counts.values()) - min(counts.get(i, 0) for i in range(4)) <= 1
    assert [q.correct for q in served] == [q.correct for q in questions]


def test_the_audit_of_the_shipped_content_finds_nothing():
    report = audit(SHIPPED, BANK, seeds=5)
    assert report.violations == []
    assert report.yielded["date"] and report.rejected["date"]["worth knowing"]


def test_a_teacher_can_exclude_a_question_and_is_told_of_a_stale_exclusion(content_dir):
    from quiz.checking import check_folder

    (content_dir / "excluded.yaml").write_text("- date:treaty-signed\n- date:tready-signed\n")
    _, bank, problems = check_folder(content_dir)
    assert "date:treaty-signed" not in bank.pool("en").by_id
    assert [(p.line, str(p.severity), p.hint) for p in problems if p.field == "excluded"] == [
        (2, "warning", "did you mean `date:treaty-signed`?")
    ]


def test_fixture_rejections_name_their_rule():
    pool = build_pool(load_content(FIXTURE_CONTENT))
    assert pool.rejected["people"]["worth knowing"] == 5  # no `roles:` in the fixture
    assert all(r.detail for r in pool.rejections)


# -- synthetic content ----------------------------------------------------------------------------
CITIES = ["pyongyang", "moscow", "seoul", "vladivostok", "kazan", "beijing", "wonsan", "kyiv"]
PEOPLE = ["Sergei Shoigu", "Sergei Lavrov", "Andrei Belousov", "Dmitry Medvedev", "Choe Son Hui"]


def synthetic_reference() -> Reference:
    places = {
        "russia": Place(id="russia", name="Russia", kind="country"),
        "asia": Place(id="asia", name="Elsewhere", kind="country"),
        **{c: Place(id=c, name=c.title(), kind="city", within="asia") for c in CITIES},
        "kursk-region": Place(
            id="kursk-region", name="Kursk region", kind="region", within="russia"
        ),
    }
    actors = {n: Actor(name=n, kind="person", country="russia") for n in PEOPLE}
    measures = {
        m: Measure(id=m, family="losses", label=f"soldiers {m}", unit="soldiers")
        for m in ("killed", "wounded", "lost")
    }
    families = {"losses": Family(id="losses", label="losses")}
    return Reference(places=places, actors=actors, measures=measures, families=families)


@st.composite
def synthetic_content(draw) -> Content:
    count = draw(st.integers(4, 40))
    days = sorted(draw(st.lists(st.integers(0, 1400), min_size=count, max_size=count)))
    events = []
    for index, day in enumerate(days):
        date = dt.date(2022, 3, 1) + dt.timedelta(days=day)
        precision = draw(st.sampled_from(["day", "day", "month"]))
        text = date.isoformat() if precision == "day" else date.isoformat()[:7]
        actors = draw(st.lists(st.sampled_from(PEOPLE), min_size=0, max_size=3, unique=True))
        front = EventFront.model_validate(
            {
                "date": text,
                "title": f"Event number {index} happens",
                "category": draw(st.sampled_from(["diplomacy", "troops"])),
                "key": draw(st.booleans()),
                "statement": draw(st.booleans()),
                "roles": {"visitor": actors[0]} if actors and draw(st.booleans()) else {},
                "actors": actors,
                "place": draw(st.sampled_from([*CITIES, "kursk-region", []])),
                "summary": f"Summary of event {index}.",
                "clue": draw(st.sampled_from(["", f"A passage about happening {index}."])),
                "sources": [{"publisher": "P", "url": "https://example.org"}],
                "figures": [
                    {
                        "label": "things",
                        "value": draw(st.integers(1, 10**6)),
                        "qualifier": draw(st.sampled_from([None, "about", "more than"])),
                        "by": draw(st.sampled_from(["X", "Y", "Z", "W"])),
                        "as_of": text,
                        "measure": draw(st.sampled_from([None, "killed", "wounded", "lost"])),
                        "key": draw(st.booleans()),
                    }
                ],
            }
        )
        events.append(
            Event.model_construct(**dict(front), id=f"e{index}", body="Body.", source_path="x")
        )
    site = Site.model_validate(
        {"title": "T", "categories": [{"id": c, "label": c} for c in ("diplomacy", "troops")]}
    )
    events.sort(key=lambda e: (e.date, e.id))
    return Content(
        site=site,
        events=tuple(events),
        questions=(),
        presets=(),
        version="synthetic",
        reference=synthetic_reference(),
    )


@given(content=synthetic_content(), seed=st.integers(0, 1000))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_questions_keep_the_rules_on_any_content(content, seed):
    bank = build_bank(content)
    pool = bank.pool("en")
    for question in pool.questions:
        assert broken_rule(question, pool.lexicon) is None, question
        assert all(e in content.events_by_id for e in question.event_ids)
        assert question.explanation.strip() and question.origin
        if question.kind == "date":
            event = content.events_by_id[question.event_ids[0]]
            assert event.key
            assert not {month_of(t) for t in question.distractors} & months_of(event)
    preset = Preset(id="all", title="All", description="d", questions=10)
    quiz = build_quiz(content, pool, preset, seed)
    assert quiz == build_quiz(content, pool, preset, seed)
    assert quiz_violations(quiz, header(preset), pool.lexicon) == []
    assert len({q.answer_key for q in quiz}) == len(quiz)


def test_tokens_fold_possessives_accents_and_thousands():
    assert tokens("Russia's 1,000 “Séoul”") == ("russia", "1000", "seoul")
