"""The content being served, kept on the app and reached through accessors.

Loaded at start-up (invalid content refuses to start). Afterwards a cheap look at file sizes and
times, at most once per CONTENT_CHECK_SECONDS, notices edits: a valid edit is served at once, an
invalid one leaves the last good content in service and its problems on the teacher's page."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask, current_app

from .checking import check_folder
from .content import Content, ContentError, Problem, Severity, fingerprint
from .content.schema import Preset
from .locale import current_language
from .quizgen import Bank, Pool, build_quiz, event_preset
from .quizgen.assemble import EVENT_PRESET


@dataclass
class ContentState:
    content: Content
    bank: Bank  # every question the content yields, in every language, built with it
    root: str
    fingerprint: tuple
    loaded_at: datetime
    load_seconds: float
    checked_at: float = field(default_factory=time.monotonic)
    problems: list[Problem] = field(default_factory=list)  # of the newest edit, valid or not
    lengths: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> preset -> n
    quizzable: set[str] | None = None  # events whose own quiz asks about them

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def init_app(app: Flask) -> None:
    root = app.config["CONTENT_DIR"]
    started = time.perf_counter()
    content, bank, problems = check_folder(root, app.config["LANGUAGES"])
    if content is None or bank is None:
        raise ContentError(problems)
    app.extensions["quiz.content"] = ContentState(
        content=content,
        bank=bank,
        root=root,
        fingerprint=fingerprint(root),
        loaded_at=datetime.now(UTC),
        load_seconds=time.perf_counter() - started,
        problems=problems,
    )
    app.before_request(refresh_if_changed)


def state() -> ContentState:
    return current_app.extensions["quiz.content"]


def refresh_if_changed() -> None:
    current = state()
    now = time.monotonic()
    if now - current.checked_at < current_app.config["CONTENT_CHECK_SECONDS"]:
        return
    current.checked_at = now
    seen = fingerprint(current.root)
    if seen == current.fingerprint:
        return
    current.fingerprint = seen
    started = time.perf_counter()
    content, bank, problems = check_folder(current.root, current_app.config["LANGUAGES"])
    current.problems = problems
    if content is None or bank is None:
        current_app.logger.error(
            "Content edit has errors; still serving version %s:\n%s",
            current.content.version,
            "\n".join(map(str, problems)),
        )
        return
    current.content, current.bank, current.lengths, current.quizzable = content, bank, {}, None
    current.load_seconds = time.perf_counter() - started
    current.loaded_at = datetime.now(UTC)
    current_app.logger.info("Content reloaded: version %s", content.version)


def current_content(language: str | None = None) -> Content:
    """The content in the request's language (or `language`), English where untranslated."""
    return state().content.in_language(language or current_language())


def current_pool(language: str | None = None) -> Pool:
    """The questions in the request's language (or `language`), built with the content."""
    return state().bank.pool(language or current_language())


def find_preset(preset_id: str) -> Preset | None:
    """A preset from quizzes.yaml, or the short quiz around one event (`event-<id>`)."""
    content = current_content()
    found = next((p for p in content.presets if p.id == preset_id), None)
    event_id = preset_id.removeprefix(EVENT_PRESET)
    if found is None and preset_id.startswith(EVENT_PRESET) and event_id in content.events_by_id:
        return event_preset(content, event_id)
    return found


def quiz_lengths(language: str | None = None) -> dict[str, int]:
    """How many questions each preset really serves (the fewest over a few seeds), worked out
    once per content version: the quiz list promises no more than a student will get."""
    current = state()
    language = language or current_language()
    if language not in current.lengths:
        content, pool = current_content(language), current_pool(language)
        current.lengths[language] = {
            p.id: min(len(build_quiz(content, pool, p, seed)) for seed in range(5))
            for p in content.presets
        }
    return current.lengths[language]


def has_own_quiz(event_id: str) -> bool:
    """Does "Quiz me on this event" ask about the event itself? Some events yield no question a
    teacher would keep (or only ones their own title answers): their page offers no quiz
    rather than one about the neighbours. Worked out once per content version."""
    current = state()
    if current.quizzable is None:
        content, pool = current.content, current.bank.pool("en")
        current.quizzable = {
            event.id
            for event in content.events
            if any(
                q.event_ids[0] == event.id
                for q in build_quiz(content, pool, event_preset(content, event.id), seed=1)
            )
        }
    return event_id in current.quizzable
