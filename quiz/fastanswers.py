"""Students' answers to their own quizzes, posted without htmx, recorded before Flask.

A class sends every answer within seconds. Through Flask such an answer (recorded, then a
redirect to its feedback) spent more of its time in the framework than in its two UPDATEs
and commit: the contexts, opening the session, CSRFProtect's form parsing, the rate
limiter's lookup, the response object. Here it is the checks Flask makes, the same recording
(answer_if_allowed) and a bodiless 303, with the same security headers.

The checks are Flask's and Flask-WTF's, on their own settings: the signed session cookie
(the app's serializer, the session lifetime) lists the attempt as this browser's; the form's
CSRF token is the session's, signed with WTF_CSRF_SECRET_KEY (or SECRET_KEY) within
WTF_CSRF_TIME_LIMIT; over HTTPS with WTF_CSRF_SSL_STRICT, the Referer is this host. Such an
answer is exempt from the rate limits in Flask too (views.quiz.answering_my_own).

Anything else goes on to Flask unchanged (a body read here is handed back): another route or
method, htmx, a teacher's session, a session without its learner id (Flask adds one), a
token that fails, a body that is not the answer form, a refused answer (nothing was stored:
Flask tries again and says why), a database error, or a setting this path does not follow
(CSRF off, TRUSTED_HOSTS, SERVER_NAME, SESSION_REFRESH_EACH_REQUEST)."""

from __future__ import annotations

import functools
import hmac
import io
import re
import time
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import same_origin
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_options_header
from werkzeug.routing import MapAdapter
from werkzeug.sansio.http import parse_cookie
from werkzeug.wsgi import get_content_length, get_host

from . import models
from .htmx import page_or_fragment_key
from .security import security_headers
from .services import review
from .services.attempts import PUBLIC_ID, EndedFirst, Practice, answer_if_allowed
from .views.quiz import LEARNER, MY_ATTEMPTS

ENDPOINT = "quiz.question"
FORM = "application/x-www-form-urlencoded"
MOST_BYTES = 2048  # the answer form is a token and a number: about 140 bytes
NUMBER = re.compile(r"[0-9]{1,3}")  # what int() reads the same way everywhere (no sign, space, _)


class AnswerPosts:
    def __init__(self, app: Flask, inner):
        self.app = app
        self.inner = inner
        self._csrf: tuple[Any, URLSafeTimedSerializer] | None = None  # (secret, serializer)

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or not self.followed():
            return self.inner(environ, start_response)
        urls = self.app.url_map.bind_to_environ(
            environ,
            subdomain=self.app.url_map.default_subdomain or "",  # as Flask binds it
        )
        answer = self.read(environ, urls)
        if answer is None:
            return self.inner(environ, start_response)
        public_id, position, choice, learner = answer
        try:
            with self.app.app_context():
                recorded = answer_if_allowed(
                    public_id,
                    position,
                    choice,
                    models.utcnow(),
                    practice=Practice(learner, review.review),
                )
        except (EndedFirst, SQLAlchemyError):
            recorded = None  # (nothing committed: Flask's try either records it or says why)
        if recorded is None:
            return self.inner(environ, start_response)
        if recorded.goes_to_results:
            location = urls.build("quiz.results", {"public_id": public_id})
        else:
            location = urls.build(ENDPOINT, {"public_id": public_id, "position": position})
        secure = environ.get("wsgi.url_scheme") == "https"
        start_response(
            "303 SEE OTHER",
            [
                ("Location", location),
                ("Content-Length", "0"),
                ("Vary", "Cookie"),
                *security_headers(secure),
            ],
        )
        return [b""]

    def followed(self) -> bool:
        """Does this app run with the settings whose checks this path makes?"""
        config = self.app.config
        return bool(
            config["WTF_CSRF_ENABLED"]
            and config["WTF_CSRF_CHECK_DEFAULT"]
            and "POST" in config["WTF_CSRF_METHODS"]
            and config["TRUSTED_HOSTS"] is None
            and config["SERVER_NAME"] is None
            and not self.app.url_map.host_matching
            and not self.app.subdomain_matching
            and not config["SESSION_REFRESH_EACH_REQUEST"]
            and type(self.app.session_interface).open_session
            is SecureCookieSessionInterface.open_session
        )

    def read(self, environ, urls: MapAdapter) -> tuple[str, int, int, str] | None:
        """(public id, position, choice, learner id) of an answer Flask would record from this
        request, or None. The body, if read, is put back for Flask."""
        if any(page_or_fragment_key(environ)):
            return None  # htmx: the answer's feedback is rendered by Flask
        try:
            endpoint, arguments = urls.match(method="POST")
        except HTTPException:
            return None
        if endpoint != ENDPOINT:
            return None
        session = self.session(environ)
        public_id = arguments["public_id"]
        if (
            session is None
            or public_id not in session.get(MY_ATTEMPTS, [])
            or "_user_id" in session  # a teacher's: Flask-Login looks after it
            or "_remember" in session
            or not PUBLIC_ID.match(learner := session.get(LEARNER) or "")
        ):
            return None
        form = self.form(environ)
        if form is None:
            return None
        choice = form.get("choice", "")
        if not NUMBER.fullmatch(choice) or not self.csrf_valid(environ, session, form):
            return None
        return public_id, arguments["position"], int(choice), learner

    def session(self, environ) -> dict | None:
        """The session as Flask opens it (SecureCookieSessionInterface.open_session)."""
        app = self.app
        sessions = app.session_interface
        # (the same object for each set of keys: security.SecureOverHttpsSessions)
        serializer = sessions.get_signing_serializer(app)  # type: ignore[attr-defined]
        cookie = parse_cookie(environ.get("HTTP_COOKIE")).get(sessions.get_cookie_name(app))
        if serializer is None or not cookie:
            return None
        try:
            data = unsigned(serializer, cookie, int(app.permanent_session_lifetime.total_seconds()))
        except BadData:
            return None
        return data if isinstance(data, dict) else None

    def form(self, environ) -> dict[str, str] | None:
        """The first value of each field of a small urlencoded body (as request.form.get
        reads them), the body put back for Flask; None for any other body."""
        mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()
        if mimetype != FORM or "HTTP_TRANSFER_ENCODING" in environ:
            return None
        length = get_content_length(environ)  # (Werkzeug's reading: 0 if not plain digits)
        limit = self.app.config["MAX_CONTENT_LENGTH"]
        if not length or length > MOST_BYTES or (limit is not None and length > limit):
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        if len(body) != length:
            return None  # the client went away: Flask says so
        try:
            fields = parse_qsl(body.decode(), keep_blank_values=True)
        except UnicodeDecodeError:
            return None
        first: dict[str, str] = {}
        for name, value in fields:
            first.setdefault(name, value)
        return first

    def csrf_valid(self, environ, session: dict, form: dict[str, str]) -> bool:
        """Flask-WTF's CSRFProtect.protect on the form's token, where it would pass."""
        config = self.app.config
        token = form.get(config["WTF_CSRF_FIELD_NAME"])
        expected = session.get(config["WTF_CSRF_FIELD_NAME"])
        if not token or not isinstance(expected, str):
            return False
        try:
            signed = unsigned(self.csrf_serializer(), token, config["WTF_CSRF_TIME_LIMIT"])
        except BadData:
            return False
        if not isinstance(signed, str) or not signed.isascii():
            return False
        if not hmac.compare_digest(expected, signed):
            return False
        if environ.get("wsgi.url_scheme") == "https" and config["WTF_CSRF_SSL_STRICT"]:
            referrer = environ.get("HTTP_REFERER")
            try:
                return bool(referrer) and same_origin(referrer, f"https://{get_host(environ)}/")
            except ValueError:  # a port out of range: Flask-WTF's own check fails on it too
                return False
        return True

    def csrf_serializer(self) -> URLSafeTimedSerializer:
        """Flask-WTF's, built once per secret instead of on every answer (and so the same
        object each time, which `unsigned` remembers values by)."""
        secret = self.app.config.get("WTF_CSRF_SECRET_KEY", self.app.secret_key)
        if not secret:
            raise BadData("no secret key")  # (Flask-WTF refuses to start such a check too)
        built = self._csrf
        if built is None or built[0] != secret:
            built = self._csrf = (secret, URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        return built[1]


@functools.lru_cache(maxsize=4096)
def _checked(serializer: URLSafeTimedSerializer, value: str):
    return serializer.loads(value, return_timestamp=True)  # (a bad signature is not cached)


def unsigned(serializer: URLSafeTimedSerializer, value: str, max_age: int | None):
    """`serializer.loads(value, max_age=max_age)`, the signature checked once per process: a
    phone sends the same session cookie and CSRF token with each of its answers, and checking
    the two signatures cost about a tenth of an answer's time (py-spy, 4 December). The age is
    checked on every use, as itsdangerous checks it. Values are remembered by serializer
    object, so a new serializer (a new secret) checks every value anew. What it returns is
    shared: read it only."""
    data, signed_at = _checked(serializer, value)
    if max_age is not None:
        age = int(time.time()) - int(signed_at.timestamp())
        if age > max_age or age < 0:
            raise SignatureExpired(f"Signature age {age} is out of range")
    return data
