"""A class's results for its teacher: the attempts in the order asked for, and item statistics
from the snapshots the attempts stored, so content edits change nothing.

A class of 3,000 attempts is two queries, whatever its size: the attempts, then every answer of
the assignment as plain rows (only the columns the statistics read), never one query per
attempt. The page refreshes itself every 20 s while a teacher has it open."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Text, cast, select

from ..extensions import db
from ..locale import current_language
from ..models import Answer, Assignment, Attempt
from .analysis import TRUSTWORTHY_FROM, AskedQuestion, ItemStats, KeyedAnswer, item_statistics
from .assignments import assignment_questions
from .charts import BarChart, histogram, horizontal

SORTS = {
    "name": lambda a: a.display_name.casefold(),
    "score": lambda a: (-a.score, a.display_name.casefold()),
    "time": lambda a: (a.seconds_taken is None, a.seconds_taken or 0),
    "started": lambda a: a.started_at,
}


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letter(key: int) -> str:
    """An option's letter, by its place in the unshuffled question (as the page lists them)."""
    return LETTERS[key] if 0 <= key < len(LETTERS) else str(key + 1)


@dataclass(frozen=True)
class Summary:
    """The class at a glance: each figure with what it counts."""

    started: int
    finished: int
    out_of: int  # the quiz's length (the finished attempts' most common total)
    mean: float | None  # of the finished attempts' scores
    median: float | None
    lowest: int | None
    highest: int | None
    median_seconds: int | None  # time taken, of the finished attempts


def summarise(attempts: list[Attempt], out_of: int) -> Summary:
    done = [a for a in attempts if a.finished_at is not None]
    scores = [a.score for a in done]
    seconds = [s for a in done if (s := a.seconds_taken) is not None]
    return Summary(
        started=len(attempts),
        finished=len(done),
        out_of=out_of,
        mean=statistics.fmean(scores) if scores else None,
        median=statistics.median(scores) if scores else None,
        lowest=min(scores, default=None),
        highest=max(scores, default=None),
        median_seconds=round(statistics.median(seconds)) if seconds else None,
    )


class Mark(NamedTuple):
    """One cell of the student × question grid."""

    state: str  # "right", "wrong" or "" (not answered, or never asked)
    text: str  # ✓, ✗ and the letter chosen, or nothing


UNANSWERED = Mark("", "")
RIGHT = Mark("right", "✓")


@dataclass(frozen=True)
class ClassResults:
    attempts: list[Attempt]  # in the order asked for
    items: list[ItemStats]  # in quiz order
    answered: dict[int, int] = field(default_factory=dict)  # attempt id -> questions answered
    counted: set[int] = field(default_factory=set)  # ids of the attempts that count
    several: set[int] = field(default_factory=set)  # ids of attempts whose student made others
    marks: dict[int, tuple[Mark, ...]] = field(default_factory=dict)  # attempt id -> by item
    chosen: dict[int, tuple[str, ...]] = field(default_factory=dict)  # attempt id -> letters
    same_name: set[int] = field(
        default_factory=set
    )  # ids of attempts another student's name shares

    @property
    def finished(self) -> int:
        return sum(a.finished_at is not None for a in self.attempts)

    @property
    def trustworthy(self) -> bool:
        return self.finished >= TRUSTWORTHY_FROM

    @property
    def out_of(self) -> int:
        totals = Counter(a.total for a in self.attempts if a.finished_at is not None)
        return totals.most_common(1)[0][0] if totals else len(self.items)

    @property
    def summary(self) -> Summary:
        return summarise(self.attempts, self.out_of)

    @property
    def histogram(self) -> BarChart:
        """How many finished attempts got each score."""
        done = [a.score for a in self.attempts if a.finished_at is not None]
        return histogram(done, self.out_of)

    @property
    def facility_chart(self) -> BarChart:
        return horizontal([(str(item.position), item.facility) for item in self.items])


class AnswerRow(NamedTuple):
    """What the statistics read of a stored answer (no ORM object: 30,000 of them are slow)."""

    attempt_id: int
    question_id: str
    options: list
    correct_index: int
    chosen_index: int | None
    keys: tuple[int, ...]  # each option's place in the unshuffled question (see key_of)

    @property
    def chosen_key(self) -> int | None:
        return None if self.chosen_index is None else self.keys[self.chosen_index]

    @property
    def correct_key(self) -> int:
        return self.keys[self.correct_index]


def student_of(attempt: Attempt) -> tuple:
    """Which attempts are one student's: the same browser under the same name (students have
    no accounts). An attempt made before browsers were recorded is a student of its own."""
    if attempt.browser is None:
        return ("attempt", attempt.id)
    return (attempt.browser, attempt.display_name.casefold())


CHOOSE = {
    "first": lambda finished: min(finished, key=lambda a: (a.started_at, a.id)),
    "last": lambda finished: max(finished, key=lambda a: (a.started_at, a.id)),
    # The best score; of equal ones, the first reached (a later equal try changes nothing).
    "best": lambda finished: min(finished, key=lambda a: (-a.score, a.started_at, a.id)),
}


def counting_attempts(attempts: list[Attempt], counts: str) -> tuple[set[int], set[int]]:
    """The ids of the attempt that counts for each student (one of their finished attempts,
    chosen by `counts`: first, best or last), and of every attempt of a student who made
    several, one of them counting."""
    by_student: dict[tuple, list[Attempt]] = {}
    for attempt in attempts:
        by_student.setdefault(student_of(attempt), []).append(attempt)
    choose = CHOOSE.get(counts, CHOOSE["best"])
    counted, several = set(), set()
    for own in by_student.values():
        finished = [a for a in own if a.finished_at is not None]
        if finished:
            counted.add(choose(finished).id)
            if len(own) > 1:
                several.update(a.id for a in own)
    return counted, several


def same_names(attempts: list[Attempt]) -> set[int]:
    """The ids of the attempts whose name (in any capitals) another student also gave: two
    students, or one on two devices, for the teacher to rename or merge."""
    by_name: dict[str, dict[tuple, list[int]]] = {}
    for attempt in attempts:
        students = by_name.setdefault(attempt.display_name.casefold(), {})
        students.setdefault(student_of(attempt), []).append(attempt.id)
    return {
        attempt_id
        for students in by_name.values()
        if len(students) > 1
        for ids in students.values()
        for attempt_id in ids
    }


def sorted_attempts(assignment: Assignment, sort: str = "started") -> list[Attempt]:
    """The assignment's attempts in one query, without their answers; `sort` is one of SORTS
    (anything else: by start time)."""
    query = select(Attempt).where(Attempt.assignment_id == assignment.id)
    attempts = db.session.scalars(query.order_by(Attempt.started_at, Attempt.id)).all()
    return sorted(attempts, key=SORTS.get(sort, SORTS["started"]))


def answer_rows(assignment: Assignment) -> list[AnswerRow]:
    """Every answer of the assignment's attempts, in one query, in quiz order per attempt."""
    query = (
        select(
            Answer.attempt_id,
            Answer.question_id,
            cast(Answer.options, Text),
            Answer.correct_index,
            Answer.chosen_index,
        )
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .where(Attempt.assignment_id == assignment.id)
        .order_by(Answer.attempt_id, Answer.position)
    )
    # Options come as their JSON text, decoded once per distinct text: every attempt shuffles
    # the same few questions, so 30,000 answers hold a few hundred distinct option lists, and
    # decoding each answer's own copy was most of the time.
    decoded: dict[str, tuple[list, tuple[int, ...]]] = {}
    rows = []
    for attempt_id, question_id, text, correct, chosen in (
        db.session.connection().execute(query)  # plain rows: no ORM bookkeeping per row
    ):
        if (known := decoded.get(text)) is None:
            options = json.loads(text)
            keys = tuple(option.get("key", i) for i, option in enumerate(options))
            known = decoded[text] = (options, keys)
        rows.append(AnswerRow(attempt_id, question_id, known[0], correct, chosen, known[1]))
    return rows


def class_results(assignment: Assignment, sort: str = "started") -> ClassResults:
    """`sort` is one of SORTS (anything else: by start time)."""
    attempts = sorted_attempts(assignment, sort)
    by_attempt: dict[int, list[AnswerRow]] = {a.id: [] for a in attempts}
    for row in answer_rows(assignment):
        by_attempt.setdefault(row.attempt_id, []).append(row)
    answers = [
        [KeyedAnswer(r.question_id, r.chosen_key, r.correct_key) for r in by_attempt[attempt.id]]
        for attempt in attempts
    ]
    finished = [a.finished_at is not None for a in attempts]
    answered = Counter(
        row.attempt_id
        for rows in by_attempt.values()
        for row in rows
        if row.chosen_index is not None
    )
    items = item_statistics(asked_questions(assignment, attempts, by_attempt), answers, finished)
    counted, several = counting_attempts(attempts, assignment.counts)
    marks, chosen = grid(items, attempts, by_attempt)
    return ClassResults(
        attempts,
        items,
        {a.id: answered[a.id] for a in attempts},
        counted=counted,
        several=several,
        marks=marks,
        chosen=chosen,
        same_name=same_names(attempts),
    )


def grid(
    items: list[ItemStats], attempts: list[Attempt], by_attempt: dict[int, list[AnswerRow]]
) -> tuple[dict[int, tuple[Mark, ...]], dict[int, tuple[str, ...]]]:
    """Each attempt's mark on each item (✓, ✗ and the letter, or blank) and the letters it
    chose (blank when unanswered), in item order. Marks are shared, not made per cell: a class
    of 3,000 has 30,000 cells and a few dozen distinct marks."""
    column = {item.question_id: n for n, item in enumerate(items)}
    wrong = {key: Mark("wrong", f"✗ {letter(key)}") for key in range(len(LETTERS))}
    letters = [letter(key) for key in range(len(LETTERS))]
    marks, chosen = {}, {}
    for attempt in attempts:
        row = [UNANSWERED] * len(items)
        picks = [""] * len(items)
        for answer in by_attempt[attempt.id]:
            n = column.get(answer.question_id)
            key = answer.chosen_key
            if n is None or key is None:
                continue
            picks[n] = letters[key] if 0 <= key < len(letters) else letter(key)
            row[n] = RIGHT if key == answer.correct_key else wrong.get(key) or Mark("wrong", "✗")
        marks[attempt.id], chosen[attempt.id] = tuple(row), tuple(picks)
    return marks, chosen


def key_of(answer: Answer, index: int | None) -> int | None:
    """An option's place in the unshuffled question, the same in every attempt and language."""
    return None if index is None else answer.options[index].get("key", index)


def question_stems(wanted: set[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The stems (prompt and quoted passage) of a few (attempt id, question id) answers, in one
    query: one or two attempts cover a class's questions."""
    attempt_ids = {attempt_id for attempt_id, _ in wanted}
    query = select(Answer.attempt_id, Answer.question_id, Answer.prompt, Answer.quote).where(
        Answer.attempt_id.in_(attempt_ids)
    )
    return (
        {
            (attempt_id, question_id): f"{prompt} “{quote}”" if quote else prompt
            for attempt_id, question_id, prompt, quote in db.session.execute(query)
            if (attempt_id, question_id) in wanted
        }
        if attempt_ids
        else {}
    )


def asked_questions(
    assignment: Assignment, attempts: list[Attempt], by_attempt: dict[int, list[AnswerRow]]
) -> list[AskedQuestion]:
    """The assignment's questions in order, worded as a student saw them (in the teacher's
    language when a student used it). Before anyone starts, what the class will get."""
    language = current_language()
    first: dict[str, AnswerRow] = {}  # each question as the first attempt that had it asked it
    for attempt in sorted(attempts, key=lambda a: (a.language != language, a.started_at, a.id)):
        for answer in by_attempt[attempt.id]:
            first.setdefault(answer.question_id, answer)
    stems = question_stems({(a.attempt_id, a.question_id) for a in first.values()})
    seen: dict[str, AskedQuestion] = {}
    for question_id, answer in first.items():
        texts = [""] * len(answer.options)
        for key, option in zip(answer.keys, answer.options, strict=True):
            texts[key] = option["text"]
        stem = stems[answer.attempt_id, question_id]
        seen[question_id] = AskedQuestion(question_id, stem, tuple(texts), answer.correct_key)
    fixed = {qid: n for n, qid in enumerate(assignment.question_ids or ())}
    # in the assignment's order (each student's order is shuffled in an assessment); questions
    # drawn per student beyond the fixed set follow, as first asked
    seen = dict(sorted(seen.items(), key=lambda item: fixed.get(item[0], len(fixed))))
    if not seen:  # its fixed questions (a teacher may have dropped or swapped some)
        for q in assignment_questions(assignment):
            seen[q.id] = AskedQuestion(
                q.id, q.full_stem, tuple(o.text for o in q.options), q.answer
            )
    return list(seen.values())


@dataclass(frozen=True)
class AnswerLine:
    """One question of a student's attempt, for their teacher."""

    position: int
    question: str
    chosen: str | None  # "B. the option's text", None when unanswered
    correct: str
    right: bool
    hint_used: bool = False  # the student asked for the question's hint before answering


@dataclass(frozen=True)
class StudentAnswers:
    attempt: Attempt
    lines: list[AnswerLine]


def student_answers(assignment: Assignment, attempt_id: int) -> StudentAnswers | None:
    """One attempt of the assignment with its answers; None when the attempt is another
    assignment's (the teacher's own assignment is checked before)."""
    attempt = db.session.scalar(
        select(Attempt).where(Attempt.id == attempt_id, Attempt.assignment_id == assignment.id)
    )
    if attempt is None:
        return None

    def labelled(answer: Answer, index: int) -> str:
        return f"{letter(key_of(answer, index) or 0)}. {answer.options[index]['text']}"

    lines = [
        AnswerLine(
            position=answer.position,
            question=f"{answer.prompt} “{answer.quote}”" if answer.quote else answer.prompt,
            chosen=None if answer.chosen_index is None else labelled(answer, answer.chosen_index),
            correct=labelled(answer, answer.correct_index),
            right=answer.chosen_index == answer.correct_index,
            hint_used=answer.hint_used_at is not None,
        )
        for answer in attempt.answers
    ]
    return StudentAnswers(attempt, lines)
