"""Security by default: CSRF on every POST, escaping everywhere, headers, and fuzzing every form
endpoint with arbitrary fields and values (never a 500)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.pages import csrf_token, public_id_of
from tests.support.student import start, stored
from tests.support.teacher import TeacherActions

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = [
    "csrf_token",
    "display_name",
    "class_code",
    "choice",
    "code",
    "email",
    "password",
    "title",
    "preset",
    "due",
    "q",
    "category",
    "year",
]
texts = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "2024-02-30",
            "warm-up",
            "../../etc/passwd",
        ]
    ),
)
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=12)), texts, max_size=6)


def post_routes(app) -> list[str]:
    return sorted(
        re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods
    )


def test_every_post_route_refuses_a_missing_csrf_token(app, client):
    routes = post_routes(app)
    assert len(routes) >= 7
    for route in routes:
        response = client.post(route, data={"display_name": "x", "choice": "0"})
        assert response.status_code == 400, route
        assert "expired" in response.get_data(as_text=True), route


def test_a_token_from_another_session_is_refused(app, client):
    token = csrf_token(app.test_client().get("/quizzes/warm-up/start").get_data(as_text=True))
    client.get("/quizzes/warm-up/start")
    response = client.post(
        "/quizzes/warm-up/start", data={"csrf_token": token, "display_name": "Ana"}
    )
    assert response.status_code == 400


def test_script_in_a_content_file_comes_out_escaped(make_app, content_dir):
    event = content_dir / "events" / "2024-06-19-treaty-signed.md"
    event.write_text(
        event.read_text().replace(
            "title: Partnership treaty signed in Pyongyang",
            'title: "<img src=x onerror=alert(1)> treaty"',
        )
    )
    client = make_app(CONTENT_DIR=str(content_dir)).test_client()
    for url in ["/", "/events/treaty-signed", "/timeline.json"]:
        html = client.get(url).get_data(as_text=True)
        assert "<img src=x" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg" in html, url


def test_script_in_a_class_code_is_refused_and_escaped(client):
    response = start(client, class_code="<script>x</script>")
    assert response.status_code == 400
    html = response.get_data(as_text=True).lower()  # codes are shown upper-cased
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_headers_and_secure_cookies_over_https(app):
    client = app.test_client()
    plain = client.get("/quizzes/warm-up/start")
    assert "Secure" not in plain.headers["Set-Cookie"]
    secure = app.test_client().get("/quizzes/warm-up/start", base_url="https://localhost")
    assert "Secure" in secure.headers["Set-Cookie"]
    assert "HttpOnly" in secure.headers["Set-Cookie"]
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
    ):
        assert name in plain.headers


def test_security_headers_forbid_inline_code_and_framing(client):
    headers = client.get("/").headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"


# -- fuzzing -----------------------------------------------------------------------------------
def assert_not_a_server_error(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"


@given(query=forms)
@example(query={"year": " "})  # blank passes Optional() and reached int(): a 500
@FUZZ
def test_fuzz_timeline_and_join_queries(client, query):
    for url in ["/", "/join"]:
        assert_not_a_server_error(client.get(url, query_string=query), url)


@given(data=forms, with_token=st.booleans())
@FUZZ
def test_fuzz_start_form(client, data, with_token):
    if with_token:
        data["csrf_token"] = csrf_token(client.get("/quizzes/warm-up/start").get_data(as_text=True))
    response = client.post("/quizzes/warm-up/start", data=data)
    assert_not_a_server_error(response, "start")
    if response.status_code == 307:  # a class code: follow it like a browser would
        assert_not_a_server_error(client.post(response.headers["Location"], data=data), "join")


@pytest.fixture
def attempt(app, client):
    return public_id_of(start(client))


@given(data=forms, position=st.integers(-3, 10**12))
@example(data={"choice": str(2**63)}, position=1)  # past SQLite's integer: was a 500
@FUZZ
def test_fuzz_answer_form(app, client, attempt, data, position):
    data["csrf_token"] = csrf_token(client.get("/quizzes/warm-up/start").get_data(as_text=True))
    response = client.post(f"/attempts/{attempt}/questions/{position}", data=data)
    assert_not_a_server_error(response, "answer")
    assert stored(app, attempt).score <= stored(app, attempt).total


@given(data=forms)
@FUZZ
def test_fuzz_teacher_forms(app, data):
    teacher = TeacherActions(app).create_account("fuzz@school.org")
    client = teacher.client
    token = csrf_token(client.get("/teacher/login").get_data(as_text=True))
    assert_not_a_server_error(
        client.post("/teacher/login", data={**data, "csrf_token": token}), "login"
    )
    teacher.log_in("fuzz@school.org")
    token = csrf_token(client.get("/teacher/").get_data(as_text=True))
    assert_not_a_server_error(
        client.post("/teacher/", data={**data, "csrf_token": token}), "new assignment"
    )
    for url in [
        "/teacher/assignments/99999999999999999999",
        "/teacher/assignments/1?sort=x",
        "/teacher/questions.gift?preset=" + str(data.get("preset", "")),
    ]:
        assert_not_a_server_error(client.get(url), url)
    assert_not_a_server_error(
        client.post("/teacher/assignments/99999999999999999999/close", data={"csrf_token": token}),
        "close",
    )


def test_assignment_results_for_a_real_assignment_with_odd_sorts(teacher):
    assignment_id = teacher.create_assignment()
    for sort in ["", "score", "<x>", "name" * 50]:
        response = teacher.client.get(
            f"/teacher/assignments/{assignment_id}", query_string={"sort": sort}
        )
        assert response.status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/%09/evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/%0d%0aX-Injected:1",
    ],
)
def test_no_open_redirect_after_a_language_switch(client, target):
    response = client.get(f"/language/fr?next={target}")
    assert response.status_code == 303 and response.headers["Location"] == "/"


def test_a_head_request_does_not_store_an_empty_page(client):
    assert client.head("/events/treaty-signed").status_code == 200
    page = client.get("/events/treaty-signed")
    assert b"Partnership treaty signed in Pyongyang" in page.data


@pytest.mark.parametrize(
    "cookie",
    ["lang=frx", 'lang="fr"', "other=1;  lang=fr", "lang=xx"],
)
def test_odd_language_cookies_cannot_poison_the_page_cache(app, cookie):
    raw = app.test_client(use_cookies=False)  # sends the Cookie header exactly as given
    for _ in range(2):  # the second one is served from the cache
        raw.get("/", headers={"Cookie": cookie, "Accept-Language": "en"})
    english = raw.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    french = raw.get("/", headers={"Cookie": "lang=fr"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert '<html lang="fr">' in french.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/attempts/%00/results",
        "/attempts/a%00b",
        "/join/%00",
        "/attempts/" + "x" * 300 + "/questions/1",
    ],
)
def test_odd_bytes_in_paths_are_a_4xx(client, url):
    assert client.get(url).status_code in (403, 404)
