"""The words quiz generation adds to the content, one module per language (`en.py`, `fr.py`):
adding a language adds a module here, with no code to change."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass

SOURCE = "en"  # the language every other one falls back to


@dataclass(frozen=True)
class Phrases:
    """One language's phrases: templates filled with `str.format`."""

    shared: Mapping[str, str]  # phrases several kinds use: quantities, dates, the quote
    kinds: Mapping[str, Mapping[str, str]]  # kind id -> its "label" and its stems
    # (pattern, replacement) applied in order to a sentence once words are slotted in
    elisions: tuple[tuple[str, str], ...] = ()


@functools.cache
def every_language() -> Mapping[str, Phrases]:
    """The phrases of every language that has a module here, by language code."""
    return {
        module.name: importlib.import_module(f"{__name__}.{module.name}").PHRASES
        for module in pkgutil.iter_modules(__path__)
    }


def phrases_for(language: str) -> Phrases:
    """The phrases of `language`, or the English ones for a language that has none."""
    known = every_language()
    return known.get(language) or known[SOURCE]
