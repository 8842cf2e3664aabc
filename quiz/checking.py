"""The one check of a content folder that the CLI, the running app and the tests share: the
files themselves (quiz.content), then what only the questions can tell (an excluded question
that no longer exists, a quiz asking for a kind that does not exist)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .content import DEFAULT_LANGUAGES, Content, Problem, Severity, check_content
from .quizgen import Bank, build_bank


def check_folder(
    root: str | os.PathLike[str], languages: Mapping[str, str] = DEFAULT_LANGUAGES
) -> tuple[Content | None, Bank | None, list[Problem]]:
    """(content, its question bank, every problem), or (None, None, problems) on any error.
    `languages` maps each language code to its name (the app passes its LANGUAGES)."""
    content, problems = check_content(root, languages)
    if content is None:
        return None, None, problems
    bank = build_bank(content)
    problems = sorted([*problems, *bank.problems])
    if any(p.severity is Severity.ERROR for p in bank.problems):
        return None, None, problems
    return content, bank, problems
