"""A class's results for its teacher: the attempts in the order asked for, and item statistics
from the snapshots the attempts stored, so content edits change nothing."""

from __future__ import annotations

from dataclasses import dataclass

from ..locale import current_language
from ..models import Answer, Assignment, Attempt
from ..quizgen import build_quiz
from ..store import current_content, current_pool, find_preset
from .analysis import TRUSTWORTHY_FROM, AskedQuestion, ItemStats, KeyedAnswer, item_statistics

SORTS = {
    "name": lambda a: a.display_name.casefold(),
    "score": lambda a: (-a.score, a.display_name.casefold()),
    "time": lambda a: (a.seconds_taken is None, a.seconds_taken or 0),
    "started": lambda a: a.started_at,
}


@dataclass(frozen=True)
class ClassResults:
    attempts: list[Attempt]  # in the order asked for
    items: list[ItemStats]  # in quiz order

    @property
    def finished(self) -> int:
        return sum(a.finished_at is not None for a in self.attempts)

    @property
    def trustworthy(self) -> bool:
        return self.finished >= TRUSTWORTHY_FROM


def class_results(assignment: Assignment, sort: str = "started") -> ClassResults:
    """`sort` is one of SORTS (anything else: by start time)."""
    attempts = sorted(assignment.attempts, key=SORTS.get(sort, SORTS["started"]))
    answers = [
        [
            KeyedAnswer(a.question_id, key_of(a, a.chosen_index), key_of(a, a.correct_index))
            for a in attempt.answers
        ]
        for attempt in attempts
    ]
    finished = [a.finished_at is not None for a in attempts]
    return ClassResults(attempts, item_statistics(asked_questions(assignment), answers, finished))


def key_of(answer: Answer, index: int | None) -> int | None:
    """An option's place in the unshuffled question, the same in every attempt and language."""
    return None if index is None else answer.options[index].get("key", index)


def asked_questions(assignment: Assignment) -> list[AskedQuestion]:
    """The assignment's questions in order, worded as a student saw them (in the teacher's
    language when a student used it). Before anyone starts, what the class will get."""
    language = current_language()
    seen: dict[str, AskedQuestion] = {}
    for attempt in sorted(assignment.attempts, key=lambda a: a.language != language):
        for answer in attempt.answers:
            if answer.question_id not in seen:
                texts = [""] * len(answer.options)
                for index, option in enumerate(answer.options):
                    texts[key_of(answer, index)] = option["text"]
                prompt = f"{answer.prompt} “{answer.quote}”" if answer.quote else answer.prompt
                seen[answer.question_id] = AskedQuestion(
                    answer.question_id,
                    prompt,
                    tuple(texts),
                    key_of(answer, answer.correct_index),
                )
    preset = find_preset(assignment.preset_id)
    if not seen and preset:
        for q in build_quiz(current_content(), current_pool(), preset, assignment.seed):
            seen[q.id] = AskedQuestion(
                q.id, q.full_stem, tuple(o.text for o in q.options), q.answer
            )
    return list(seen.values())
