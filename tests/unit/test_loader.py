"""The loader: valid content loads whole; each kind of mistake is reported at its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.content import ContentError, Severity, check_content, load_content
from tests.support.fixtures import FIXTURE_CONTENT

BASE = """---
date: 2024-06-19
title: A valid event
category: diplomacy
actors: [Kim Jong Un]
place: pyongyang
summary: A summary.
sources:
  - publisher: Example
    title: Headline
    url: https://example.org/a
---
Body text.
"""
NAME = "2024-06-19-new-event.md"


def replace(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def test_fixture_content_loads_sorted_and_complete():
    content = load_content(FIXTURE_CONTENT)
    assert [e.id for e in content.events] == [
        "vostochny-summit",
        "shells-shipped",
        "treaty-signed",
        "troops-estimated",
        "deployment-confirmed",
    ]
    summit = content.events_by_id["vostochny-summit"]
    assert summit.actors == ["Kim Jong Un", "Vladimir Putin"]
    assert summit.facts[0].answer == "Soyuz-2"
    assert content.events_by_id["shells-shipped"].date.iso() == "2023-10"
    assert content.questions[0].id == "treaty-clause"
    assert len(content.version) == 12


def test_raw_html_in_a_body_is_escaped_not_run():
    summit = load_content(FIXTURE_CONTENT).events_by_id["vostochny-summit"]
    assert "<script>" not in summit.body_html
    assert "&lt;script&gt;" in summit.body_html


def test_valid_base_event_adds_cleanly_and_its_missing_french_is_a_warning(content_dir: Path):
    (content_dir / "events" / NAME).write_text(BASE)
    content, problems = check_content(content_dir)
    assert "new-event" in content.events_by_id
    assert [str(p).split("events/")[1] for p in problems] == [
        f"{NAME}:1: warning: fr: no Français text for event `new-event` "
        f"(add the file {NAME[:-3]}.fr.md; English is shown until then)"
    ]
    assert content.in_language("fr").events_by_id["new-event"].title == "A valid event"


# (file name, file text, line, field, words the message must contain)
BROKEN = [
    (NAME, replace("date: 2024-06-19", "date: 19/06/2024"), 2, "date", "is not a date"),
    (NAME, replace("date: 2024-06-19", "date: 2024-02-30"), 2, "date", "not a day of the calendar"),
    ("2024-13-x.md", replace("date: 2024-06-19", "date: 2024-13"), 2, "date", "no month 13"),
    (NAME, replace("title: A", "end: 2024-06-01\ntitle: A"), 3, "end", "before the start"),
    (NAME, replace("category: diplomacy", "category: diplomat"), 4, "category", "`diplomacy`?"),
    (NAME, replace("title: A valid event\n", ""), 1, "title", "is missing"),
    (NAME, replace("summary: A summary.\n", ""), 1, "summary", "is missing"),
    (NAME, BASE.split("sources:")[0] + "---\nBody.\n", 1, "sources", "is missing"),
    (NAME, replace("sources:\n", "sources: []\nx:\n"), 8, "sources", "at least 1"),
    (NAME, replace("    url: https://example.org/a\n", ""), 9, "sources[0].url", "is missing"),
    (NAME, replace("https://example.org/a", "ftp://example.org/a"), 11, "sources[0].url", "http"),
    (NAME, replace("title: A valid", "titel: A valid"), 3, "titel", "did you mean `title`?"),
    (NAME, replace("title: A valid event", "title: Kim: the visit"), 3, "yaml", "not allowed"),
    (NAME, BASE.replace("Body text.\n", ""), 12, "body", "is empty"),
    ("2019-04-25-x.md", replace("2024-06-19", "2019-04-25"), 2, "date", "outside 2022–2026"),
    ("2024-06-18-x.md", BASE, 2, "date", "file name starts with 2024-06-18"),
    (NAME, BASE.removeprefix("---\n"), 1, "front matter", "must start with a line `---`"),
    (NAME, BASE.replace("---\nBody", "Body"), 1, "front matter", "no closing `---`"),
    ("2024-06-19-New_Event.md", BASE, 1, "file name", "valid id"),
    (NAME, replace("place: pyongyang", "place: pyongyang\ntitle: Twice"), 7, "title", "twice"),
    (NAME, replace("actors: [Kim Jong Un]", "actors: {a: b}"), 5, "actors", "must be a list"),
    (NAME, replace("title: A valid event", "title: ''"), 3, "title", "is empty"),
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfigures:\n  - label: troops\n    value: 11,000\n    by: NIS",
        ),
        9,
        "figures[0].value",
        "plain number",
    ),
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfacts:\n  - ask: Q?\n    answer: A\n    wrong: [B, C]",
        ),
        10,
        "facts[0].wrong",
        "at least 3",
    ),
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfacts:\n  - ask: Q?\n    answer: A\n    wrong: [B, C, a]",
        ),
        10,
        "facts[0].wrong",
        "must all differ",
    ),
    (NAME, replace("  - publisher", "\t- publisher"), 9, "yaml", "line 9 starts with a Tab; use"),
    (NAME, replace("    url", "\t  url"), 11, "yaml", "line 11 starts with a Tab; use spaces"),
    (NAME, replace("place: pyongyang", "place: &p pyongyang"), 6, "yaml", "`&p` is a YAML anchor"),
    (NAME, replace("summary: A summary.", "summary: *p"), 7, "yaml", "`*p` repeats a YAML anchor"),
    (NAME, replace("date: 2024-06-19", "date: yes"), 2, "date", "is not a date"),
    # what the questions draw on: ids of places, actors, claims and measures
    (NAME, replace("place: pyongyang", "place: Pyongyang"), 6, "place[0]", "hyphens"),
    (NAME, replace("place: pyongyang", "place: pyongyan"), 6, "place", "`pyongyang`?"),
    (NAME, replace("place: pyongyang", "place: [pyongyang, seol]"), 6, "place", "`seoul`?"),
    (
        NAME,
        replace("actors: [Kim Jong Un]", "actors: [Kim Jong Un]\nroles: {visitor: Kim Jong-un}"),
        6,
        "roles.visitor",
        "not in this event's actors",
    ),
    (
        NAME,
        replace("category: diplomacy", "category: diplomacy\nclaim: troop"),
        5,
        "claim",
        "not a claim",
    ),
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfigures:\n  - label: troops\n    value: 11000\n    by: NIS\n"
            "    measure: dead",
        ),
        11,
        "figures[0].measure",
        "not in measures.yaml",
    ),
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfigures:\n  - label: troops\n    value: 11000\n    by: NIS\n"
            "    qualifier: around",
        ),
        11,
        "figures[0].qualifier",
        "about",
    ),
    # what YAML reads differently from how it looks
    (
        NAME,
        replace(
            "place: pyongyang",
            "place: pyongyang\nfacts:\n  - ask: Q?\n    answer: About 7\n"
            "    wrong: [About 5, About 1,000, About 3]",
        ),
        10,
        "facts[0].wrong[2]",
        "one number cut at its comma",
    ),
    (NAME, replace("summary: A summary.", "summary: “A summary.”"), 7, "summary", "curly quotes"),
]


@pytest.mark.parametrize(("name", "text", "line", "field", "words"), BROKEN)
def test_broken_event_is_reported_at_its_line(content_dir, name, text, line, field, words):
    path = content_dir / "events" / name
    path.write_text(text, encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is None
    mine = [p for p in problems if p.path.endswith(name)]
    assert any(p.line == line and p.field == field and words in p.message + p.hint for p in mine), (
        "\n".join(map(str, mine))
    )
    assert all(p.message for p in mine)


# (file, text, line, field, words): the reference files and their cross-checks
BROKEN_REFERENCE = [
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  in: ukrain\n",
        1,
        "in",
        "not defined",
    ),
    ("places.yaml", "- id: kyiv\n  name: Kyiv\n  kind: town\n", 3, "kind", "city"),
    ("actors.yaml", "- name: X\n  kind: person\n  country: narnia\n", 1, "country", "not defined"),
    (
        "processes.yaml",
        "- id: p\n  title: t\n  steps:\n    - {event: treaty-signed, label: a}\n"
        "    - {event: vostochny-summit, label: b}\n    - {event: troops-estimated, label: c}\n",
        1,
        "steps[1]",
        "not after the step before it",
    ),
    (
        "processes.yaml",
        "- id: p\n  title: t\n  steps:\n    - {event: treaty-signed, label: a}\n"
        "    - {event: treaty-sign, label: b}\n    - {event: troops-estimated, label: c}\n",
        1,
        "steps[1].event",
        "no event has the id",
    ),
    (
        "claims.yaml",
        "- id: troops\n  that: t\n  confirmed_by_russia: deployment-confirmd\n  until: 2025\n",
        1,
        "confirmed_by_russia",
        "`deployment-confirmed`?",
    ),
    ("excluded.yaml", "- date:treaty-signed\n- {id: x}\n", 2, "[1]", "question id"),
]


@pytest.mark.parametrize(("name", "text", "line", "field", "words"), BROKEN_REFERENCE)
def test_broken_reference_file_is_reported_at_its_line(content_dir, name, text, line, field, words):
    (content_dir / name).write_text(text, encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is None
    mine = [p for p in problems if p.path.endswith(name)]
    assert any(p.line == line and p.field == field and words in p.message + p.hint for p in mine), (
        "\n".join(map(str, problems))
    )


def test_a_right_option_that_stands_out_by_form_is_a_warning(content_dir):
    path = content_dir / "questions" / "treaty.yaml"
    path.write_text(path.read_text().replace("Give military and other help", "Give (all) help"))
    content, problems = check_content(content_dir)
    assert content is not None
    assert [(p.line, p.message) for p in problems if p.field == "treaty-clause"] == [
        (1, "the right option is the only one that has a parenthesis")
    ]


def test_report_line_reads_path_line_field_message_hint(content_dir):
    path = content_dir / "events" / NAME
    path.write_text(replace("category: diplomacy", "category: diplomat"))
    _, problems = check_content(content_dir)
    errors = [p for p in problems if p.severity is Severity.ERROR]  # its French: a warning
    assert str(errors[0]).endswith(
        f"{NAME}:4: category: `diplomat` is not a category (did you mean `diplomacy`?)"
    )


def test_every_problem_in_every_file_is_reported_at_once(content_dir):
    (content_dir / "events" / NAME).write_text(replace("title: A", "titel: A"))
    (content_dir / "events" / "2024-06-20-other.md").write_text(
        replace("2024-06-19", "2024-06-20").replace("https://", "ftp://")
    )
    with pytest.raises(ContentError) as raised:
        load_content(content_dir)
    report = str(raised.value)
    assert f"{NAME}:3: titel" in report
    assert "2024-06-20-other.md:11: sources[0].url" in report
    assert f"{NAME}:1: title: is missing" in report
    assert "3 error(s), 0 warning(s)." in report


def test_duplicate_event_ids_name_both_files(content_dir):
    (content_dir / "events" / "2024-01-02-treaty-signed.md").write_text(
        replace("2024-06-19", "2024-01-02")
    )
    _, problems = check_content(content_dir)
    assert [(p.line, p.field) for p in problems] == [(1, "id")]
    assert "already the id of" in problems[0].message
    assert problems[0].path.endswith("2024-06-19-treaty-signed.md")
    assert "2024-01-02-treaty-signed.md" in problems[0].message


def test_file_that_is_not_utf8(content_dir):
    (content_dir / "events" / NAME).write_bytes(BASE.encode() + b"\nCaf\xe9\n")
    _, problems = check_content(content_dir)
    assert [(p.line, p.message) for p in problems] == [(15, "is not UTF-8 text")]


QUESTION = """- id: my-question
  prompt: Which one?
  choices:
    - text: Right
      correct: true
    - text: Wrong
      feedback: No.
  explanation: Because.
  events: [treaty-signed]
"""


@pytest.mark.parametrize(
    ("text", "line", "field", "words"),
    [
        (QUESTION.replace("[treaty-signed]", "[treaty-signd]"), 9, "events", "`treaty-signed`?"),
        (QUESTION.replace("feedback: No.", "correct: true"), 3, "choices", "exactly one"),
        (QUESTION.replace("text: Wrong", "text: right"), 3, "choices", "same text"),
        (QUESTION.replace("  explanation: Because.\n", ""), 1, "explanation", "is missing"),
        (QUESTION.replace("id: my-question", "id: treaty-clause"), 1, "id", "already used"),
        ("id: x\n", 1, "file", "must be a list"),
        (QUESTION.replace("correct: true", "corect: true"), 5, "choices[0].corect", "`correct`"),
    ],
)
def test_broken_question_is_reported_at_its_line(content_dir, text, line, field, words):
    (content_dir / "questions" / "x-mine.yaml").write_text(text)
    content, problems = check_content(content_dir)
    assert content is None
    assert any(
        p.path.endswith("x-mine.yaml")
        and p.line == line
        and p.field == field
        and words in p.message + p.hint
        for p in problems
    ), "\n".join(map(str, problems))


def test_site_duplicate_category_and_inverted_era(content_dir):
    site = content_dir / "site.yaml"
    text = site.read_text().replace("  - id: arms", "  - id: diplomacy")
    site.write_text(text.replace("end: 2023-12-31", "end: 2022-12-31"))
    _, problems = check_content(content_dir)
    found = {(p.line, p.field) for p in problems if p.path.endswith("site.yaml")}
    assert (6, "categories[1].id") in found
    assert (14, "eras[0].end") in found


def test_missing_folder_is_one_clear_problem(tmp_path):
    _, problems = check_content(tmp_path / "nowhere")
    assert len(problems) == 1
    assert problems[0].message == "does not exist"
    assert problems[0].severity is Severity.ERROR


def test_french_texts_get_french_typography():
    from quiz.content.typography import typeset

    assert typeset("Où ? « Oui » : 11 000 soldats !", "fr") == (
        "Où\u202f? «\u00a0Oui\u00a0»\u00a0: 11\u202f000 soldats\u202f!"
    )
    assert typeset("https://example.org/a?b=1", "fr") == "https://example.org/a?b=1"
    assert typeset("Where? Here: 11 000", "en") == "Where? Here: 11 000"
    french = load_content(FIXTURE_CONTENT).in_language("fr")
    assert french.events_by_id["vostochny-summit"].facts[0].ask.endswith("visité\u202f?")


def _alias_bomb(levels: int = 8) -> str:
    """The red team's event: each level repeats the one above nine times (9**8 leaves)."""
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"lol{level}: &l{level} [{refs}]")
    return BASE.replace("---\nBody", "\n".join(lines) + "\n---\nBody")


def test_an_alias_bomb_is_refused_at_its_line_without_expanding_it(content_dir):
    import time

    (content_dir / "events" / NAME).write_text(_alias_bomb(), encoding="utf-8")
    started = time.perf_counter()
    content, problems = check_content(content_dir)
    assert time.perf_counter() - started < 5  # expanding it took 100 s
    assert content is None
    mine = [str(p) for p in problems if p.path.endswith(NAME)]
    assert len(mine) == 1 and f"{NAME}:12: yaml: `&l0` is a YAML anchor" in mine[0], mine
    assert "write the value out in full" in mine[0]


def test_text_with_ampersands_and_asterisks_inside_values_is_still_fine(content_dir):
    text = replace("summary: A summary.", "summary: R&D at AT&T, *stars* & more")
    (content_dir / "events" / NAME).write_text(text, encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is not None, "\n".join(map(str, problems))
    assert content.events_by_id["new-event"].summary == "R&D at AT&T, *stars* & more"


def test_one_check_lists_english_errors_and_every_french_problem_at_once(content_dir):
    """A teacher fixes in one round what one check lists: the translations of every English
    file that loaded are checked even while another English file has an error."""
    events = content_dir / "events"
    summit = events / "2023-09-13-vostochny-summit.md"
    summit.write_text(summit.read_text().replace("category: diplomacy", "category: diplomat"))
    treaty_fr = events / "2024-06-19-treaty-signed.fr.md"
    treaty_fr.write_text(treaty_fr.read_text().replace("title:", "titre:"))  # a French error
    (events / "2023-10-shells-shipped.fr.md").unlink()  # a French warning
    content, problems = check_content(content_dir)
    assert content is None
    found = {(Path(p.path).name, p.line, p.field, p.severity) for p in problems}
    assert ("2023-09-13-vostochny-summit.md", 4, "category", Severity.ERROR) in found
    assert ("2024-06-19-treaty-signed.fr.md", 2, "titre", Severity.ERROR) in found
    assert ("2023-10-shells-shipped.md", 1, "fr", Severity.WARNING) in found


def test_a_broken_site_file_still_lets_the_event_translations_be_checked(content_dir):
    (content_dir / "site.yaml").write_text("title: [")
    treaty_fr = content_dir / "events" / "2024-06-19-treaty-signed.fr.md"
    treaty_fr.write_text(treaty_fr.read_text().replace("title:", "titre:"))
    content, problems = check_content(content_dir)
    assert content is None
    names = {Path(p.path).name for p in problems}
    assert "site.yaml" in names and "2024-06-19-treaty-signed.fr.md" in names
    assert "site.fr.yaml" not in names  # nothing to compare it with


def test_a_mistyped_category_in_a_translation_is_one_error_naming_the_id(content_dir):
    site_fr = content_dir / "site.fr.yaml"
    text = site_fr.read_text()
    assert "\n  diplomacy:" in text
    site_fr.write_text(text.replace("\n  diplomacy:", "\n  diplomat:"))
    _, problems = check_content(content_dir)
    mine = [str(p).split("site.fr.yaml:")[1] for p in problems if p.path.endswith("site.fr.yaml")]
    assert len(mine) == 1 and "categories: `diplomat` is not in site.yaml" in mine[0], mine
    assert mine[0].endswith("(did you mean `diplomacy`?)")


def test_an_untranslated_category_names_a_category(content_dir):
    site_fr = content_dir / "site.fr.yaml"
    site_fr.write_text(re.sub(r"\n  diplomacy:[^\n]*", "", site_fr.read_text()))
    _, problems = check_content(content_dir)
    assert any("no Français text for category `diplomacy`" in p.message for p in problems)


def test_years_in_the_site_title_follow_the_events(content_dir):
    site = content_dir / "site.yaml"
    site.write_text(site.read_text().replace("title: Test timeline", "title: Test, {years}"))
    site_fr = content_dir / "site.fr.yaml"
    site_fr.write_text(
        site_fr.read_text().replace("title: Chronologie de test", "title: T, 2024-2025")
    )
    content, problems = check_content(content_dir)
    assert content is not None
    assert content.site.title == "Test, 2023–2025"  # the fixture's events: 2023 to 2025
    assert [str(p).split("content/")[-1] for p in problems] == [
        "site.fr.yaml:1: warning: title: says 2024–2025 but the events run 2023–2025 "
        "(write {years} instead: the site then shows the years of the events)"
    ]
