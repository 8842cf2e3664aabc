"""Teacher sessions can be ended (issue 12, finding 5): a cookie captured before a logout or a
new password opens nothing after it; a teacher's cookie never lasts 31 days because a student
quiz ran in the same browser; the CSRF token changes at login."""

from __future__ import annotations

from datetime import timedelta

from tests.support.pages import csrf_token
from tests.support.student import start
from tests.support.teacher import EMAIL, PASSWORD, TeacherActions


def captured(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str, url: str):
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get(url)


def log_out(teacher: TeacherActions):
    token = csrf_token(teacher.client.get("/teacher/").get_data(as_text=True))
    return teacher.client.post("/teacher/logout", data={"csrf_token": token})


def test_a_cookie_captured_before_logout_opens_nothing_after_it(app, teacher):
    assignment_id = teacher.create_assignment()
    url = f"/teacher/assignments/{assignment_id}"
    cookie = captured(teacher.client)
    assert replay(app, cookie, url).status_code == 200
    assert log_out(teacher).status_code == 303
    assert replay(app, cookie, url).status_code == 302  # to the login page
    assert replay(app, cookie, url + "/students.csv").status_code == 302


def test_logout_ends_the_sessions_in_every_browser(app, teacher):
    other_browser = TeacherActions(app)
    assert other_browser.log_in().status_code == 303
    log_out(teacher)
    assert other_browser.client.get("/teacher/").status_code == 302
    assert teacher.log_in().status_code == 303  # logging in again works
    assert teacher.client.get("/teacher/").status_code == 200


def test_a_new_password_ends_every_session(app, teacher):
    cookie = captured(teacher.client)
    new = "a brand new passphrase"
    result = app.test_cli_runner().invoke(args=["teacher", "password", EMAIL], input=new + "\n")
    assert result.exit_code == 0, result.output
    assert "every session" in result.output
    assert replay(app, cookie, "/teacher/").status_code == 302
    assert teacher.client.get("/teacher/").status_code == 302
    assert TeacherActions(app).log_in(password=PASSWORD).status_code == 401
    assert TeacherActions(app).log_in(password=new).status_code == 303


def test_teacher_create_on_an_existing_account_also_ends_its_sessions(app, teacher):
    cookie = captured(teacher.client)
    teacher.create_account(password="another long password")
    assert replay(app, cookie, "/teacher/").status_code == 302


def test_the_password_command_refuses_an_unknown_account_and_a_short_password(app, teacher):
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["teacher", "password", "nobody@school.org"], input=PASSWORD)
    assert unknown.exit_code != 0 and "no teacher" in unknown.output
    short = runner.invoke(args=["teacher", "password", EMAIL], input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    assert TeacherActions(app).log_in().status_code == 303  # the old password still holds


def test_a_student_quiz_in_the_same_browser_does_not_make_the_login_last_31_days(app):
    teacher = TeacherActions(app).create_account()
    assert start(teacher.client).status_code == 303  # the quiz makes the cookie permanent
    assert teacher.client.get_cookie("session").expires is not None
    login = teacher.log_in()
    assert login.status_code == 303
    assert "Expires=" not in login.headers["Set-Cookie"]  # ends when the browser closes
    assert start(teacher.client).status_code == 303  # a quiz taken while logged in
    assert teacher.client.get_cookie("session").expires is None


def test_a_login_older_than_the_teacher_lifetime_is_refused(make_app):
    app = make_app(TEACHER_SESSION_LIFETIME=timedelta(seconds=-1))
    teacher = TeacherActions(app).create_account()
    assert teacher.log_in().status_code == 303
    assert teacher.client.get("/teacher/").status_code == 302


def raw_csrf(app, client) -> str | None:
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(captured(client)).get("csrf_token")


def test_the_csrf_token_changes_at_login(app, teacher_account):
    client = teacher_account.client
    client.get("/teacher/login")
    before = raw_csrf(app, client)
    assert before
    assert teacher_account.log_in().status_code == 303
    client.get("/teacher/")
    after = raw_csrf(app, client)
    assert after and after != before
