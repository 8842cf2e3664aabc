"""Starting attempts and recording answers: the only code that writes what students did.

Answers are recorded with a conditional UPDATE (`... WHERE chosen_index IS NULL`), so a double
click, a replayed form or two tabs racing can never record a question twice or change a score."""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, Integer, bindparam, case, exists, func, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload, selectinload

from .. import models
from ..content import Content
from ..content.schema import Preset
from ..extensions import db, one_writer
from ..models import LIVE, PRACTICE, Answer, Assignment, Attempt
from ..prepared import Prepared
from ..quizgen import Pool, Question, build_quiz, dealt, reordered

ALREADY_ANSWERED = _l("You have already answered this question; your answer stands.")
CLOSED = _l(
    "This assignment has closed, so it takes no more answers. The answers you gave before "
    "are recorded."
)


class NoQuestions(Exception):
    """The quiz has nothing to ask (its filters match no question): nothing is saved."""


class NoAttemptsLeft(Exception):
    """This browser has used every attempt the assignment allows: nothing is saved."""


class AnswerRefused(Exception):
    """An answer that must not be recorded, with the HTTP status and words to show."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = str(message)


def new_seed() -> int:
    return secrets.randbelow(2**31)


def start_attempt(
    content: Content,
    pool: Pool,
    preset: Preset,
    display_name: str,
    assignment: Assignment | None = None,
    start_token: str | None = None,
    mine: Iterable[str] = (),
    browser: str | None = None,
    questions: list[Question] | None = None,
) -> Attempt:
    """Create an attempt with a snapshot of every question it will ask.

    `start_token` comes from the start form: the same form sent twice (two clicks racing, a
    resent request) returns the attempt the first one made. The unique constraint decides the
    race on every database; the loser reads the winner's attempt.

    Each attempt shuffles options with its own order seed, recorded, so neighbours do not see
    the answer in the same place; in an assessment the seed shuffles the question order too.

    `mine` is the public ids of the attempts this browser holds: an assignment that allows a
    limited number of attempts refuses one more (NoAttemptsLeft).

    `questions`, when given, are what the attempt asks instead of the preset's draw (a practice
    round of the ones missed, a review session: see services.review)."""
    if start_token and (earlier := started_with(start_token)):
        return earlier
    if assignment and attempts_left(assignment, mine) == 0:
        raise NoAttemptsLeft(assignment.join_code)
    quiz_seed = assignment.seed if assignment else new_seed()
    order_seed = new_seed()
    if questions is None:
        questions = asked(content, pool, preset, assignment, quiz_seed, order_seed)
    if not questions:
        raise NoQuestions(preset.id)
    # Joining is refused once the assignment closes; one that takes late attempts marks them.
    late = assignment is not None and assignment.is_late_at(models.utcnow())
    # A live class shares one order of questions and choices: the projector's letters are
    # every phone's.
    shuffle = random.Random(assignment.seed if assignment and assignment.is_live else order_seed)
    if assignment and assignment.is_assessment:
        questions = reordered(questions, shuffle)
    attempt = Attempt(
        preset_id=preset.id,
        preset_title=preset.title,
        seed=quiz_seed,
        display_name=display_name,
        class_code=assignment.join_code if assignment else None,
        assignment=assignment,
        content_version=content.version,
        language=content.language,
        total=len(questions),
        start_token=start_token or None,
        browser=browser,
        order_seed=order_seed,
        late=late,
    )
    attempt.answers = [
        _snapshot(position, question, content.version)
        for position, question in enumerate(dealt(questions, shuffle), start=1)
    ]
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        earlier = started_with(start_token) if start_token else None
        if earlier is None:
            raise
        return earlier
    return attempt


def asked(
    content: Content,
    pool: Pool,
    preset: Preset,
    assignment: Assignment | None,
    quiz_seed: int,
    order_seed: int,
) -> list[Question]:
    """The questions an attempt asks, in quiz order. A class assignment fixed its questions
    when it was made, so every student gets the same ones even if the content is edited
    meanwhile (a question since removed is left out); one that draws per student builds each
    student's own quiz from the preset, with the attempt's recorded order seed."""
    if assignment and assignment.draws_per_student:
        return build_quiz(content, pool, preset, order_seed)
    if assignment and assignment.question_ids:
        by_id = {q.id: q for q in pool.questions}
        return [by_id[qid] for qid in assignment.question_ids if qid in by_id]
    return build_quiz(content, pool, preset, quiz_seed)


def attempts_in(assignment: Assignment, mine: Iterable[str]) -> list[Attempt]:
    """This browser's attempts at the assignment, oldest first."""
    wanted = set(mine)
    return [a for a in assignment.attempts if a.public_id in wanted]


def attempts_left(assignment: Assignment, mine: Iterable[str]) -> int | None:
    """How many more attempts this browser may start (None: as many as it likes)."""
    if assignment.attempts_allowed is None:
        return None
    return max(0, assignment.attempts_allowed - len(attempts_in(assignment, mine)))


def started_with(start_token: str) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.start_token == start_token))


def _snapshot(position: int, question: Question, version: str) -> Answer:
    return Answer(
        position=position,
        question_id=question.id,
        kind=question.kind,
        prompt=question.prompt,
        quote=question.quote,
        options=[
            {"text": o.text, "feedback": o.feedback, "key": key}
            for o, key in zip(question.options, question.keys or range(99), strict=False)
        ],
        correct_index=question.answer,
        explanation=question.explanation,
        event_ids=list(question.event_ids),
        content_version=version,
        hint=question.hint,
    )


PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def find_attempt(public_id: str) -> Attempt | None:
    """The attempt with its answers, in one query (every caller needs both)."""
    if not PUBLIC_ID.match(public_id):
        return None  # also keeps bytes PostgreSQL refuses (NUL) away from the database
    query = select(Attempt).where(Attempt.public_id == public_id)
    return db.session.scalar(query.options(joinedload(Attempt.answers)))


def attempt_language(public_id: str) -> str | None:
    """The language the attempt was started in, without loading the attempt."""
    if not PUBLIC_ID.match(public_id):
        return None
    return db.session.scalar(select(Attempt.language).where(Attempt.public_id == public_id))


MOST_OPTIONS = 26  # a choice is a letter: A to Z at most
NOT_A_CHOICE = _l("That choice does not belong to this question.")


class AnsweredLive(Exception):
    """The attempt follows a live class under way: its answers go through the live page
    (`answer_live`, at the teacher's pace), never through the quiz's own questions."""


class Recorded(NamedTuple):
    correct: bool
    finished: bool  # that was the last question: the attempt is finished now
    mode: str | None  # the assignment's (None: a quiz of the student's own)

    @property
    def goes_to_results(self) -> bool:
        """After the last answer of an assessment the student goes to the page that says it
        was submitted (which shows the review once it is released), not to the question's
        feedback; a practice attempt's last answer shows its feedback like any other."""
        return self.finished and self.mode not in (None, PRACTICE)


class EndedFirst(Exception):
    """The teacher's "End now" submitted the attempt as its answer was being recorded."""


class Practice(NamedTuple):
    """A practice answer also reviews the learner's card for its question, in the answer's
    own transaction (one commit for both): `review(connection, learner, question id, right?)`."""

    learner: str
    review: Callable[[Connection, str, str, bool], None]


def _recording(in_order: bool):
    """The UPDATE that records an answer, with every rule in its WHERE clause: the attempt is
    the one named, unfinished and its assignment (if any) still takes answers (the rule of
    Assignment.takes_answers_at, with `cutoff` = now − the closing grace); the question is
    unanswered and `choice` one of its options; in order, every question before it is
    answered and the attempt is not a live class's. RETURNING says which attempt, whether
    the choice was right and which question it was (and nothing read through a subquery: on
    SQLite, SQLAlchemy writes RETURNING's columns without their table, inside a subquery too,
    where SQLite then reads them as the subquery's own)."""
    earlier = aliased(Answer)
    choice = bindparam("choice", type_=Integer)
    attempt = (
        select(Attempt.id)
        .outerjoin(Assignment, Assignment.id == Attempt.assignment_id)
        .where(
            Attempt.public_id == bindparam("public_id"),
            Attempt.finished_at.is_(None),
            Assignment.takes_answers_after(bindparam("cutoff", type_=DateTime)),
        )
    )
    if in_order:
        attempt = attempt.where(or_(Assignment.mode.is_(None), Assignment.mode != LIVE))
    recording = (
        update(Answer)
        .where(
            Answer.attempt_id == attempt.scalar_subquery(),
            Answer.position == bindparam("question_position"),
            Answer.chosen_index.is_(None),
            choice >= 0,
            choice < func.json_array_length(Answer.options),
        )
        .values(chosen_index=choice, answered_at=bindparam("now", type_=DateTime))
        .returning(Answer.attempt_id, Answer.correct_index, Answer.question_id)
    )
    if in_order:
        recording = recording.where(
            ~exists().where(
                earlier.attempt_id == Answer.attempt_id,
                earlier.position < Answer.position,
                earlier.chosen_index.is_(None),
            )
        )
    return recording


def _scoring(in_order: bool):
    """The UPDATE that adds the point, only to an attempt still unfinished (the teacher's "End
    now" may have submitted it meanwhile); in order, the last question finishes it. (On
    SQLite its RETURNING subquery reads `WHERE id = assignment_id`, unqualified (see
    _recording): right only while `assignment` has no column named `assignment_id`.)"""
    now = bindparam("now", type_=DateTime)
    scoring = (
        update(Attempt)
        .where(Attempt.id == bindparam("attempt"), Attempt.finished_at.is_(None))
        .values(score=Attempt.score + bindparam("points", type_=Integer))
        .returning(
            Attempt.finished_at,
            select(Assignment.mode)
            .where(Assignment.id == Attempt.assignment_id)
            .scalar_subquery()
            .label("mode"),
        )
    )
    if in_order:
        scoring = scoring.values(
            finished_at=case((Attempt.total == bindparam("question_position"), now))
        )
    return scoring


# Built and compiled once (per database): an answer only binds their values (quiz.prepared).
RECORDING = {in_order: Prepared(_recording(in_order)) for in_order in (True, False)}
SCORING = {in_order: Prepared(_scoring(in_order)) for in_order in (True, False)}


def record_answer(
    public_id: str,
    position: int,
    choice: int,
    in_order: bool = True,
    practice: Practice | None = None,
) -> Recorded:
    """Record the choice for the question at `position` of the attempt, or refuse.

    Once the attempt's assignment has closed, answers are taken for a short grace (answers a
    student sent as the teacher closed), then refused (403); an attempt the teacher submitted
    with "End now" takes none. A live class answers the question the teacher asks, not the
    first one unanswered (`in_order=False`: a late joiner skips what went before); it
    finishes when the session ends. Only a refusal loads the attempt, to say why (_refusal)."""
    if not PUBLIC_ID.match(public_id):
        raise AnswerRefused(404, _("This quiz has no such question."))
    if not 0 <= choice < MOST_OPTIONS:  # (also keeps a huge number from the database's integer)
        raise AnswerRefused(400, NOT_A_CHOICE)
    now = models.utcnow()
    try:
        recorded = answer_if_allowed(public_id, position, choice, now, in_order, practice)
    except EndedFirst:
        raise AnswerRefused(403, CLOSED) from None
    if recorded is None:
        raise _refusal(public_id, position, choice, in_order, now)
    if db.session.registry.has():
        # What the request loaded before is out of date now (it has nothing unflushed: every
        # caller only reads through the session before answering).
        db.session.expire_all()
    return recorded


def answer_if_allowed(
    public_id: str,
    position: int,
    choice: int,
    now: datetime,
    in_order: bool = True,
    practice: Practice | None = None,
) -> Recorded | None:
    """The answer recorded if every rule allows it, else None (or EndedFirst) with nothing
    stored.

    Every class sends its answers within seconds, so this is two prebuilt UPDATEs and a
    commit, and loads nothing: the first records the answer only if every rule allows it
    (and only once: `chosen_index IS NULL`), the second adds the point (and takes nothing
    from an attempt the teacher's "End now" submitted meanwhile); a practice answer then
    reviews its card (Practice: a SELECT and an UPSERT). It needs the app's context,
    not a request's: the answers posted before Flask (quiz.fastanswers) are recorded here too."""
    asked = {"question_position": position, "now": now}
    cutoff = now - models.closing_grace()
    # Core only, nothing loaded: the ORM session has no part in it.
    with db.engine.connect() as connection, one_writer(db.engine):
        stored = RECORDING[in_order].first(
            connection,
            {
                **asked,
                "public_id": public_id,
                "choice": choice,
                "cutoff": cutoff,
            },
        )
        correct = stored is not None and choice == stored.correct_index
        scored = stored and SCORING[in_order].first(
            connection, {**asked, "attempt": stored.attempt_id, "points": int(correct)}
        )
        if not scored:
            connection.rollback()  # nothing of a refused answer stays, before the next writer
            if stored is not None:
                raise EndedFirst()
            return None
        if practice and scored.mode in (None, PRACTICE):
            practice.review(connection, practice.learner, stored.question_id, correct)
        connection.commit()
    return Recorded(correct, scored.finished_at is not None, scored.mode)


def _refusal(
    public_id: str, position: int, choice: int, in_order: bool, now: datetime
) -> Exception:
    """Why the recording UPDATE took nothing: its rules again, on the attempt as it stands."""
    attempt = find_attempt(public_id)
    if attempt is None:
        return AnswerRefused(404, _("This quiz has no such question."))
    assignment = attempt.assignment
    if in_order and assignment is not None and assignment.is_live and not attempt.finished_at:
        return AnsweredLive(public_id)
    answer = next((r for r in attempt.answers if r.position == position), None)
    if answer is None:
        return AnswerRefused(404, _("This quiz has no such question."))
    if answer.chosen_index is not None:
        return AnswerRefused(409, ALREADY_ANSWERED)
    if attempt.finished_at is not None or (
        assignment is not None and not assignment.takes_answers_at(now)
    ):
        return AnswerRefused(403, CLOSED)
    if in_order and position != attempt.current_position:
        return AnswerRefused(
            409, _("Answer the questions in order: this one is not your current one.")
        )
    if not 0 <= choice < len(answer.options):
        return AnswerRefused(400, NOT_A_CHOICE)
    return AnswerRefused(409, ALREADY_ANSWERED)  # a race lost: another answer came first


# Marks a question's hint as asked for: only once, only before it is answered, only while the
# attempt is unfinished, and only where there is a hint.
USING_HINT = (
    update(Answer)
    .where(
        Answer.attempt_id
        == select(Attempt.id)
        .where(Attempt.public_id == bindparam("public_id"), Attempt.finished_at.is_(None))
        .scalar_subquery(),
        Answer.position == bindparam("question_position"),
        Answer.chosen_index.is_(None),
        Answer.hint_used_at.is_(None),
        Answer.hint != "",
    )
    .values(hint_used_at=bindparam("now", type_=DateTime))
    .returning(Answer.id)
)


def use_hint(attempt: Attempt, position: int) -> None:
    """Record that the student asked for the hint of the question at `position` (before
    answering it), or refuse: 404 no such question, 403 no hints here or the attempt is over,
    400 the question has none, 409 already answered or not yet reached. Asking twice records
    the first time."""
    answer = next((r for r in attempt.answers if r.position == position), None)
    if answer is None:
        raise AnswerRefused(404, _("This quiz has no such question."))
    if not attempt.hints_offered:
        raise AnswerRefused(403, _("This quiz offers no hints."))
    if not answer.hint:
        raise AnswerRefused(400, _("This question has no hint."))
    if answer.chosen_index is not None:
        raise AnswerRefused(409, ALREADY_ANSWERED)
    if attempt.finished_at is not None:
        raise AnswerRefused(403, CLOSED)
    if answer.hint_used_at is not None:
        return
    if position != attempt.current_position:  # a hint for a question not yet reached
        raise AnswerRefused(
            409, _("Answer the questions in order: this one is not your current one.")
        )
    stored = (
        db.session.connection()
        .execute(
            USING_HINT,
            {"public_id": attempt.public_id, "question_position": position, "now": models.utcnow()},
        )
        .first()
    )
    db.session.commit()  # expires the attempt and its answers: what follows reads them anew
    if stored is None and answer.chosen_index is not None:  # answered meanwhile, in another tab
        raise AnswerRefused(409, ALREADY_ANSWERED)


def find_attempts(public_ids: list[str]) -> list[Attempt]:
    """Several attempts in one query, newest first (the quiz list's "Your quizzes")."""
    wanted = [p for p in public_ids if PUBLIC_ID.match(p)]
    query = (
        select(Attempt).where(Attempt.public_id.in_(wanted)).options(selectinload(Attempt.answers))
    )
    found = db.session.scalars(query).all()
    return sorted(found, key=lambda a: a.started_at, reverse=True)
