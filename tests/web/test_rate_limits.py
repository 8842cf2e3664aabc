"""Rate limits on join, start and login (issue 12, finding 4): per address and per session,
a friendly 429 that says when to retry (and Retry-After), unknown and closed join codes alike.
Every other test runs with the limits off (tests/conftest.py); these turn them on, small."""

from __future__ import annotations

from flask import Flask

from quiz import config, limits
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.student import start, stored
from tests.support.teacher import TeacherActions


def limited_app(make_app, **rates):
    return make_app(RATELIMIT_ENABLED=True, RATE_LIMITS=rates)


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def assert_told_when_to_retry(response):
    assert response.status_code == 429
    wait = int(response.headers["Retry-After"])
    assert 1 <= wait <= 61  # a one-minute window
    html = response.get_data(as_text=True)
    assert "Too many tries in a short time. Wait" in html and "then try again" in html


def test_guessing_join_codes_is_stopped_per_address(make_app):
    app = limited_app(make_app, **{limits.UNKNOWN_CODE: "5 per minute"})
    guesser = app.test_client()
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE"]:
        assert guesser.get(f"/join/{guess}").status_code == 404
    refused = guesser.get("/join/FFFFFF")
    assert_told_when_to_retry(refused)
    assert "<html" in refused.get_data(as_text=True)  # a whole page
    fragment = guesser.get("/join/GGGGGG", headers=HTMX)  # htmx gets the fragment
    assert fragment.status_code == 429 and "<html" not in fragment.get_data(as_text=True)
    assert "Retry-After" in fragment.headers
    # the school next door is not affected
    assert app.test_client().get("/join/HHHHHH", **from_address("198.51.100.7")).status_code == 404


def test_typing_a_real_code_does_not_count_as_guessing(make_app):
    app = limited_app(make_app, **{limits.UNKNOWN_CODE: "2 per minute"})
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    code = teacher.join_code(teacher.create_assignment())
    student = app.test_client()
    for _ in range(5):
        assert student.get(f"/join/{code}").status_code == 200


def test_a_school_locked_out_by_typos_still_joins_with_the_right_code(make_app):
    app = limited_app(make_app, **{limits.UNKNOWN_CODE: "3 per minute"})
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    code = teacher.join_code(teacher.create_assignment())
    typist = app.test_client()
    for guess in ["AAAAAA", "BBBBBB", "CCCCCC"]:
        assert typist.get(f"/join/{guess}").status_code == 404
    assert typist.get("/join/DDDDDD").status_code == 429  # guessing stays stopped
    assert app.test_client().get(f"/join/{code}").status_code == 200  # the class gets in


def test_one_session_cannot_flood_attempts(make_app):
    app = limited_app(make_app, **{limits.START_SESSION: "3 per minute"})
    browser = app.test_client()
    for _ in range(3):
        assert start(browser).status_code == 303
    assert_told_when_to_retry(start(browser))
    replayed = app.test_client()  # the same cookie replayed from elsewhere counts the same
    replayed.set_cookie("session", browser.get_cookie("session").value)
    assert start(replayed, headers={}).status_code == 429
    assert start(app.test_client()).status_code == 303  # another student at the same school


def test_one_address_has_a_ceiling_on_new_attempts(make_app):
    app = limited_app(make_app, **{limits.START: "4 per minute"})
    for _ in range(4):
        assert start(app.test_client()).status_code == 303
    assert start(app.test_client()).status_code == 429
    other = app.test_client()
    page = other.get("/quizzes/warm-up/start", **from_address("198.51.100.7"))
    response = other.post(
        "/quizzes/warm-up/start",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "display_name": "Ana"},
        **from_address("198.51.100.7"),
    )
    assert response.status_code == 303


def test_login_attempts_are_limited_per_address(make_app):
    app = limited_app(make_app, **{limits.LOGIN: "3 per minute"})
    teacher = TeacherActions(app).create_account()
    for _ in range(3):
        assert TeacherActions(app).log_in(password="wrong password!").status_code == 401
    assert_told_when_to_retry(TeacherActions(app).log_in())
    assert teacher.log_in(**from_address("198.51.100.7")).status_code == 303


def test_the_default_limits_let_a_whole_class_start_from_one_school_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    code = teacher.join_code(teacher.create_assignment())
    for n in range(40):
        student = app.test_client()
        assert student.get(f"/join?code={code}").status_code == 303
        page = student.get(f"/join/{code}").get_data(as_text=True)
        started = student.post(
            f"/join/{code}", data={"csrf_token": csrf_token(page), "display_name": f"S{n}"}
        )
        assert started.status_code == 303, n


def test_the_storage_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379")
    app = Flask(__name__)
    config.configure(app, {"SECRET_KEY": "x"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379"
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    fresh = Flask(__name__)
    config.configure(fresh, {"SECRET_KEY": "x"})
    assert fresh.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_answers_go_through_a_limit_on_every_page(make_app):
    """A class's answers to their own attempts are never limited (each is CSRF-checked), even
    where an operator limits every page; a stranger's posts to them are."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_APPLICATION="4 per minute")
    student = app.test_client()
    public_id = public_id_of(start(student))
    url = f"/attempts/{public_id}/questions"
    token = csrf_token(student.get(f"{url}/1").get_data(as_text=True))
    total = stored(app, public_id).total  # 4, after the 2 requests above: past the limit
    for position in range(1, total + 1):
        answered = student.post(f"{url}/{position}", data={"csrf_token": token, "choice": 0})
        assert answered.status_code == 303
    assert stored(app, public_id).finished_at is not None
    pages = [student.get(f"/attempts/{public_id}/results").status_code for _ in range(4)]
    assert 429 in pages  # while the limit holds every other page
    stranger = app.test_client()  # from another address, posting to someone else's attempt
    elsewhere = from_address("198.51.100.7")
    theirs = csrf_token(stranger.get("/quizzes/warm-up/start", **elsewhere).get_data(as_text=True))
    posts = [
        stranger.post(f"{url}/1", data={"csrf_token": theirs, "choice": 0}, **elsewhere)
        for _ in range(4)
    ]
    assert [p.status_code for p in posts] == [403, 403, 403, 429]
