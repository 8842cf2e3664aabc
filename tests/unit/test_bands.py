"""Score bands (site.yaml, quizzes.yaml): `content check` holds them to covering 0–100% once,
reporting each problem at its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.content import Severity, check_content

FIXTURE_BANDS = """bands:
  - from: 0
    to: 40
    message: "Fixture band: this is still new to you."
  - from: 40
    to: 80
    message: A good start, says the fixture band.
  - from: 80
    to: 100
    message: Well done, says the fixture band.
"""


def with_bands(content_dir: Path, bands: str) -> list[str]:
    site = content_dir / "site.yaml"
    text = site.read_text()
    assert FIXTURE_BANDS in text
    site.write_text(text.replace(FIXTURE_BANDS, bands))
    first = text.splitlines().index("bands:") + 1
    _, problems = check_content(content_dir)
    return [
        str(p).replace(f":{p.line}:", f":+{p.line - first}:", 1)  # lines from `bands:`
        for p in problems
        if p.severity is Severity.ERROR
    ]


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (
            "bands:\n  - {from: 0, to: 40, message: a}\n  - {from: 50, to: 100, message: b}\n",
            "site.yaml:+2: bands[1].from: no band covers 40–50% (start this band at `from: 40`",
        ),
        (
            "bands:\n  - {from: 0, to: 60, message: a}\n  - {from: 40, to: 100, message: b}\n",
            "site.yaml:+2: bands[1].from: 40–60% is in two bands (start this band at `from: 60`",
        ),
        (
            "bands:\n  - {from: 0, to: 80, message: a}\n",
            "site.yaml:+0: bands: no band covers 80–100% (end the last band at `to: 100`)",
        ),
        (
            "bands:\n  - {from: 10, to: 100, message: a}\n",
            "site.yaml:+1: bands[0].from: no band covers 0–10%",
        ),
        (
            "bands:\n  - from: 0\n    to: 100\n  - from: 100\n    to: 100\n    message: b\n",
            "site.yaml:+4: bands[1].to: a band ends above where it starts",
        ),
    ],
)
def test_bands_that_miss_or_overlap_a_score_are_errors_at_their_line(content_dir, bands, expected):
    errors = with_bands(content_dir, bands)
    assert any(expected in error for error in errors), errors


def test_the_fixture_bands_and_the_shipped_ones_check_clean(content_dir, shipped_content):
    for folder in (content_dir, shipped_content):
        content, problems = check_content(folder)
        assert content is not None and content.site.bands
        assert not [p for p in problems if "band" in str(p)]
        assert content.band_message(None, 100) == content.site.bands[-1].message
        assert content.band_message(None, 0) == content.site.bands[0].message


def test_a_quiz_s_bands_are_checked_and_a_missing_french_message_is_a_warning(content_dir):
    quizzes = content_dir / "quizzes.yaml"
    quizzes.write_text(quizzes.read_text() + "  bands:\n    - {from: 0, to: 70, message: a}\n")
    content, problems = check_content(content_dir)
    assert content is None
    assert any(
        str(p).endswith(
            "quizzes.yaml:5: bands: no band covers 70–100% (end the last band at `to: 100`)"
        )
        for p in problems
    ), [str(p) for p in problems]
    quizzes.write_text(quizzes.read_text().replace("to: 70", "to: 100"))
    content, problems = check_content(content_dir)
    assert content is not None
    warned = [str(p) for p in problems if p.severity is Severity.WARNING]
    expected = "quizzes.fr.yaml:1: warning: fr: no Français text for the score messages of quiz"
    assert any(expected in w and "`bands:` with 1 message(s)" in w for w in warned), warned
    assert content.in_language("fr").band_message(content.presets[0], 50) == "a"
