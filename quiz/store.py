"""The content being served, kept on the app and reached through accessors.

Loaded at start-up (invalid content refuses to start). Afterwards a cheap look at file sizes and
times, at most once per CONTENT_CHECK_SECONDS, notices edits: a valid edit is served at once, an
invalid one leaves the last good content in service and its problems on the teacher's page."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Flask, current_app

from .content import Content, Problem, Severity, check_content, fingerprint, load_content
from .content.schema import Preset
from .i18n import current_language
from .quizgen import Pool, build_pool, event_preset
from .quizgen.assemble import EVENT_PRESET


@dataclass
class ContentState:
    content: Content
    root: str
    fingerprint: tuple
    loaded_at: datetime
    load_seconds: float
    checked_at: float = field(default_factory=time.monotonic)
    problems: list[Problem] = field(default_factory=list)  # of the newest edit, valid or not
    pools: dict[tuple[str, str], Pool] = field(default_factory=dict)  # (version, language)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def init_app(app: Flask) -> None:
    root = app.config["CONTENT_DIR"]
    started = time.perf_counter()
    content = load_content(root)
    app.extensions["quiz.content"] = ContentState(
        content=content,
        root=root,
        fingerprint=fingerprint(root),
        loaded_at=datetime.now(UTC),
        load_seconds=time.perf_counter() - started,
        problems=list(content.warnings),
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
    content, problems = check_content(current.root)
    current.problems = problems
    if content is None:
        current_app.logger.error(
            "Content edit has errors; still serving version %s:\n%s",
            current.content.version,
            "\n".join(map(str, problems)),
        )
        return
    current.content = content
    current.load_seconds = time.perf_counter() - started
    current.loaded_at = datetime.now(UTC)
    current_app.logger.info("Content reloaded: version %s", content.version)


def current_content(language: str | None = None) -> Content:
    """The content in the request's language (or `language`), English where untranslated."""
    return state().content.in_language(language or current_language())


def current_pool(language: str | None = None) -> Pool:
    current = state()
    content = current.content.in_language(language or current_language())
    key = (content.version, content.language)
    if key not in current.pools:
        current.pools = {k: v for k, v in current.pools.items() if k[0] == content.version}
        current.pools[key] = build_pool(content)
    return current.pools[key]


def find_preset(preset_id: str) -> Preset | None:
    """A preset from quizzes.yaml, or the short quiz around one event (`event-<id>`)."""
    content = current_content()
    found = next((p for p in content.presets if p.id == preset_id), None)
    event_id = preset_id.removeprefix(EVENT_PRESET)
    if found is None and preset_id.startswith(EVENT_PRESET) and event_id in content.events_by_id:
        return event_preset(content, event_id)
    return found
