"""What people did, persisted: attempts and their answers (never the content itself).

An answer keeps a snapshot of the question it answers (prompt, options, correct option,
content version), so editing or deleting content never changes a stored result."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def utcnow() -> datetime:
    """The clock every stored time and every deadline reads (tests replace it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def _now() -> datetime:
    return utcnow()  # looked up at each call, so a replaced clock also stamps new rows


def closing_grace() -> timedelta:
    """How long answers under way are still taken after an assignment closes."""
    return timedelta(seconds=current_app.config.get("CLOSING_GRACE_SECONDS", 60))


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


PRACTICE, ASSESSMENT, LIVE = "practice", "assessment", "live"
REFUSE_LATE, FLAG_LATE = "refuse", "flag"
# An assignment's preset_id when its questions are a teacher's own pick from the question
# browser (no preset of quizzes.yaml chose them): see services.assignments.assignment_preset.
SELECTION = "selection"
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in class


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))


class Teacher(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=_now)
    # Part of every session cookie's user id: raising it (logout, a new password) ends every
    # session the teacher has, in every browser, captured cookies included.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # An IANA zone ("Europe/Paris") for due dates and times on the teacher's pages; None: the
    # site's QUIZ_TEACHER_TIME_ZONE.
    time_zone: Mapped[str | None] = mapped_column(String(64))

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="teacher", order_by="Assignment.created_at.desc()"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)  # scrypt: slow on purpose

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version (Flask-Login's
        "alternative tokens"), checked by the user loader on every request."""
        return f"{self.id}:{self.session_version}"


class LoginFailure(db.Model):
    """Failed logins, kept in the database so every server process sees the same count."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str | None] = mapped_column(String(64))  # counted per (email, address)
    at: Mapped[datetime] = mapped_column(default=_now, index=True)


class Assignment(db.Model):
    """A preset (or a teacher's selection) handed to a class: every student who joins gets the
    same questions (question_ids; the seed they were drawn from)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    preset_id: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str] = mapped_column(String(12), unique=True, default=new_join_code)
    seed: Mapped[int] = mapped_column(Integer)
    question_ids: Mapped[list | None] = mapped_column(JSON)  # fixed when the assignment is made
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=_now)
    closed_at: Mapped[datetime | None]
    # "practice": feedback after each answer, as many attempts as wanted. "assessment": no
    # verdict, answer or explanation until the review is released (or the assignment closes).
    mode: Mapped[str] = mapped_column(String(20), default=PRACTICE, server_default=PRACTICE)
    attempts_allowed: Mapped[int | None]  # per student browser; None: unlimited
    counts: Mapped[str] = mapped_column(String(10), default="best", server_default="best")
    review_released_at: Mapped[datetime | None]
    # After due_at (stored in UTC): "refuse" new attempts, or "flag" them as late.
    late_policy: Mapped[str] = mapped_column(
        String(10), default=REFUSE_LATE, server_default=REFUSE_LATE
    )
    # Each student draws their own questions from the preset's pool (from their attempt's
    # order seed) instead of the one set question_ids fixes.
    draws_per_student: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    teacher: Mapped[Teacher] = relationship(back_populates="assignments")
    roster: Mapped[list[RosterEntry]] = relationship(
        back_populates="assignment",
        order_by="RosterEntry.position",
        cascade="all, delete-orphan",
    )
    attempts: Mapped[list[Attempt]] = relationship(
        back_populates="assignment", order_by="Attempt.started_at"
    )

    @property
    def closes_at(self) -> datetime | None:
        """When the assignment stops taking attempts: the teacher's close or, when late
        attempts are refused, the due time, whichever comes first. None: open until the
        teacher closes it (no due time, or late attempts accepted and flagged)."""
        times = [self.closed_at]
        if self.late_policy != FLAG_LATE:
            times.append(self.due_at)
        return min((t for t in times if t is not None), default=None)

    def is_open_at(self, now: datetime) -> bool:
        closes = self.closes_at
        return closes is None or now < closes

    @property
    def is_open(self) -> bool:
        return self.is_open_at(utcnow())

    @property
    def closed_automatically(self) -> bool:
        """Closed by its due time rather than by the teacher."""
        closes = self.closes_at
        return closes is not None and closes == self.due_at and closes <= utcnow()

    def is_late_at(self, now: datetime) -> bool:
        """An attempt started now comes after the due time."""
        return self.due_at is not None and now >= self.due_at

    @property
    def answers_until(self) -> datetime | None:
        """The last moment an answer under way is recorded: the close plus a short grace."""
        closes = self.closes_at
        return None if closes is None else closes + closing_grace()

    def takes_answers_at(self, now: datetime) -> bool:
        until = self.answers_until
        return until is None or now <= until

    @classmethod
    def takes_answers_after(cls, cutoff) -> ColumnElement[bool]:
        """takes_answers_at in SQL, for `cutoff` = now − closing_grace(): every time that
        closes the assignment (see closes_at) is still to come, or within the grace. True for
        an attempt outside assignments too (an outer join's NULLs)."""
        return and_(
            or_(cls.closed_at.is_(None), cls.closed_at >= cutoff),
            or_(cls.due_at.is_(None), cls.late_policy == FLAG_LATE, cls.due_at >= cutoff),
        )

    @property
    def in_grace(self) -> bool:
        """Closed, but still taking the answers of attempts under way."""
        now = utcnow()
        return not self.is_open_at(now) and self.takes_answers_at(now)

    @property
    def is_assessment(self) -> bool:
        return self.mode == ASSESSMENT

    @property
    def is_live(self) -> bool:
        return self.mode == LIVE

    @property
    def review_opens_at(self) -> datetime | None:
        """When an assessment's students may see the review: its release, or once the
        assignment has closed and the grace for answers under way is over (so no student
        still answering meets the answer key). None: not planned yet."""
        times = [self.review_released_at, self.answers_until]
        return min((t for t in times if t is not None), default=None)

    @property
    def review_open(self) -> bool:
        """May students see verdicts, right answers and explanations? Always in practice; in
        an assessment once the review is released or the assignment has closed (see
        review_opens_at)."""
        if self.is_live:  # each answer is shown in class; the whole review once it ends
            return self.closed_at is not None
        if not self.is_assessment:
            return True
        opens = self.review_opens_at
        return opens is not None and opens <= utcnow()


class RosterEntry(db.Model):
    """One name on an assignment's class list. A student picks theirs when joining and their
    browser claims it (a conditional update), so two students can never share a name."""

    __tablename__ = "roster_entry"
    __table_args__ = (UniqueConstraint("assignment_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # the order the teacher pasted
    name: Mapped[str] = mapped_column(String(60))
    browser: Mapped[str | None] = mapped_column(String(32))  # who claimed it; None: free
    claimed_at: Mapped[datetime | None]

    assignment: Mapped[Assignment] = relationship(back_populates="roster")


class Attempt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    preset_id: Mapped[str] = mapped_column(String(200))
    preset_title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str] = mapped_column(String(60))
    class_code: Mapped[str | None] = mapped_column(String(20), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    content_version: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    started_at: Mapped[datetime] = mapped_column(default=_now)
    finished_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(Integer)
    # The start form's one-time token: unique, so a form submitted twice starts one attempt.
    start_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # A random id the browser's session keeps: with the name, which attempts are one student's
    # (for "which attempt counts"), until students have identities of their own.
    browser: Mapped[str | None] = mapped_column(String(32), index=True)
    # The seed that shuffled this attempt's question and choice order (and, when the assignment
    # draws per student, chose its questions): recorded so the order can be shown again.
    order_seed: Mapped[int | None] = mapped_column(Integer)
    late: Mapped[bool] = mapped_column(default=False, server_default=sa_false())  # after due_at
    # In a live session: extra seconds this student gets on every timed question.
    extra_seconds: Mapped[int] = mapped_column(default=0, server_default="0")

    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", order_by="Answer.position", cascade="all, delete-orphan"
    )
    assignment: Mapped[Assignment | None] = relationship(back_populates="attempts")

    @property
    def review_open(self) -> bool:
        """Whether the student may see how they did (see Assignment.review_open)."""
        return self.assignment is None or self.assignment.review_open

    @property
    def hints_offered(self) -> bool:
        """Hints are for practice: a quiz on one's own or a practice assignment. An assessment
        and a live class offer none, so that every student answers the same question."""
        return self.assignment is None or self.assignment.mode == PRACTICE

    @property
    def answered(self) -> int:
        return sum(r.chosen_index is not None for r in self.answers)

    @property
    def is_over(self) -> bool:
        """Finished (every question answered, or submitted by the teacher's "End now"), or
        its assignment takes no more answers (closed, and the grace is over)."""
        if self.finished_at is not None:
            return True
        return self.assignment is not None and not self.assignment.takes_answers_at(utcnow())

    @property
    def current_position(self) -> int | None:
        """The first unanswered question (1-based), or None when the attempt is over."""
        if self.is_over:
            return None
        return next((r.position for r in self.answers if r.chosen_index is None), None)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    @property
    def seconds_taken(self) -> int | None:
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds())


class Answer(db.Model):
    """One question as an attempt asks it (a snapshot of prompt, options and correct option)
    and, once given, the student's choice. The table keeps its first name, `response`."""

    __tablename__ = "response"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 1-based
    question_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list] = mapped_column(JSON)  # [{"text": ..., "feedback": ...}, ...]
    correct_index: Mapped[int] = mapped_column(Integer)
    explanation: Mapped[str] = mapped_column(Text)
    event_ids: Mapped[list] = mapped_column(JSON)
    content_version: Mapped[str] = mapped_column(String(20))
    chosen_index: Mapped[int | None]
    answered_at: Mapped[datetime | None]
    # the question's hint as asked ("" for none), and when the student asked for it, before
    # answering (the teacher sees which answers had help)
    hint: Mapped[str] = mapped_column(Text, default="", server_default="")
    hint_used_at: Mapped[datetime | None]

    attempt: Mapped[Attempt] = relationship(back_populates="answers")

    @property
    def is_correct(self) -> bool:
        return self.chosen_index == self.correct_index

    @property
    def chosen(self) -> dict | None:
        return None if self.chosen_index is None else self.options[self.chosen_index]

    @property
    def correct(self) -> dict:
        return self.options[self.correct_index]


# A live session's phases, in order: the class joins, each question is asked then shown.
LOBBY, ASKING, SHOWN, ENDED = "lobby", "asking", "shown", "ended"
LEADERBOARDS = ("off", "anonymous", "top5")


class LiveSession(db.Model):
    """A live class, paced by the teacher: the state every phone and the projector follow.

    Its attempts and results are those of its assignment (mode "live"). All of it lives in the
    database, so any server process answers any phone; `version` rises with every step the
    teacher takes and is what the pages' ETags are made of."""

    __tablename__ = "live_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id"), unique=True)
    position: Mapped[int] = mapped_column(default=0)  # the question asked or shown; 0: lobby
    phase: Mapped[str] = mapped_column(String(10), default=LOBBY)
    version: Mapped[int] = mapped_column(default=1)
    # When the current question opened, and when answering closes (None: when the teacher says).
    opened_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    timer_seconds: Mapped[int | None]  # each question's time; None: no timer
    opened: Mapped[list] = mapped_column(JSON, default=list)  # each question's opening, ISO
    speed_points: Mapped[bool] = mapped_column(default=False)
    streak_bonus: Mapped[bool] = mapped_column(default=False)
    leaderboard: Mapped[str] = mapped_column(String(10), default="off")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship()


# The preset_id of an attempt that reviews a learner's due cards (no preset of quizzes.yaml).
REVIEW = "review"


class ReviewCard(db.Model):
    """One question a learner (a browser's random id, nothing personal) has answered, scheduled
    for review by FSRS. The question's id is the same in every language, so an answer in
    English and one in French review the same card."""

    __tablename__ = "review_card"
    # (also how a learner's cards are found: "Due for review: N" reads them all. No index on
    # `due`: every practice answer moves it, and the index cost each one a page write.)
    __table_args__ = (UniqueConstraint("learner", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    learner: Mapped[str] = mapped_column(String(32))
    question_id: Mapped[str] = mapped_column(String(200))
    state: Mapped[dict] = mapped_column(JSON)  # fsrs.Card.to_dict()
    due: Mapped[datetime]  # the state's due, UTC, for the COUNT
    reviews: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)  # answers rated Again
    # The question left the content: the card never comes back.
    retired_at: Mapped[datetime | None]
