"""What people did, persisted: attempts and their responses (never the content itself).

A response keeps a snapshot of the question it answers (prompt, options, correct option,
content version), so editing or deleting content never changes a stored result."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Attempt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    preset_id: Mapped[str] = mapped_column(String(200))
    preset_title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str] = mapped_column(String(60))
    class_code: Mapped[str | None] = mapped_column(String(20), index=True)
    content_version: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    score: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(Integer)

    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )

    @property
    def answered(self) -> int:
        return sum(r.chosen_index is not None for r in self.responses)

    @property
    def current_position(self) -> int | None:
        """The first unanswered question (1-based), or None when the attempt is complete."""
        return next((r.position for r in self.responses if r.chosen_index is None), None)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class Response(db.Model):
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

    attempt: Mapped[Attempt] = relationship(back_populates="responses")

    @property
    def is_correct(self) -> bool:
        return self.chosen_index == self.correct_index

    @property
    def chosen(self) -> dict | None:
        return None if self.chosen_index is None else self.options[self.chosen_index]

    @property
    def correct(self) -> dict:
        return self.options[self.correct_index]
