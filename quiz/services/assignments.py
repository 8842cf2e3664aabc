"""Class assignments: made by a teacher from a preset, joined by students with a code, closed
and reopened."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import select

from ..extensions import db
from ..models import ASSESSMENT, LIVE, PRACTICE, Assignment, Teacher, utcnow
from ..quizgen import build_quiz
from ..store import current_content, current_pool, find_preset
from .attempts import new_seed

JOIN_CODE = re.compile(r"^[A-Za-z0-9]{1,12}$")


COUNTS = ("first", "best", "last")  # which of a student's finished attempts counts


def create_assignment(
    teacher: Teacher,
    title: str,
    preset_id: str,
    due: date | None,
    mode: str = PRACTICE,
    attempts_allowed: int | None = 1,
    counts: str = "best",
    draws_per_student: bool = False,
) -> Assignment:
    """Fix the questions now, from one seed, so every student who joins gets the same ones.

    Practice always allows as many attempts as a student wants; an assessment allows
    `attempts_allowed` per student browser (None: unlimited). With `draws_per_student`, the
    fixed questions are only the worksheet's: each student draws their own from the preset."""
    assessment = mode == ASSESSMENT
    if mode == LIVE:
        attempts_allowed, assessment = 1, True  # a phone that rejoins resumes its attempt
    seed = new_seed()
    preset = find_preset(preset_id)
    questions = build_quiz(current_content(), current_pool(), preset, seed) if preset else []
    assignment = Assignment(
        teacher=teacher,
        title=title.strip(),
        preset_id=preset_id,
        seed=seed,
        question_ids=[q.id for q in questions],
        due_at=datetime(due.year, due.month, due.day) if due else None,
        mode=mode if mode in (ASSESSMENT, LIVE) else PRACTICE,
        attempts_allowed=attempts_allowed if assessment else None,
        counts=counts if counts in COUNTS else "best",
        draws_per_student=draws_per_student,
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def find_own_assignment(teacher: Teacher, assignment_id: int) -> Assignment | None:
    """The assignment if this teacher made it: another teacher's is as good as missing."""
    assignment = db.session.get(Assignment, assignment_id)
    return assignment if assignment is not None and assignment.teacher_id == teacher.id else None


def find_assignment(join_code: str) -> Assignment | None:
    """The assignment a student's code names, however they typed it."""
    code = join_code.strip().upper()
    if not JOIN_CODE.match(code):
        return None
    return db.session.scalar(select(Assignment).where(Assignment.join_code == code))


def close_assignment(assignment: Assignment) -> None:
    """No new attempts from now on. Closing twice keeps the first time (a double click).

    Closing an assessment releases its review, for good: reopening it later cannot take back
    answers students have already seen."""
    now = utcnow()
    if assignment.closed_at is None:
        assignment.closed_at = now
    if assignment.is_assessment and assignment.review_released_at is None:
        assignment.review_released_at = now
    db.session.commit()


def release_review(assignment: Assignment) -> None:
    """Students of an assessment may now see their verdicts, the answers and explanations.
    Releasing twice keeps the first time."""
    if assignment.is_assessment and assignment.review_released_at is None:
        assignment.review_released_at = utcnow()
    db.session.commit()


def reopen_assignment(assignment: Assignment) -> None:
    assignment.closed_at = None
    db.session.commit()
