"""The interface catalogues follow their language's typography, as the content does."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from quiz.content.typography import typeset

CATALOGUES = sorted(
    (Path(__file__).parents[2] / "quiz" / "translations").glob("*/LC_MESSAGES/*.po")
)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda path: path.parts[-3])
def test_every_translated_string_is_typeset(catalogue):
    """A French page must never break a line before '?', '!', ':' or ';' ("passé ?")."""
    language = catalogue.parts[-3]
    with catalogue.open("rb") as file:
        messages = [message for message in read_po(file) if message.id]
    strings = [s for message in messages for s in _strings(message.string)]
    assert strings
    untypeset = [s for s in strings if typeset(s, language) != s]
    assert untypeset == [], "run the catalogue through quiz.content.typography.typeset"


def _strings(string) -> list[str]:
    return [s for s in (string if isinstance(string, tuple) else (string,)) if s]
