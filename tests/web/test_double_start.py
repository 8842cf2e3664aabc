"""Starting is idempotent per form (issue 12, finding 10): a double click on Start, or the same
form sent again, makes one attempt, and every submit lands on it. Run on SQLite and, with
QUIZ_TEST_POSTGRES=1, on PostgreSQL."""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Attempt
from tests.support.pages import csrf_token
from tests.support.teacher import TeacherActions


def start_form(client, url: str) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page)
    assert token, "the start form carries a one-time token"
    return {"csrf_token": csrf_token(page), "start_token": token[1], "display_name": "Ana"}


def attempts_in(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Attempt))


def test_the_same_start_form_sent_twice_makes_one_attempt(app, client):
    form = start_form(client, "/quizzes/warm-up/start")
    first = client.post("/quizzes/warm-up/start", data=form)
    second = client.post("/quizzes/warm-up/start", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert attempts_in(app) == 1
    assert client.get(first.headers["Location"]).status_code == 200
    again = start_form(client, "/quizzes/warm-up/start")  # a new form: a new attempt
    assert (
        client.post("/quizzes/warm-up/start", data=again).headers["Location"]
        != (first.headers["Location"])
    )
    assert attempts_in(app) == 2


def submit(client, url: str, form: dict, barrier, locations: list) -> None:
    barrier.wait()
    response = client.post(url, data=form)
    locations.append((response.status_code, response.headers.get("Location")))


def race(app, url: str, rounds: int) -> list[tuple[list[str], dict]]:
    """`rounds` double clicks: each a fresh browser that loads the form, then two requests with
    the same cookie and form, released together."""
    results = []
    for _ in range(rounds):
        browser = app.test_client()
        form = start_form(browser, url)
        cookie = browser.get_cookie("session").value
        clicks = [app.test_client() for _ in range(2)]
        for click in clicks:
            click.set_cookie("session", cookie)
        barrier, locations = threading.Barrier(2), []
        threads = [
            threading.Thread(target=submit, args=(c, url, form, barrier, locations)) for c in clicks
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        results.append((locations, form))
    return results


def test_racing_double_clicks_on_start_each_make_one_attempt(app):
    rounds = race(app, "/quizzes/warm-up/start", 10)
    for locations, _form in rounds:
        assert [status for status, _ in locations] == [303, 303]
        assert locations[0][1] == locations[1][1]
    assert attempts_in(app) == 10


def test_racing_double_clicks_on_a_class_assignment_make_one_attempt_each(app):
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    code = teacher.join_code(teacher.create_assignment())
    rounds = race(app, f"/join/{code}", 8)
    for locations, _form in rounds:
        assert [status for status, _ in locations] == [303, 303]
        assert locations[0][1] == locations[1][1]
    assert attempts_in(app) == 8
