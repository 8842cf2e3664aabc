"""The content being served: loaded at start-up, kept on the app, reached through accessors.

The question pool is built once per content version, on first use."""

from __future__ import annotations

from flask import Flask, current_app

from .content import Content, load_content
from .content.schema import Preset
from .quizgen import Pool, build_pool, event_preset


def init_app(app: Flask) -> None:
    """Load the content or refuse to start; the caller turns ContentError into a clean exit."""
    app.extensions["quiz.content"] = load_content(app.config["CONTENT_DIR"])
    app.extensions["quiz.pool"] = None


def current_content() -> Content:
    return current_app.extensions["quiz.content"]


def current_pool() -> Pool:
    content = current_content()
    cached = current_app.extensions.get("quiz.pool")
    if cached is None or cached[0] != content.version:
        cached = (content.version, build_pool(content))
        current_app.extensions["quiz.pool"] = cached
    return cached[1]


def find_preset(preset_id: str) -> Preset | None:
    """A preset from quizzes.yaml, or the short quiz around one event (`event-<id>`)."""
    content = current_content()
    found = next((p for p in content.presets if p.id == preset_id), None)
    event_id = preset_id.removeprefix("event-")
    if found is None and preset_id.startswith("event-") and event_id in content.events_by_id:
        return event_preset(content, event_id)
    return found
