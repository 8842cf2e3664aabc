"""Every configured language is complete: its phrases, its interface strings and its dates.
Adding a language to LANGUAGES without one of them fails here, not in front of a student."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from quiz.content import DEFAULT_LANGUAGES, PartialDate
from quiz.content.dates import month_name
from quiz.quizgen.languages import SOURCE, every_language
from quiz.quizgen.phrases import on_the_day

ROOT = Path(__file__).parent.parent.parent


@pytest.fixture
def languages(app) -> list[str]:
    return list(app.config["LANGUAGES"])


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_source_language_comes_first_and_the_loader_default_agrees(app, languages):
    assert languages[0] == SOURCE
    assert dict(DEFAULT_LANGUAGES) == app.config["LANGUAGES"]


def test_every_language_has_every_phrase_with_the_same_blanks(languages):
    english = every_language()[SOURCE]
    for language in languages:
        assert language in every_language(), f"no quiz/quizgen/languages/{language}.py"
        phrases = every_language()[language]
        assert phrases.shared.keys() == english.shared.keys(), language
        assert phrases.kinds.keys() == english.kinds.keys(), language
        for key, template in english.shared.items():
            assert fields(phrases.shared[key]) == fields(template), (language, key)
        for kind, stems in english.kinds.items():
            assert phrases.kinds[kind].keys() == stems.keys(), (language, kind)
            for key, template in stems.items():
                assert fields(phrases.kinds[kind][key]) == fields(template), (language, kind, key)


def test_every_language_has_every_interface_string(languages):
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords)
    msgids = {message[0] if isinstance(message, tuple) else message for _, _, message, *_ in found}
    assert msgids
    for language in languages[1:]:
        path = ROOT / "quiz" / "translations" / language / "LC_MESSAGES" / "messages.po"
        assert path.exists(), f"no catalogue {path.relative_to(ROOT)}"
        with path.open("rb") as file:
            catalog = read_po(file, locale=language)
        untranslated = sorted(
            msgid
            for msgid in msgids
            if not (entry := catalog.get(msgid))
            or not all(entry.string if isinstance(entry.string, tuple) else (entry.string,))
        )
        assert not untranslated, (language, untranslated)


def test_every_language_has_every_date_format(languages):
    for language in languages:
        Locale.parse(language)  # Babel knows it: month names and number formats
        assert len({month_name(month, language) for month in range(1, 13)}) == 12, language
        day, month = PartialDate(2024, 6, 19), PartialDate(2024, 6)
        assert month_name(6, language) in day.format(language)
        assert day.format(language) in on_the_day(day, language), language
        assert month.format(language) in on_the_day(month, language), language
