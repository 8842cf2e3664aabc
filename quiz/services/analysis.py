"""Item analysis for a class's results, as Moodle computes it. Pure functions, no Flask.

Facility index: the mean score on a question, as a percentage (how easy it was).
Discrimination index: the correlation between the score on a question and the score on the rest
of the test, as a percentage (whether students who did well overall got it right)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

TRUSTWORTHY_FROM = 10  # fewer finished attempts than this: the statistics are shown with a warning


class KeyedAnswer(NamedTuple):
    """One answer, by option key: each student sees the options in their own order and
    language, so options are counted by their place in the unshuffled question."""

    question_id: str
    chosen: int | None  # None: not answered
    correct: int


@dataclass(frozen=True)
class AskedQuestion:
    """A question as the class was asked it, its options by key."""

    question_id: str
    prompt: str
    options: tuple[str, ...]  # by key
    correct: int  # the key of the right option


@dataclass(frozen=True)
class ItemStats:
    position: int
    question_id: str
    prompt: str
    options: tuple[str, ...]  # by key
    correct: int  # the key of the right option
    counts: tuple[int, ...]  # how many students chose each option
    unanswered: int
    facility: float | None  # percent
    discrimination: float | None  # percent; None when it cannot be computed
    scored: int = 0  # the finished attempts that had the question: what facility counts

    @property
    def answered(self) -> int:
        return sum(self.counts)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_statistics(
    questions: Sequence[AskedQuestion],
    attempts: Sequence[Sequence[KeyedAnswer]],
    finished: Sequence[bool],
) -> list[ItemStats]:
    """`questions` in quiz order; `attempts`: each attempt's answers; `finished`: whether each
    attempt was completed. Choice counts use every answer given; facility and discrimination
    use finished attempts."""
    complete = [a for a, done in zip(attempts, finished, strict=True) if done]
    score = [{ans.question_id: float(ans.chosen == ans.correct) for ans in a} for a in complete]
    by_question = [
        {ans.question_id: ans for ans in a} for a in attempts
    ]  # one pass, not one a question
    stats = []
    for position, question in enumerate(questions, start=1):
        question_id = question.question_id
        counts = [0] * len(question.options)
        unanswered = 0
        for attempt in by_question:
            answer = attempt.get(question_id)
            if answer is None:
                continue  # this attempt was never asked the question
            if answer.chosen is None:
                unanswered += 1
            elif 0 <= answer.chosen < len(counts):
                counts[answer.chosen] += 1
        asked = [s for s in score if question_id in s]  # finished attempts that had it
        item = [s[question_id] for s in asked]
        rest = [sum(s.values()) - s[question_id] for s in asked]
        facility = 100 * sum(item) / len(item) if item else None
        correlation = pearson(item, rest)
        stats.append(
            ItemStats(
                position=position,
                question_id=question_id,
                prompt=question.prompt,
                options=question.options,
                correct=question.correct,
                counts=tuple(counts),
                unanswered=unanswered,
                facility=facility,
                discrimination=None if correlation is None else 100 * correlation,
                scored=len(item),
            )
        )
    return stats
