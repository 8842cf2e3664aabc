"""Self-study without accounts: practice rounds after a quiz, and spaced review.

A learner is a browser's random id (kept in its signed session cookie; nothing personal). Every
question it answers where the answer is shown at once (a quiz of its own, a practice
assignment, a review) becomes a card that FSRS schedules with its default parameters: a wrong
answer is rated Again, a right one Good. An assessment's or a live class's answers are left out:
scheduling them would tell the student which ones they missed before the review is open.

A question's id is the same in every language, so answering it in English and in French reviews
one card. A card whose question has left the content is retired when a review session meets it,
and never comes back."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from fsrs import Card, Rating, Scheduler
from sqlalchemy import Integer, bindparam, case, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from .. import models
from ..content import Content
from ..content.schema import Preset
from ..extensions import db
from ..models import REVIEW, Answer, Attempt, ReviewCard
from ..prepared import Prepared
from ..quizgen import Pool, Question
from .attempts import start_attempt

SCHEDULER = Scheduler()  # FSRS-6's default parameters, desired retention 0.9
MOST_PER_SESSION = 50  # the longest quiz a preset may ask; the rest stay due for the next one


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _card_upsert(insert):
    """One statement for a card's first review and every later one, so two answers racing on
    a new card never fail."""
    cards = ReviewCard.__table__.c
    reviewed = insert(ReviewCard.__table__).values(
        learner=bindparam("learner"),
        question_id=bindparam("question_id"),
        state=bindparam("state", type_=cards.state.type),
        due=bindparam("due", type_=cards.due.type),
        reviews=1,
        lapses=bindparam("lapse", type_=Integer),
        retired_at=None,  # a question back in the content is reviewed again
    )
    return reviewed.on_conflict_do_update(
        index_elements=["learner", "question_id"],
        set_={
            "state": reviewed.excluded.state,
            "due": reviewed.excluded.due,
            "retired_at": None,
            "reviews": cards.reviews + 1,
            "lapses": cards.lapses + reviewed.excluded.lapses,
        },
    )


# Built and compiled once (every practice answer reviews a card: see quiz.prepared).
# FOR UPDATE: on PostgreSQL two answers reviewing one existing card at once (two tabs) take
# turns instead of both starting from its same state; on a card's very first review the later
# UPSERT's state still wins. (SQLite has no such clause and needs none: one writer at a time.)
CARD_STATE = Prepared(
    select(ReviewCard.state)
    .where(
        ReviewCard.learner == bindparam("learner"),
        ReviewCard.question_id == bindparam("question_id"),
    )
    .with_for_update()
)
CARD_UPSERT = {
    "postgresql": Prepared(_card_upsert(pg_insert)),
    "sqlite": Prepared(_card_upsert(sqlite_insert)),
}


def review(connection: Connection, learner: str, question_id: str, correct: bool) -> None:
    """Review the learner's card for the question (a new card on its first answer): a prebuilt
    SELECT and UPSERT, in the caller's transaction (the answer's: one durable commit for both,
    and no other answer reviews the card in between). See attempts.Practice."""
    now = models.utcnow()
    stored = CARD_STATE.first(connection, {"learner": learner, "question_id": question_id})
    state = stored and stored.state
    card = Card.from_dict(state) if state else Card(card_id=0, due=_aware(now))  # type: ignore[arg-type]
    card, _log = SCHEDULER.review_card(card, Rating.Good if correct else Rating.Again, _aware(now))
    CARD_UPSERT[connection.dialect.name].first(
        connection,
        {
            "learner": learner,
            "question_id": question_id,
            "state": card.to_dict(),
            "due": _naive(card.due),
            "lapse": int(not correct),
        },
    )


def _due(learner: str, now: datetime):
    return (
        (ReviewCard.learner == learner) & ReviewCard.retired_at.is_(None) & (ReviewCard.due <= now)
    )


def due_count(learner: str | None) -> int:
    """How many of the learner's cards are due now: one COUNT."""
    if not learner:
        return 0
    count = select(func.count()).select_from(ReviewCard).where(_due(learner, models.utcnow()))
    return db.session.scalar(count) or 0


def cards_of(learner: str) -> list[ReviewCard]:
    """Every card of the learner, the soonest due first (retired ones included)."""
    query = select(ReviewCard).where(ReviewCard.learner == learner)
    return list(db.session.scalars(query.order_by(ReviewCard.due, ReviewCard.question_id)))


def due_questions(learner: str, pool: Pool) -> list[Question]:
    """The questions of the learner's due cards, the longest overdue first. A card whose
    question is no longer in the content is retired here, so it never comes back."""
    now = models.utcnow()
    query = select(ReviewCard.id, ReviewCard.question_id).where(_due(learner, now))
    rows = db.session.execute(query.order_by(ReviewCard.due, ReviewCard.question_id)).all()
    gone = [row.id for row in rows if row.question_id not in pool.by_id]
    if gone:
        db.session.execute(
            update(ReviewCard).where(ReviewCard.id.in_(gone)).values(retired_at=now),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
    kept = [pool.by_id[row.question_id] for row in rows if row.question_id in pool.by_id]
    return kept[:MOST_PER_SESSION]


def round_of(attempt: Attempt, pool: Pool, missed_only: bool) -> list[Question]:
    """The attempt's questions as the content has them now (a question since removed is left
    out): all of them (Retry) or only those answered wrong or not at all (the ones missed)."""
    return [
        pool.by_id[answer.question_id]
        for answer in attempt.answers
        if answer.question_id in pool.by_id and not (missed_only and answer.is_correct)
    ]


class NothingToPractise(Exception):
    """No question to ask: none missed, none due, or all of them gone from the content."""


def start_round(
    content: Content,
    pool: Pool,
    questions: list[Question],
    *,
    preset_id: str,
    title: str,
    display_name: str,
    start_token: str | None,
    browser: str,
) -> Attempt:
    """A practice attempt of its own (no assignment, so no attempt policy) asking exactly
    these questions, their choices shuffled anew."""
    if not questions:
        raise NothingToPractise(preset_id)
    preset = Preset.model_construct(
        id=preset_id, title=title, description="", questions=len(questions)
    )
    return start_attempt(
        content,
        pool,
        preset,
        display_name,
        start_token=start_token,
        browser=browser,
        questions=questions,
    )


def review_title() -> str:
    return _("Review of the questions due")


def is_review(attempt: Attempt) -> bool:
    return attempt.preset_id == REVIEW


def misses(question_ids: list[str]) -> dict[str, tuple[int, int]]:
    """question id -> (answers, of which wrong) across every attempt, practice rounds and
    review sessions included: the question browser's "missed" line, in one GROUP BY."""
    if not question_ids:
        return {}
    wrong = func.sum(case((Answer.chosen_index != Answer.correct_index, 1), else_=0))
    query = (
        select(Answer.question_id, func.count(), wrong)
        .where(Answer.question_id.in_(question_ids), Answer.chosen_index.is_not(None))
        .group_by(Answer.question_id)
    )
    return {qid: (int(n), int(w or 0)) for qid, n, w in db.session.execute(query)}
