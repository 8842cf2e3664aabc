"""Live class sessions: the teacher steps through the questions; phones and the projector follow.

Every step is one conditional UPDATE on the session's row (`... WHERE version = seen`): a step
taken from a page showing an older state (a second teacher tab, a double press of the clicker)
changes nothing, so two tabs never fight. Pages are rebuilt from the row on every poll, by any
server process: nothing is held in memory between requests."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import selectinload

from .. import models
from ..extensions import db
from ..models import (
    ASKING,
    ENDED,
    LEADERBOARDS,
    LIVE,
    LOBBY,
    SHOWN,
    Answer,
    Assignment,
    Attempt,
    LiveSession,
    Teacher,
)
from .assignments import create_assignment
from .attempts import PUBLIC_ID, record_answer

TIMERS = (None, 10, 20, 30, 60, 90)  # the seconds a teacher may give each question
LATE_NETWORK = timedelta(seconds=2)  # an answer sent just before the end may arrive just after
POINTS_RIGHT = 100  # accuracy points per right answer: what counts, unless the teacher adds more
SPEED_BONUS = 50  # at most, for an answer given at once (speed points, if turned on)
STREAK_BONUS = 20  # per right answer in a row after the first (streak bonus, if turned on)
STREAK_CAP = 3  # the bonus stops growing after this many in a row


def start_live(
    teacher: Teacher,
    title: str,
    preset_id: str,
    question_ids: list[str] | None = None,
    timer_seconds: int | None = None,
    speed_points: bool = False,
    streak_bonus: bool = False,
    leaderboard: str = "off",
) -> LiveSession:
    """A live session on a preset's questions (fixed now, as for any assignment) or on the
    `question_ids` given, in the lobby."""
    assignment = create_assignment(teacher, title, preset_id, None, mode=LIVE)
    if question_ids:
        assignment.question_ids = list(question_ids)
    live = LiveSession(
        assignment=assignment,
        timer_seconds=timer_seconds if timer_seconds in TIMERS else None,
        speed_points=speed_points,
        streak_bonus=streak_bonus,
        leaderboard=leaderboard if leaderboard in LEADERBOARDS else "off",
        opened=[],
    )
    db.session.add(live)
    db.session.commit()
    return live


def find_own_live(teacher: Teacher, live_id: int) -> LiveSession | None:
    live = db.session.get(LiveSession, live_id)
    if live is None or live.assignment is None or live.assignment.teacher_id != teacher.id:
        return None
    return live


def live_of(assignment: Assignment) -> LiveSession | None:
    return db.session.scalar(select(LiveSession).where(LiveSession.assignment_id == assignment.id))


class PhoneView(NamedTuple):
    attempt: Attempt  # its answers are not loaded: a poll needs only the one asked now
    live: LiveSession
    answer: Answer | None  # the answer to the question asked now (None in the lobby)


def _phone_view():
    asked_now = (Answer.attempt_id == Attempt.id) & (Answer.position == LiveSession.position)
    return (
        select(Attempt, LiveSession, Answer)
        .join(LiveSession, LiveSession.assignment_id == Attempt.assignment_id)
        .outerjoin(Answer, asked_now)
        .where(Attempt.public_id == bindparam("public_id"))
    )


PHONE_VIEW = _phone_view()  # built once: after each step every phone of the class asks for it


def phone_view(public_id: str, polling: bool = False) -> PhoneView | None:
    """What a phone shows, in one query. After each step all the class's phones ask for it
    within a second, so it loads the attempt, its session and the one answer on screen, not
    the attempt's every answer.

    A poll (`polling`), like the page shown once an answer is in, reads outside a
    transaction: all it does besides reading is settle's step, one conditional UPDATE, atomic
    on its own. That spares PostgreSQL a BEGIN and a ROLLBACK for each of the 300 phones after
    each step: a phone's 200 took 3.0 ms with them and 1.9 ms without, in process."""
    if not PUBLIC_ID.match(public_id):
        return None
    if polling and not db.session().in_transaction():
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    found = db.session.execute(PHONE_VIEW, {"public_id": public_id}).first()
    return PhoneView(*found) if found else None


def questions_in(live: LiveSession) -> int:
    return len(live.assignment.question_ids or ())


def next_step(live: LiveSession) -> str:
    """What the teacher's main button (and the clicker's "next") does now."""
    if live.phase == LOBBY:
        return "ask"
    if live.phase == ASKING:
        return "show"
    if live.phase == SHOWN and live.position < questions_in(live):
        return "ask"
    return "end" if live.phase != ENDED else ""


def step(live: LiveSession, seen_version: int, action: str, now: datetime | None = None) -> bool:
    """Take the teacher's step ("next" or "end") from the state they saw; False when the
    session had already moved on (another tab or a double press): nothing changes then."""
    now = now or models.utcnow()
    if action == "next":
        action = next_step(live)
    values: dict
    if action == "ask":
        position = live.position + 1
        values = {
            "position": position,
            "phase": ASKING,
            "opened_at": now,
            "closes_at": now + timedelta(seconds=live.timer_seconds)
            if live.timer_seconds
            else None,
            "opened": [*live.opened[: position - 1], now.isoformat()],
        }
    elif action == "show":
        values = {"phase": SHOWN, "closes_at": now}
    elif action == "end" and live.phase != ENDED:
        values = {"phase": ENDED, "closes_at": now}
    else:
        return False
    moved = db.session.execute(
        update(LiveSession)
        .where(LiveSession.id == live.id, LiveSession.version == seen_version)
        .values(version=LiveSession.version + 1, **values),
        execution_options={"synchronize_session": False},
    )
    if moved.rowcount != 1:
        db.session.rollback()
        return False
    if values["phase"] == ENDED:
        finish_attempts(live.assignment, now, asked=live.position)  # 0 from the lobby
        db.session.execute(
            update(Assignment).where(Assignment.id == live.assignment_id).values(closed_at=now)
        )
    db.session.commit()
    db.session.refresh(live)
    return True


def finish_attempts(assignment: Assignment, now: datetime, asked: int) -> None:
    """Every attempt ends now, out of the `asked` questions the teacher showed: those never
    asked (a session ended early) are dropped from each attempt, not counted wrong. What was
    answered stands."""
    quick = {"synchronize_session": False}
    attempts = select(Attempt.id).where(Attempt.assignment_id == assignment.id)
    db.session.execute(
        delete(Answer).where(Answer.attempt_id.in_(attempts), Answer.position > asked),
        execution_options=quick,
    )
    db.session.execute(
        update(Attempt)
        .where(Attempt.assignment_id == assignment.id)
        .values(finished_at=func.coalesce(Attempt.finished_at, now), total=asked),
        execution_options=quick,
    )


def time_up(live: LiveSession, attempt: Attempt | None, now: datetime) -> bool:
    """Has answering closed for this student (their extra time included)?"""
    return closed_for(live.phase, live.closes_at, attempt.extra_seconds if attempt else 0, now)


def closed_for(phase: str, closes_at: datetime | None, extra_seconds: int, now: datetime) -> bool:
    if phase != ASKING:
        return True
    if closes_at is None:
        return False
    return now > closes_at + timedelta(seconds=extra_seconds)


def phone_etag(live_id: int, version: int, answered: bool, up: bool) -> str:
    """What a phone's page is made of: the session's step, this phone's answer to the question
    on screen, and whether its time is up."""
    return f"phone-{live_id}-{version}-{int(answered)}-{int(up)}"


@functools.cache
def _phone_state():
    return (
        select(
            LiveSession.id,
            LiveSession.version,
            LiveSession.phase,
            LiveSession.closes_at,
            Attempt.extra_seconds,
            Answer.chosen_index,
        )
        .select_from(Attempt)
        .join(LiveSession, LiveSession.assignment_id == Attempt.assignment_id)
        .outerjoin(
            Answer, (Answer.attempt_id == Attempt.id) & (Answer.position == LiveSession.position)
        )
        .where(Attempt.public_id == bindparam("public_id"))
    )


@dataclass(frozen=True)
class PhoneState:
    """What a phone's ETag is made of, read in one query: most polls need nothing else."""

    live_id: int
    version: int
    phase: str
    closes_at: datetime | None
    extra_seconds: int
    answered: bool

    def etag(self, now: datetime) -> str:
        up = self.phase == ASKING and closed_for(
            self.phase, self.closes_at, self.extra_seconds, now
        )
        return phone_etag(self.live_id, self.version, self.answered, up)


def unchanged_phone_etag(connection: Connection, public_id: str, now: datetime) -> str | None:
    """The ETag a phone's page has now, from one row (the live session of this attempt and the
    attempt's answer to the question on screen), read on a bare connection: 300 phones ask
    every second, so this reads neither the attempt's other answers nor the session's
    assignment, and the statement is built once. None when the page needs Flask: no such live
    attempt, or a timer due to settle (which changes the session)."""
    row = connection.execute(_phone_state(), {"public_id": public_id}).first()
    if row is None:
        return None
    live_id, version, phase, closes_at, extra, chosen = row
    state = PhoneState(live_id, version, phase, closes_at, extra or 0, chosen is not None)
    return None if settle_due(phase, closes_at, now) else state.etag(now)


def settle_due(phase: str, closes_at: datetime | None, now: datetime) -> bool:
    """Could the answer be due now? Only once the timer has run out (extra time only delays)."""
    return phase == ASKING and closes_at is not None and now > closes_at + LATE_NETWORK


def settle(live: LiveSession, now: datetime | None = None) -> None:
    """When the timer has run out for everyone (extra time included), show the answer: any
    poll may find it first, and the conditional step makes it happen once."""
    now = now or models.utcnow()
    if not settle_due(live.phase, live.closes_at, now):
        return
    longest = db.session.scalar(
        select(func.max(Attempt.extra_seconds)).where(Attempt.assignment_id == live.assignment_id)
    )
    # an answer tapped just before the end may arrive just after: it is still taken
    if now > live.closes_at + LATE_NETWORK + timedelta(seconds=longest or 0):
        step(live, live.version, "show", now)


class LiveRefused(Exception):
    """An answer the session does not take now, with the words to show the student."""


def may_answer(live: LiveSession, attempt: Attempt, position: int, now: datetime) -> None:
    if live.phase != ASKING or position != live.position:
        raise LiveRefused("not asked")
    if live.closes_at is not None and now > live.closes_at + LATE_NETWORK + timedelta(
        seconds=attempt.extra_seconds
    ):
        raise LiveRefused("time up")


def set_extra_time(live: LiveSession, attempt_id: int, seconds: int) -> None:
    db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.assignment_id == live.assignment_id)
        .values(extra_seconds=max(0, min(seconds, 600)))
    )
    db.session.execute(
        update(LiveSession).where(LiveSession.id == live.id).values(version=LiveSession.version + 1)
    )
    db.session.commit()


# -- what the pages show ---------------------------------------------------------------------
@dataclass(frozen=True)
class Tally:
    """The class's answers to the question on screen."""

    answered: int
    joined: int
    counts: tuple[int, ...]  # per option, in the order phones show them


def tally(live: LiveSession) -> Tally:
    rows = db.session.execute(
        select(Answer.chosen_index, func.count())
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .where(Attempt.assignment_id == live.assignment_id, Answer.position == live.position)
        .group_by(Answer.chosen_index)
    ).all()
    chosen = {index: count for index, count in rows}
    question = question_of(live) if live.position else None
    options = len(question.options) if question else 0
    counts = tuple(chosen.get(i, 0) for i in range(options))
    return Tally(sum(counts), sum(chosen.values()), counts)


def question_of(live: LiveSession) -> Answer | None:
    """The question on screen as every phone has it (live attempts share one order); None
    while no phone has joined."""
    answer = db.session.scalar(
        select(Answer)
        .join(Attempt, Answer.attempt_id == Attempt.id)
        .where(Attempt.assignment_id == live.assignment_id, Answer.position == live.position)
        .limit(1)
    )
    return answer


def joined(live: LiveSession) -> list[Attempt]:
    return db.session.scalars(
        select(Attempt)
        .where(Attempt.assignment_id == live.assignment_id)
        .order_by(Attempt.started_at, Attempt.id)
    ).all()


@dataclass(frozen=True)
class Standing:
    name: str
    points: int
    right: int


def points_of(live: LiveSession, answers: list[Answer]) -> int:
    """Accuracy points, plus speed points and a streak bonus if the teacher turned them on."""
    total = streak = 0
    for answer in sorted(answers, key=lambda a: a.position):
        if answer.chosen_index is None or not answer.is_correct:
            streak = 0
            continue
        total += POINTS_RIGHT
        if live.streak_bonus:
            total += STREAK_BONUS * min(streak, STREAK_CAP)
        streak += 1
        if live.speed_points and answer.answered_at and answer.position <= len(live.opened):
            opened = datetime.fromisoformat(live.opened[answer.position - 1])
            limit = live.timer_seconds or 30
            taken = (answer.answered_at - opened).total_seconds()
            total += round(SPEED_BONUS * max(0.0, 1 - taken / limit))
    return total


def standings(live: LiveSession) -> list[Standing]:
    """Everyone's points, best first (shown only as the teacher chose: see `leaderboard`).
    Worked out once per step of the session in each process: 300 phones ask for their rank
    within a second of each step."""
    return list(_standings(live.id, live.version, live.created_at))


@functools.lru_cache(maxsize=64)
def _standings(live_id: int, _version: int, _created: datetime) -> tuple[Standing, ...]:
    live = db.session.get(LiveSession, live_id)
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.assignment_id == live.assignment_id)
        .options(selectinload(Attempt.answers))
    ).all()
    ranked = [Standing(a.display_name, points_of(live, list(a.answers)), a.score) for a in attempts]
    return tuple(sorted(ranked, key=lambda s: (-s.points, s.name.casefold())))


def board(live: LiveSession) -> list[Standing]:
    """The projector's top five: only students who scored (naming a 0 to the class shames)."""
    return [s for s in standings(live) if s.points > 0][:5]


def answer_live(
    live: LiveSession, attempt: Attempt, position: int, choice: int, now: datetime | None = None
) -> bool:
    """Record a phone's answer to the question on screen, while answering is open."""
    may_answer(live, attempt, position, now or models.utcnow())
    return record_answer(attempt.public_id, position, choice, in_order=False).correct
