"""The content being served: loaded at start-up, kept on the app, reached through one accessor."""

from __future__ import annotations

from flask import Flask, current_app

from .content import Content, load_content


def init_app(app: Flask) -> None:
    """Load the content or refuse to start; the caller turns ContentError into a clean exit."""
    app.extensions["quiz.content"] = load_content(app.config["CONTENT_DIR"])


def current_content() -> Content:
    return current_app.extensions["quiz.content"]
