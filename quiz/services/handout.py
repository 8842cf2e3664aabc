"""Choosing what to hand out: each quiz as the hand-out form previews it, the quiz of one
event, and a teacher's selection from the question browser, checked before it is handed out."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from ..content.schema import Preset
from ..quizgen import Question, build_quiz
from ..quizgen.editing import violations
from ..store import current_content, current_pool, has_own_quiz

PREVIEWED = 5  # stems the hand-out form shows of each quiz; the preview page shows them all
MOST_PICKED = 50  # as many questions as a preset may ask


@dataclass(frozen=True)
class Preview:
    """One quiz as the hand-out form shows it: the questions the form's seed draws."""

    preset: Preset
    questions: list[Question]

    @property
    def first(self) -> list[Question]:
        return self.questions[:PREVIEWED]

    @property
    def more(self) -> int:
        return max(0, len(self.questions) - PREVIEWED)


def preview(preset: Preset, seed: int) -> Preview:
    """The questions handing out `preset` with `seed` gives, in the teacher's language."""
    return Preview(preset, build_quiz(current_content(), current_pool(), preset, seed))


def event_choices() -> list[tuple[str, str]]:
    """(event quiz id, label) for every event whose own quiz asks about it."""
    return [
        (f"event-{e.id}", f"{e.date.iso()} {e.title}")
        for e in current_content().events
        if has_own_quiz(e.id)
    ]


def selection_problem(ids: list[str]) -> str | None:
    """Why a selection of question ids cannot be handed out, or None."""
    wanted = [i for i in ids if i]
    if not wanted:
        return _("Tick at least one question in the question browser first.")
    if len(set(wanted)) > MOST_PICKED:
        return _("Pick at most %(most)s questions for one assignment.", most=MOST_PICKED)
    by_id = current_pool().by_id
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        return ngettext(
            "The content has no question %(ids)s (any more): pick again.",
            "The content has no questions %(ids)s (any more): pick again.",
            len(unknown),
            ids=", ".join(unknown[:3]),
        )
    return None


def selected(ids: list[str]) -> list[Question]:
    """The picked questions in the order picked, each once (unknown ids left out)."""
    by_id = current_pool().by_id
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def selection_warnings(questions: list[Question], title: str) -> list[tuple[str, str]]:
    """(question id, why) for the quiz-level rules a selection breaks: handed out anyway if the
    teacher wants, but they should know (one question may answer another)."""
    return violations(current_pool(), questions, title)
