"""Answers recorded before Flask (quiz.fastanswers): the common answer takes the fast path, and
every request Flask would refuse or treat otherwise goes on to Flask, which answers it exactly
as before, with nothing stored by the fast path."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from flask import request
from itsdangerous import URLSafeTimedSerializer
from werkzeug.test import EnvironBuilder, run_wsgi_app

from quiz.fastanswers import FORM, AnswerPosts
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.student import join, start, stored


def count_posts(app) -> list[dict]:
    """The answers that reach the question view from now on: a fast answer never does."""
    posts: list[dict] = []
    view = app.view_functions["quiz.question"]

    def counted(**arguments):
        if request.method == "POST":
            posts.append(arguments)
        return view(**arguments)

    app.view_functions["quiz.question"] = counted
    return posts


@pytest.fixture
def flask_view(app):
    return count_posts(app)


def started(client) -> tuple[str, str, str]:
    """A fresh attempt of this browser: its public id, its first question's URL, a token."""
    public_id = public_id_of(start(client))
    url = f"/attempts/{public_id}/questions/1"
    return public_id, url, csrf_token(client.get(url).get_data(as_text=True))


def chosen(app, public_id: str) -> list[int | None]:
    return [answer.chosen_index for answer in stored(app, public_id).answers]


def test_an_answer_to_your_own_quiz_is_recorded_before_flask(app, client, flask_view):
    public_id, url, token = started(client)
    response = client.post(url, data={"csrf_token": token, "choice": 2})
    assert response.status_code == 303
    assert response.headers["Location"] == url
    assert response.headers["Vary"] == "Cookie"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers
    assert flask_view == []
    assert chosen(app, public_id)[0] == 2
    assert 'class="verdict"' in client.get(url).get_data(as_text=True)  # its feedback follows


@pytest.mark.parametrize(
    "data, status",
    [
        ({"choice": 0}, 400),  # no token
        ({"csrf_token": "forged", "choice": 0}, 400),
        ({"csrf_token": "TOKEN"}, 400),  # no choice: the question again, with a message
        ({"csrf_token": "TOKEN", "choice": "B"}, 400),
        ({"csrf_token": "TOKEN", "choice": -1}, 400),
        ({"csrf_token": "TOKEN", "choice": 99}, 400),
    ],
)
def test_a_post_flask_would_refuse_reaches_flask(app, client, data, status):
    public_id, url, token = started(client)
    data = {name: token if value == "TOKEN" else value for name, value in data.items()}
    assert client.post(url, data=data).status_code == status
    assert chosen(app, public_id)[0] is None


def test_the_body_read_before_flask_is_handed_back(app, client, flask_view):
    """A choice Flask reads as a number but the fast path does not take (" 1"): Flask gets
    the whole form and records it."""
    public_id, url, token = started(client)
    assert client.post(url, data={"csrf_token": token, "choice": " 1"}).status_code == 303
    assert len(flask_view) == 1
    assert chosen(app, public_id)[0] == 1


def test_another_browsers_token_or_attempt_is_refused(app, client, flask_view):
    public_id, url, _ = started(client)
    stranger = app.test_client()
    _, _, strangers_token = started(stranger)
    # the stranger's own valid token, on an attempt that is not theirs: 403
    assert stranger.post(url, data={"csrf_token": strangers_token, "choice": 0}).status_code == 403
    # the owner's cookie with the stranger's token: not this session's, 400
    assert client.post(url, data={"csrf_token": strangers_token, "choice": 0}).status_code == 400
    assert len(flask_view) == 1  # (CSRFProtect refused the other before the view)
    assert chosen(app, public_id)[0] is None


def test_a_tampered_session_cookie_is_refused(app, client):
    public_id, url, token = started(client)
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + ("AA" if cookie.value[-2:] != "AA" else "BB"))
    assert client.post(url, data={"csrf_token": token, "choice": 0}).status_code == 400
    assert chosen(app, public_id)[0] is None


def test_an_expired_token_is_refused_when_tokens_expire(app, client):
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    public_id, url, token = started(client)

    class HoursAgo(URLSafeTimedSerializer.default_signer):
        def get_timestamp(self):
            return int(time.time()) - 7200

    with client.session_transaction() as session:  # its secret, signed as Flask-WTF does, 2 h ago
        secret = session["csrf_token"]
    old = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token", signer=HoursAgo)
    assert client.post(url, data={"csrf_token": old.dumps(secret), "choice": 0}).status_code == 400
    assert chosen(app, public_id)[0] is None
    assert client.post(url, data={"csrf_token": token, "choice": 0}).status_code == 303


def test_a_cookie_and_token_checked_before_still_expire(app, client, monkeypatch):
    """Their signatures are checked once per process (fastanswers.unsigned), their age on
    every answer: two hours on, the fast path declines each (it answers only 303s) and Flask
    refuses it."""
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    public_id, url, token = started(client)
    assert client.post(url, data={"csrf_token": token, "choice": 0}).status_code == 303
    url = f"/attempts/{public_id}/questions/2"
    later = time.time() + 7200
    monkeypatch.setattr("quiz.fastanswers.time.time", lambda: later)  # (Flask's clock too)
    assert client.post(url, data={"csrf_token": token, "choice": 1}).status_code == 400
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # the token never expires: the cookie's age now
    app.permanent_session_lifetime = 3600
    assert client.post(url, data={"csrf_token": token, "choice": 1}).status_code == 400
    assert chosen(app, public_id)[:2] == [0, None]


def test_over_https_the_referrer_must_be_this_site(app, client, flask_view):
    https = "https://localhost"
    public_id, url, token = started(client)
    data = {"csrf_token": token, "choice": 1}
    assert client.post(url, data=data, base_url=https).status_code == 400  # no Referer
    elsewhere = {"Referer": "https://evil.example/page"}
    assert client.post(url, data=data, base_url=https, headers=elsewhere).status_code == 400
    assert chosen(app, public_id)[0] is None
    here = {"Referer": f"{https}{url}"}
    response = client.post(url, data=data, base_url=https, headers=here)
    assert response.status_code == 303 and flask_view == []
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert chosen(app, public_id)[0] == 1


def test_htmx_answers_and_refusals_are_flasks(app, client, flask_view):
    public_id, url, token = started(client)
    response = client.post(url, data={"csrf_token": token, "choice": 0}, headers=HTMX)
    assert response.status_code == 200 and 'id="panel"' in response.get_data(as_text=True)
    again = client.post(url, data={"csrf_token": token, "choice": 1})  # answered already
    assert again.status_code == 409
    later = client.post(
        f"/attempts/{public_id}/questions/3", data={"csrf_token": token, "choice": 0}
    )
    assert later.status_code == 409  # not the current question
    assert len(flask_view) == 3
    assert chosen(app, public_id)[:3] == [0, None, None]


def test_with_csrf_off_every_answer_is_flasks(make_app):
    app = make_app(WTF_CSRF_ENABLED=False)
    calls = count_posts(app)
    client = app.test_client()
    public_id = public_id_of(client.post("/quizzes/warm-up/start", data={"display_name": "Ana"}))
    url = f"/attempts/{public_id}/questions/1"
    assert client.post(url, data={"choice": 0}).status_code == 303
    assert len(calls) == 1 and chosen(app, public_id)[0] == 0


def test_the_last_answer_of_an_assessment_goes_to_the_submitted_page(app, teacher, flask_view):
    student = app.test_client()
    public_id = public_id_of(join(student, teacher.join_code(teacher.create_assessment()), "Ana"))
    total = len(stored(app, public_id).answers)
    for position in range(1, total + 1):
        url = f"/attempts/{public_id}/questions/{position}"
        token = csrf_token(student.get(url).get_data(as_text=True))
        response = student.post(url, data={"csrf_token": token, "choice": 0})
        assert response.status_code == 303
    assert response.headers["Location"] == f"/attempts/{public_id}/results"
    assert flask_view == []
    assert student.get(response.headers["Location"]).status_code == 200


# -- the same request with and without the fast path: the same answer, the same record ------
def without_fast_path(app):
    """The same app with AnswerPosts taken out of its WSGI chain (LivePolls → PageCache)."""
    assert isinstance(app.wsgi_app.inner, AnswerPosts)
    app.wsgi_app.inner = app.wsgi_app.inner.inner
    return app


def form_body(token: str) -> bytes:
    return f"csrf_token={quote(token)}&choice=1".encode()


def raw_post(app, path: str, body: bytes, cookie: str, **environ) -> str:
    """POST with a WSGI environ as a server could build it (each key of `environ` set in it)."""
    built = EnvironBuilder(path=path, method="POST", data=body, content_type=FORM)
    wsgi_environ = {**built.get_environ(), "HTTP_COOKIE": cookie, **environ}
    _, status, _ = run_wsgi_app(app, wsgi_environ, buffered=True)
    return status


ODD_REQUESTS = {
    "a cookie that is not UTF-8 beside the session": lambda url, body, cookie: dict(
        HTTP_COOKIE=cookie + "; other=\xff"
    ),
    "a body shorter than its Content-Length": lambda url, body, cookie: dict(
        CONTENT_LENGTH=str(len(body) + 50)
    ),
    "a Content-Length that is not plain digits": lambda url, body, cookie: dict(
        CONTENT_LENGTH=f"+{len(body)}"
    ),
    "chunked as well as a Content-Length": lambda url, body, cookie: dict(
        HTTP_TRANSFER_ENCODING="chunked"
    ),
    "a no-break space before the Content-Type": lambda url, body, cookie: dict(
        CONTENT_TYPE="\xa0" + FORM
    ),
    "a position too large for the database": lambda url, body, cookie: dict(
        PATH_INFO=url[:-1] + "9" * 30
    ),
}


@pytest.mark.parametrize("odd", ODD_REQUESTS)
def test_an_odd_request_gets_what_flask_alone_gives_it(make_app, odd):
    seen = {}
    for fast in (True, False):
        app = make_app(TESTING=False)
        if not fast:
            without_fast_path(app)
        client = app.test_client()
        public_id, url, token = started(client)
        body = form_body(token)
        cookie = f"session={client.get_cookie('session').value}"
        status = raw_post(app, url, body, cookie, **ODD_REQUESTS[odd](url, body, cookie))
        seen[fast] = (status, chosen(app, public_id)[0])
    assert seen[True] == seen[False]
    assert not seen[True][0].startswith("5")


def test_a_lower_max_content_length_is_followed(app, client):
    public_id, url, token = started(client)
    app.config["MAX_CONTENT_LENGTH"] = 50  # (the answer's body is about 140 bytes)
    assert client.post(url, data={"csrf_token": token, "choice": 0}).status_code == 413
    assert chosen(app, public_id)[0] is None


def test_the_hooks_the_fast_path_stands_in_for_are_the_only_ones(app):
    """Flask's hooks before a view, which an answer before Flask does not run: CSRFProtect's
    (checked here the same way), the limiter's (an answer of your own is exempt) and the
    content's refresh (an answer reads no content). A new hook must be looked at here."""
    hooks = [getattr(f, "__name__", repr(f)) for f in app.before_request_funcs[None]]
    assert "csrf_protect" in hooks  # (the limiter's is there only with the limits on)
    assert set(hooks) <= {"csrf_protect", "_check_request_limit", "refresh_if_changed"}
    assert app.url_value_preprocessors == {}
