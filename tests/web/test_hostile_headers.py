"""No request header or cookie may cause a 500 (issue 12, finding 7): every GET route, fuzzed
with hostile headers and cookies, as a visitor and as a logged-in teacher.

Headers go in through the WSGI environ, as a server hands them over: one character per byte
(latin-1), so any byte a client sends, valid UTF-8 or not, can be tried."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.pages import public_id_of
from tests.support.student import start
from tests.support.teacher import TeacherActions

HEADERS = [
    "Cookie",
    "Accept-Language",
    "Accept-Encoding",
    "Accept",
    "HX-Request",
    "HX-Boosted",
    "HX-History-Restore-Request",
    "HX-Current-URL",
    "HX-Target",
    "HX-Trigger",
    "HX-Trigger-Name",
    "HX-Prompt",
    "If-None-Match",
    "If-Modified-Since",
    "Range",
    "Referer",
    "User-Agent",
    "X-Forwarded-Proto",
    "X-Forwarded-For",
    "Content-Type",
]
# Any byte but CR and LF (which cannot be inside one header line), as a WSGI server passes it.
raw_bytes = st.binary(max_size=60).map(
    lambda b: b.replace(b"\r", b"").replace(b"\n", b"").decode("latin-1")
)
values = st.one_of(
    raw_bytes,
    st.text(max_size=40).map(lambda s: s.encode("utf-8", "replace").decode("latin-1")),
    st.sampled_from(
        [
            "",
            "true",
            "false",
            "lang=\xff\xfe",  # not UTF-8: used to be a 500 on every URL
            "lang=fr\xc3",
            'lang="\\377"; session=\xff',
            "session=garbage.garbage.garbage",
            "session=" + "A" * 5000,
            "lang=" + "fr," * 3000,
            "fr;q=2, *;q=-1, en;q=nan",
            "x" * 8000 + ";q=0.5",
            ";;;,,,=;q=",
            "*",
            "zh-Hant-TW-u-ca-chinese;q=0.9, \xff;q=1",
            "bytes=0-0,-1",
            'W/"\xff"',
            "Thu, 01 Jan 1970 00:00:00 GMT\xff",
        ]
    ),
    st.integers(0, 20000).map(lambda n: "é" * n),  # huge
)
headers = st.dictionaries(st.sampled_from(HEADERS), values, max_size=6)


def get_routes(app, attempt: str, assignment_id: int) -> list[str]:
    samples = {
        "filename": "css/app.css",
        "code": "fr",
        "event_id": "treaty-signed",
        "preset_id": "warm-up",
        "public_id": attempt,
        "position": "1",
        "assignment_id": str(assignment_id),
        "attempt_id": "1",  # the only attempt: not in the assignment, so a 404, never a 500
        "live_id": "1",  # no live session: a 404
        "entry_id": "1",  # no class list: a 404
    }
    routes = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        routes.append(
            re.sub(r"<(?:[^:>]+:)?([^>(]+)(?:\([^)]*\))?>", lambda m: samples[m[1]], rule.rule)
        )
    return sorted(routes)


@pytest.fixture
def scene(app):
    """A student with an attempt and a logged-in teacher with an assignment; the cookies that
    prove each, to put in front of the hostile ones."""
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    assignment_id = teacher.create_assignment()
    student = app.test_client()
    attempt = public_id_of(start(student))
    cookies = {
        "student": _session_cookie(student),
        "teacher": _session_cookie(teacher.client),
        "stranger": "",
    }
    return get_routes(app, attempt, assignment_id), cookies


def _session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return f"session={cookie.value}"


def environ_of(sent: dict[str, str], own_cookie: str) -> dict[str, str]:
    environ = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in sent.items()}
    if own_cookie:
        hostile = environ.get("HTTP_COOKIE")
        environ["HTTP_COOKIE"] = f"{own_cookie}; {hostile}" if hostile else own_cookie
    return environ


FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(data=st.data(), sent=headers, who=st.sampled_from(["stranger", "student", "teacher"]))
@FUZZ
def test_no_header_or_cookie_makes_any_get_route_a_500(app, scene, data, sent, who):
    routes, cookies = scene
    route = data.draw(st.sampled_from(routes), label="route")
    client = app.test_client(use_cookies=False)
    response = client.get(route, environ_overrides=environ_of(sent, cookies[who]))
    assert response.status_code < 500, (route, sent, response.status_code)


@pytest.mark.parametrize(
    "cookie", ["lang=\xff\xfe", "lang=fr\xc3", "\xff=\xff", "session=\xe9\xff; lang=en"]
)
@pytest.mark.parametrize("url", ["/", "/quizzes", "/events/treaty-signed", "/no-such-page"])
def test_a_cookie_that_is_not_utf8_is_read_past(app, url, cookie):
    """The red team's reproduction: these gave a 500 on every URL (the page cache, i18n, and
    the error page itself all parsed the cookie)."""
    client = app.test_client(use_cookies=False)
    response = client.get(url, environ_overrides={"HTTP_COOKIE": cookie})
    assert response.status_code in (200, 404), response.status_code


def test_a_language_cookie_is_still_honoured_beside_bad_bytes(app):
    client = app.test_client(use_cookies=False)
    page = client.get("/", environ_overrides={"HTTP_COOKIE": "junk=\xff; lang=fr"})
    assert '<html lang="fr">' in page.get_data(as_text=True)
