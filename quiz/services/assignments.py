"""Class assignments: made by a teacher from a preset, joined by students with a code, closed
(by the teacher, by the due time, or at once with "End now") and reopened."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select, update

from .. import models
from ..extensions import db
from ..models import ASSESSMENT, FLAG_LATE, PRACTICE, REFUSE_LATE, Assignment, Attempt, Teacher
from ..quizgen import build_quiz
from ..store import current_content, current_pool, find_preset
from .attempts import new_seed

JOIN_CODE = re.compile(r"^[A-Za-z0-9]{1,12}$")


COUNTS = ("first", "best", "last")  # which of a student's finished attempts counts


def create_assignment(
    teacher: Teacher,
    title: str,
    preset_id: str,
    due: datetime | None,
    mode: str = PRACTICE,
    attempts_allowed: int | None = 1,
    counts: str = "best",
    late_policy: str = REFUSE_LATE,
) -> Assignment:
    """Fix the questions now, from one seed, so every student who joins gets the same ones.

    Practice always allows as many attempts as a student wants; an assessment allows
    `attempts_allowed` per student browser (None: unlimited). `due` is naive UTC (see
    quiz.timezones.local_to_utc): at that time the assignment closes itself, unless
    `late_policy` is "flag", which takes later attempts and marks them late."""
    assessment = mode == ASSESSMENT
    seed = new_seed()
    preset = find_preset(preset_id)
    questions = build_quiz(current_content(), current_pool(), preset, seed) if preset else []
    assignment = Assignment(
        teacher=teacher,
        title=title.strip(),
        preset_id=preset_id,
        seed=seed,
        question_ids=[q.id for q in questions],
        due_at=due,
        late_policy=FLAG_LATE if late_policy == FLAG_LATE else REFUSE_LATE,
        mode=ASSESSMENT if assessment else PRACTICE,
        attempts_allowed=attempts_allowed if assessment else None,
        counts=counts if counts in COUNTS else "best",
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
    """No new attempts from now on; answers under way are taken for a short grace, then an
    assessment's review opens (see Assignment.review_opens_at). Closing twice, or after the
    due time closed it, keeps the first time (a double click)."""
    now = models.utcnow()
    if assignment.is_open_at(now):
        assignment.closed_at = now
    db.session.commit()


def end_now(assignment: Assignment) -> int:
    """Close the assignment and submit every attempt under way at once, as it stands: the
    answers given count, the questions left count as wrong. No grace: an assessment's review
    opens now. One UPDATE for the attempts, however many; returns how many were submitted.

    An answer racing this loses cleanly: record_answer's own UPDATE only adds to an
    unfinished attempt (see quiz.services.attempts)."""
    now = models.utcnow()
    ended = db.session.execute(
        update(Attempt)
        .where(Attempt.assignment_id == assignment.id, Attempt.finished_at.is_(None))
        .values(finished_at=now),
        execution_options={"synchronize_session": False},
    ).rowcount
    if assignment.is_open_at(now):
        assignment.closed_at = now
    if assignment.is_assessment and assignment.review_released_at is None:
        assignment.review_released_at = now
    db.session.commit()
    return ended


def release_review(assignment: Assignment) -> None:
    """Students of an assessment may now see their verdicts, the answers and explanations.
    Releasing twice keeps the first time."""
    if assignment.is_assessment and assignment.review_released_at is None:
        assignment.review_released_at = models.utcnow()
    db.session.commit()


def reopen_assignment(assignment: Assignment) -> None:
    """Take attempts again. A due time already past is dropped when it refuses late attempts
    (it would close the assignment again at once), and a review students may already have
    seen stays released."""
    now = models.utcnow()
    opened = assignment.review_opens_at
    if assignment.is_assessment and opened is not None and opened <= now:
        assignment.review_released_at = opened
    due = assignment.due_at
    if due is not None and due <= now and assignment.late_policy != FLAG_LATE:
        assignment.due_at = None
    assignment.closed_at = None
    db.session.commit()
