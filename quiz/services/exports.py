"""Files teachers download: a class's results as CSV, questions as Moodle GIFT."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..content import gift
from ..content.schema import Preset
from ..models import Assignment
from ..quizgen import Question, candidates
from ..store import current_content, current_pool
from .results import class_results, sorted_attempts

STUDENT_COLUMNS = [
    "name",
    "score",
    "out of",
    "percent",
    "started (UTC)",
    "seconds taken",
    "finished",
    "language",
    "late",  # started after the due time (an assignment that accepts late attempts)
]
QUESTION_COLUMNS = [
    "position",
    "question",
    "correct answer",
    "answered",
    "facility %",
    "discrimination %",
    "option",
    "chosen by",
]


RESPONSE_COLUMNS = ["name", "score", "out of", "finished"]  # then one column per question


@dataclass(frozen=True)
class Download:
    text: str
    filename: str
    mimetype: str


def students_csv(assignment: Assignment, sort: str) -> Download:
    """One row per attempt, in the order the teacher's page shows them."""
    rows = [
        [
            a.display_name,
            a.score,
            a.total,
            a.percent,
            a.started_at.isoformat(timespec="seconds"),
            a.seconds_taken if a.seconds_taken is not None else "",
            "yes" if a.finished_at else "no",
            a.language,
            "yes" if a.late else "no",
        ]
        for a in sorted_attempts(assignment, sort)
    ]
    return _csv([STUDENT_COLUMNS, *rows], f"{assignment.join_code}-students.csv")


def questions_csv(assignment: Assignment) -> Download:
    """One row per option of every question, with the question's statistics."""
    rows = [
        [
            item.position,
            item.prompt,
            item.options[item.correct],
            item.answered,
            "" if item.facility is None else round(item.facility, 1),
            "" if item.discrimination is None else round(item.discrimination, 1),
            option,
            count,
        ]
        for item in class_results(assignment).items
        for option, count in zip(item.options, item.counts, strict=True)
    ]
    return _csv([QUESTION_COLUMNS, *rows], f"{assignment.join_code}-questions.csv")


def responses_csv(assignment: Assignment, sort: str) -> Download:
    """Moodle's "Responses" report: a row per attempt, a column per question with the letter
    chosen (the options' letters in the unshuffled question, as the results page lists them),
    blank when unanswered."""
    results = class_results(assignment, sort)
    header = [*RESPONSE_COLUMNS, *(f"Q{item.position}" for item in results.items)]
    rows = [
        [a.display_name, a.score, a.total, "yes" if a.finished_at else "no", *results.chosen[a.id]]
        for a in results.attempts
    ]
    return _csv([header, *rows], f"{assignment.join_code}-responses.csv")


def _csv(rows: Sequence[Sequence], filename: str) -> Download:
    """UTF-8 with a byte-order mark, so spreadsheet programs open accented names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_neutralised(cell) for cell in row])
    return Download("\ufeff" + buffer.getvalue(), filename, "text/csv")


def _neutralised(cell):
    """A name like `=HYPERLINK(...)` must stay text in a spreadsheet (CSV injection)."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def gift_bank(preset: Preset | None, kind_labels: dict[str, str]) -> Download:
    """One preset's questions, or the whole bank in one category per kind, as Moodle GIFT."""
    content, pool = current_content(), current_pool()
    root = content.site.title
    if preset:
        groups = [(f"{root}/{preset.title}", candidates(content, pool, preset))]
        name = preset.id
    else:
        by_kind: dict[str, list[Question]] = {}
        for question in pool.questions:
            by_kind.setdefault(question.kind, []).append(question)
        groups = [(f"{root}/{kind_labels[kind]}", qs) for kind, qs in by_kind.items()]
        name = "question-bank"
    text = gift.write((category, map(gift_ready, qs)) for category, qs in groups)
    return Download(text, f"{name}.gift", "text/plain")


def gift_ready(question: Question) -> Question:
    """GIFT has no passage of its own: the stem carries it, so the question can be answered in
    Moodle as in the app. Ids become names a later import accepts as ids: `date:x` → `date-x`."""
    slug = question.id.removeprefix("hand:").replace(":", "-")
    return replace(question, id=slug, prompt=question.full_stem)
