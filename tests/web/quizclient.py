"""Helpers that act like a student in the test client."""

from __future__ import annotations

import re

from quiz.extensions import db
from quiz.models import Attempt
from tests.conftest import HTMX, csrf_token


def start(client, preset="warm-up", name="Ana", class_code="", headers=None):
    page = client.get(f"/quizzes/{preset}/start").get_data(as_text=True)
    return client.post(
        f"/quizzes/{preset}/start",
        data={"csrf_token": csrf_token(page), "display_name": name, "class_code": class_code},
        headers=headers or {},
    )


def attempt_url(response) -> str:
    return response.headers["Location"].rsplit("/questions/", 1)[0]


def stored(app, public_id: str) -> Attempt:
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt).filter_by(public_id=public_id))
        attempt.answers  # noqa: B018 - load them before the session closes
        return attempt


def choose(client, url: str, choice, htmx=False):
    page = client.get(url).get_data(as_text=True)
    return client.post(
        url,
        data={"csrf_token": csrf_token(page), "choice": choice},
        headers=HTMX if htmx else {},
    )


def option_texts(html: str) -> list[str]:
    return re.findall(r'<label for="choice-\d">([^<]*)</label>', html)
