"""What a student does, through a test client (one client is one browser)."""

from __future__ import annotations

import re

from quiz.extensions import db
from quiz.models import Attempt
from tests.support.pages import HTMX, csrf_token


def start(client, preset="warm-up", name="Ana", class_code="", headers=None):
    page = client.get(f"/quizzes/{preset}/start").get_data(as_text=True)
    return client.post(
        f"/quizzes/{preset}/start",
        data={"csrf_token": csrf_token(page), "display_name": name, "class_code": class_code},
        headers=headers or {},
    )


def join(client, code: str, name: str, headers=None):
    """Start the class assignment with this join code (the start redirects, 303)."""
    page = client.get(f"/join/{code}", headers=headers or {}).get_data(as_text=True)
    response = client.post(
        f"/join/{code}",
        data={"csrf_token": csrf_token(page), "display_name": name},
        headers=headers or {},
    )
    assert response.status_code == 303
    return response


def name_choices(html: str) -> dict[str, str]:
    """The names a start page offers to pick: name -> the option's value."""
    select = re.search(r'<select[^>]*name="entry".*?</select>', html, re.S)
    assert select, "the start page offers no list of names"
    return {
        name: value
        for value, name in re.findall(r'<option value="(\d+)">([^<]*)</option>', select[0])
    }


def pick(client, code: str, name: str | None, headers=None):
    """Start the class assignment under a name of its class list (None: the name this browser
    holds); the response, a 303 when the start succeeded."""
    shown = client.get(f"/join/{code}", headers=headers or {})
    if shown.status_code != 200:
        return shown  # no start form: the refusal itself
    page = shown.get_data(as_text=True)
    data = {"csrf_token": csrf_token(page)}
    if name is not None:
        data["entry"] = name_choices(page)[name]
    else:
        data["entry"] = re.search(r'name="entry" value="(\d+)"', page)[1]
    return client.post(f"/join/{code}", data=data, headers=headers or {})


def choose(client, url: str, choice, htmx=False):
    """Answer the question at `url` with option `choice`."""
    page = client.get(url).get_data(as_text=True)
    return client.post(
        url,
        data={"csrf_token": csrf_token(page), "choice": choice},
        headers=HTMX if htmx else {},
    )


def stored(app, public_id: str) -> Attempt:
    """The attempt as the database holds it, its answers loaded."""
    with app.app_context():
        attempt = db.session.scalar(db.select(Attempt).filter_by(public_id=public_id))
        attempt.answers  # noqa: B018 - load them before the session closes
        return attempt
