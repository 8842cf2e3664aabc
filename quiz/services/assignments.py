"""Class assignments: made by a teacher from a preset, the quiz of one event or a selection of
questions, edited until the first student starts, renamed, copied, deleted, joined by students
with a code, closed (by the teacher, by the due time, or at once with "End now") and reopened."""

from __future__ import annotations

import random
import re
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from .. import models
from ..content.schema import Preset
from ..extensions import db
from ..models import (
    ASSESSMENT,
    FLAG_LATE,
    LIVE,
    PRACTICE,
    REFUSE_LATE,
    SELECTION,
    Assignment,
    Attempt,
    LiveSession,
    Teacher,
)
from ..quizgen import Question, build_quiz
from ..quizgen.editing import replacement
from ..store import current_content, current_pool, find_preset
from . import worksheets
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
    draws_per_student: bool = False,
    seed: int | None = None,
    selection: list[str] | None = None,
    late_policy: str = REFUSE_LATE,
) -> Assignment:
    """Fix the questions now, from one seed, so every student who joins gets the same ones: the
    preset's draw from `seed` (the one the hand-out form previewed; a new one if None), or the
    question ids of a teacher's `selection` (preset_id is then SELECTION).

    Practice always allows as many attempts as a student wants; an assessment allows
    `attempts_allowed` per student browser (None: unlimited). With `draws_per_student`, the
    fixed questions are only the worksheet's: each student draws their own from the preset.
    `due` is naive UTC (see quiz.timezones.local_to_utc): at that time the assignment closes
    itself, unless `late_policy` is "flag", which takes later attempts and marks them late."""
    assessment = mode == ASSESSMENT
    if mode == LIVE:
        attempts_allowed, assessment = 1, True  # a phone that rejoins resumes its attempt
    seed = new_seed() if seed is None else seed
    if selection:
        preset_id, question_ids = SELECTION, list(dict.fromkeys(selection))
    else:
        preset = find_preset(preset_id)
        drawn = build_quiz(current_content(), current_pool(), preset, seed) if preset else []
        question_ids = [q.id for q in drawn]
    assignment = Assignment(
        teacher=teacher,
        title=title.strip(),
        preset_id=preset_id,
        seed=seed,
        question_ids=question_ids,
        due_at=due,
        late_policy=FLAG_LATE if late_policy == FLAG_LATE else REFUSE_LATE,
        mode=mode if mode in (ASSESSMENT, LIVE) else PRACTICE,
        attempts_allowed=attempts_allowed if assessment else None,
        counts=counts if counts in COUNTS else "best",
        draws_per_student=draws_per_student and not selection,  # a pick is the pick
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
    """Students of an assessment may see their verdicts, the answers and explanations. An
    assessment still open closes first: a student with an attempt left would otherwise sit it
    with the key in hand; with attempts under way, the review opens once their grace is over.
    Releasing twice keeps the first time."""
    if not assignment.is_assessment or assignment.review_released_at is not None:
        return
    now = models.utcnow()
    if assignment.is_open_at(now):
        assignment.closed_at = now
    under_way = any(a.finished_at is None for a in assignment.attempts)
    assignment.review_released_at = max(now, assignment.answers_until or now) if under_way else now
    db.session.commit()


class ReopenRefused(Exception):
    """An assignment that cannot take attempts again, with the words to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def reopen_assignment(assignment: Assignment) -> None:
    """Take attempts again. A due time already past is dropped when it refuses late attempts
    (it would close the assignment again at once). An assessment whose review is out, or a live
    session that has ended, is not reopened: its students have seen the answers."""
    now = models.utcnow()
    opened = assignment.review_opens_at
    if assignment.is_live or (assignment.is_assessment and opened is not None and opened <= now):
        raise ReopenRefused(
            _(
                "Its students have seen the answers, so it stays closed. Copy it to give the"
                " same questions again."
            )
        )
    due = assignment.due_at
    if due is not None and due <= now and assignment.late_policy != FLAG_LATE:
        assignment.due_at = None
    assignment.closed_at = None
    db.session.commit()


def assignment_preset(assignment: Assignment) -> Preset | None:
    """The quiz students start when they join: the assignment's preset, or for a teacher's
    selection one made for it (titled with the assignment). None when the content no longer has
    the preset."""
    if assignment.preset_id != SELECTION:
        return find_preset(assignment.preset_id)
    return Preset.model_construct(
        id=SELECTION,
        title=assignment.title,
        description=_("Questions chosen by your teacher."),
        questions=max(1, len(assignment.question_ids or [])),
        eras=[],
        categories=[],
        kinds=[],
    )


def quiz_label(assignment: Assignment) -> str:
    """What the teacher's list says the assignment asks: the preset's title, the event quiz's
    title, or that it is their own selection."""
    if assignment.preset_id == SELECTION:
        return _("Your selection")
    preset = find_preset(assignment.preset_id)
    return preset.title if preset else assignment.preset_id


def assignment_questions(assignment: Assignment) -> list[Question]:
    """The assignment's questions in the teacher's language, as students get them (a question
    since removed from the content is left out)."""
    preset = assignment_preset(assignment)
    if preset is None and not assignment.question_ids:
        return []
    return worksheets.assignment_questions(assignment, current_content(), current_pool(), preset)


class EditRefused(Exception):
    """An edit of an assignment's questions that cannot be made, with the words to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


LOCKED = _l("Students have started this assignment, so its questions can no longer change.")


def questions_locked(assignment: Assignment) -> bool:
    """Once one student has started, every student must get the same questions."""
    return bool(assignment.attempts)


def _editable_ids(assignment: Assignment, question_id: str) -> list[str]:
    if questions_locked(assignment):
        raise EditRefused(LOCKED)
    ids = list(assignment.question_ids or [])
    if question_id not in ids:
        raise EditRefused(_("This assignment has no such question (any more)."))
    return ids


def drop_question(assignment: Assignment, question_id: str) -> None:
    """Leave a question out of the assignment (not its last one)."""
    ids = _editable_ids(assignment, question_id)
    if len(ids) == 1:
        raise EditRefused(_("This is the assignment's only question: swap it instead."))
    _save_ids(assignment, [i for i in ids if i != question_id])


def swap_question(assignment: Assignment, question_id: str) -> Question:
    """Ask another question in its place: one of the preset's candidates (any question for a
    selection) not already asked, keeping the quiz-level rules. The new question."""
    ids = _editable_ids(assignment, question_id)
    pool = current_pool()
    asked = [pool.by_id[i] for i in ids if i in pool.by_id]
    out = pool.by_id.get(question_id)
    preset = find_preset(assignment.preset_id) if assignment.preset_id != SELECTION else None
    found = (
        replacement(
            current_content(), pool, preset, asked, out, random.Random(new_seed()), assignment.title
        )
        if out is not None
        else None
    )
    if found is None:
        raise EditRefused(
            _("No other question fits in its place without breaking a rule of the quiz.")
        )
    _save_ids(assignment, [found.id if i == question_id else i for i in ids])
    return found


def _save_ids(assignment: Assignment, ids: list[str]) -> None:
    """Keep the new list only if still no student has started (checked in the same UPDATE,
    so a student starting meanwhile keeps the list they were given)."""
    started = select(Attempt.id).where(Attempt.assignment_id == assignment.id).exists()
    changed = db.session.execute(
        update(Assignment).where(Assignment.id == assignment.id, ~started).values(question_ids=ids),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    if changed.rowcount != 1:
        raise EditRefused(LOCKED)
    db.session.refresh(assignment)


def rename_assignment(assignment: Assignment, title: str) -> None:
    assignment.title = title.strip()
    db.session.commit()


def copy_assignment(assignment: Assignment) -> Assignment:
    """A new assignment with the same questions and settings, a new join code, open, with no
    attempts and no released review, titled "Copy of …"."""
    title = str(_("Copy of %(title)s", title=assignment.title))
    copied = Assignment(
        teacher_id=assignment.teacher_id,
        title=title if len(title) <= 120 else title[:119] + "…",
        preset_id=assignment.preset_id,
        seed=assignment.seed,
        question_ids=list(assignment.question_ids or []),
        due_at=assignment.due_at,
        mode=PRACTICE if assignment.is_live else assignment.mode,  # a live one has no session
        attempts_allowed=assignment.attempts_allowed,
        counts=assignment.counts,
        late_policy=assignment.late_policy,
        draws_per_student=assignment.draws_per_student,
    )
    db.session.add(copied)
    db.session.commit()
    return copied


def delete_assignment(assignment: Assignment) -> None:
    """The assignment, its class list, every attempt at it and their answers, for good."""
    for attempt in list(assignment.attempts):
        db.session.delete(attempt)  # its answers go with it (Attempt.answers cascades)
    db.session.execute(delete(LiveSession).where(LiveSession.assignment_id == assignment.id))
    db.session.delete(assignment)  # its roster entries go with it
    db.session.commit()
