"""Moodle GIFT: escaping, the round trip, and import errors by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.content import check_content, load_content
from quiz.content.gift import escape, read, write
from quiz.quizgen import build_pool
from tests.support.fixtures import SHIPPED_CONTENT


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Article 4: mutual aid", "Article 4\\: mutual aid"),
        ("{braces} = ~tilde #hash", "\\{braces\\} \\= \\~tilde \\#hash"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
    ],
)
def test_special_characters_are_escaped(text, escaped):
    assert escape(text) == escaped


def hand_questions(content):
    return [q for q in build_pool(content).questions if q.kind == "hand"]


def test_round_trip_keeps_every_shipped_question_intact(tmp_path: Path):
    shipped = load_content(SHIPPED_CONTENT)
    exported = write([("Bank", [_named(q) for q in hand_questions(shipped)])])
    located, errors = read(exported)
    assert errors == []
    by_id = {q.id: q for q in shipped.questions}
    assert len(located.data) == len(by_id)
    for data in located.data:
        original = by_id[data["id"]]
        assert data["prompt"] == original.prompt
        assert data["explanation"] == original.explanation
        assert data["events"] == list(original.events)
        assert [
            (c["text"], c.get("correct", False), c.get("feedback", "")) for c in data["choices"]
        ] == [(c.text, c.correct, c.feedback) for c in original.choices]


def _named(question):
    from dataclasses import replace

    return replace(question, id=question.id.removeprefix("hand:"))


def test_imported_gift_file_becomes_hand_written_questions(content_dir):
    (content_dir / "questions" / "moodle.gift").write_text(
        "$CATEGORY: Imported\n\n// events: treaty-signed\n"
        "::gift-clause::Which article\\: 4 or 5? {\n=Article 4#Yes.\n~Article 5#No.\n"
        "####The fourth.\n}\n"
    )
    content = load_content(content_dir)
    imported = next(q for q in content.questions if q.id == "gift-clause")
    assert imported.prompt == "Which article: 4 or 5?"
    assert [c.text for c in imported.choices] == ["Article 4", "Article 5"]
    assert imported.choices[0].correct and imported.explanation == "The fourth."


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        ("// events: treaty-signed\nNo name {\n=A\n~B\n}\n", 2, "name", "has no name"),
        ("\n::q-x::No events {\n=A\n~B\n}\n", 2, "events", "// events:"),
        ("// events: treaty-signed\n::q-x::True? {T}\n", 2, "answers", "only multiple-choice"),
        ("// events: nope\n::q-x::Q {\n=A\n~B\n####E.\n}\n", 1, "events", "no event has the id"),
        ("// events: treaty-signed\n::q-x::Q {\n=A\n=B\n####E.\n}\n", 2, "choices", "exactly one"),
        ("// events: treaty-signed\n::Bad Name::Q {\n=A\n~B\n}\n", 2, "id", "lowercase"),
    ],
)
def test_broken_gift_is_reported_at_its_line(content_dir, text, line, field, words):
    (content_dir / "questions" / "bad.gift").write_text(text)
    content, problems = check_content(content_dir)
    assert content is None
    assert any(
        p.path.endswith("bad.gift")
        and p.line == line
        and p.field == field
        and words in p.message + p.hint
        for p in problems
    ), "\n".join(map(str, problems))
