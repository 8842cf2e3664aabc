"""Deadlines that work (issue 13, item 2): a due date and time typed in the teacher's time
zone and kept in UTC; the assignment closes itself at its due time, or takes late attempts
and marks them; "End now" submits every attempt under way; answers under way get a short
grace after a close, and an assessment's review opens only once it is over. Times on teacher
pages are in the teacher's zone, in the page's language.

The clock is stopped (the `clock` fixture, 09:00 UTC on 15 January 2027) and moved by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.extensions import db
from quiz.models import Assignment
from quiz.timezones import local_to_utc
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.student import join, stored
from tests.support.teacher import TeacherActions
from tests.web.test_assessment import answer_key, leaks, reachable, sit, wrong

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
DUE = {"due": "2027-01-15", "due_time": "18:00"}  # in Paris: 17:00 UTC
DUE_UTC = datetime(2027, 1, 15, 17, 0)


def saved(app, assignment_id: int) -> Assignment:
    with app.app_context():
        return db.session.get(Assignment, assignment_id)


@pytest.fixture
def paris(teacher, clock) -> TeacherActions:
    """A teacher in Paris, on the stopped clock."""
    assert teacher.set_time_zone("Europe/Paris").status_code == 303
    return teacher


def page(teacher, assignment_id: int, headers=None) -> str:
    url = f"/teacher/assignments/{assignment_id}"
    return teacher.client.get(url, headers=headers or {}).get_data(as_text=True)


def joined(student, code: str, name: str) -> str:
    """Join and keep the question page's CSRF token (the session's), so an answer can be sent
    later as a page already open would send it, whatever the page would show by then."""
    public_id = public_id_of(join(student, code, name))
    question = student.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True)
    TOKENS[public_id] = csrf_token(question)
    return public_id


TOKENS: dict[str, str] = {}


def answer_first(app, student, public_id: str, position: int = 1, headers=None):
    """Send a (wrong) answer to the question at `position` (the attempt `joined`)."""
    answer = stored(app, public_id).answers[position - 1]
    token = TOKENS[public_id]
    return student.post(
        f"/attempts/{public_id}/questions/{position}",
        data={"csrf_token": token, "choice": wrong(answer)},
        headers=headers or {},
    )


def test_a_due_time_is_read_in_the_teachers_zone_and_kept_in_utc(app, paris):
    assert saved(app, paris.create_assignment(**DUE)).due_at == DUE_UTC
    # A date alone: the end of that day, in Paris.
    day = saved(app, paris.create_assignment(due="2027-01-15"))
    assert day.due_at == datetime(2027, 1, 15, 22, 59)
    # Summer time: Paris is UTC+2 in July.
    summer = saved(app, paris.create_assignment(due="2027-07-01", due_time="18:00"))
    assert summer.due_at == datetime(2027, 7, 1, 16, 0)
    assert saved(app, paris.create_assignment()).due_at is None


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_a_typed_time_read_back_in_its_zone_is_the_time_typed(typed, zone):
    typed = typed.replace(second=0, microsecond=0)
    stored_utc = local_to_utc(typed.date(), typed.time(), zone)
    back = stored_utc.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    exists = (
        typed.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC).astimezone(ZoneInfo(zone))
    ).replace(tzinfo=None) == typed
    if exists:  # not in the hour a clock change skips
        assert back == typed
    else:
        assert abs((back - typed).total_seconds()) <= 3600


def test_without_a_zone_of_their_own_a_teacher_uses_the_sites(make_app, clock):
    app = make_app(TEACHER_TIME_ZONE="America/New_York")
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    assert saved(app, teacher.create_assignment(**DUE)).due_at == datetime(2027, 1, 15, 23, 0)
    settings = teacher.client.get("/teacher/settings").get_data(as_text=True)
    assert '<option selected value="America/New_York">' in settings


def test_the_default_zone_is_utc(app, teacher, clock):
    assert saved(app, teacher.create_assignment(**DUE)).due_at == datetime(2027, 1, 15, 18, 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"due": "", "due_time": "18:00"}, "Give the due date too"),
        ({"due": "2027-01-15", "due_time": "08:00"}, "That due time has already passed"),
        ({"due": "2027-01-14"}, "That due time has already passed"),
        ({"due": "2027-02-30"}, "Not a valid date value."),
        ({"due": "2027-01-15", "due_time": "25:00"}, "Not a valid time value."),
        ({"late": "maybe"}, "Not a valid choice."),
    ],
)
def test_bad_due_fields_are_a_400_with_a_message_and_create_nothing(app, paris, fields, message):
    token = csrf_token(paris.client.get("/teacher/").get_data(as_text=True))
    data = {"csrf_token": token, "title": "Kursk", "preset": "warm-up", **fields}
    response = paris.client.post("/teacher/", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0


def test_an_unknown_time_zone_is_refused_kindly(app, teacher):
    for zone in ["Mars/Olympus_Mons", "", "localtime", "Europe/Paris\x00"]:
        refused = teacher.set_time_zone(zone)
        assert refused.status_code == 400
        assert "Choose a time zone from the list" in refused.get_data(as_text=True) or (
            "This field is required." in refused.get_data(as_text=True)
        )
    assert teacher.set_time_zone("Asia/Tokyo").status_code == 303
    settings = teacher.client.get("/teacher/settings?saved=1").get_data(as_text=True)
    assert "Saved: your pages now show times in Asia/Tokyo." in settings


def test_the_assignment_closes_itself_at_its_due_time(app, paris, clock):
    assignment_id = paris.create_assignment(**DUE)
    code = paris.join_code(assignment_id)
    assert app.test_client().get(f"/join/{code}").status_code == 200
    assert "due 15 Jan 2027, 18:00" in page(paris, assignment_id)
    clock.set(DUE_UTC)
    refused = app.test_client().get(f"/join/{code}")
    assert refused.status_code == 403
    assert "This assignment was due 15 Jan 2027, 18:00" in refused.get_data(as_text=True)
    french = app.test_client().get(f"/join/{code}", headers=FRENCH).get_data(as_text=True)
    assert "Ce devoir était à rendre le 15 janv. 2027, 18:00" in french
    teacher_page = page(paris, assignment_id)
    assert "Closed automatically at 15 Jan 2027, 18:00, its due time" in teacher_page
    assert "Reopen the assignment" in teacher_page
    assert "closed" in paris.client.get("/teacher/").get_data(as_text=True)


def test_reopening_after_the_due_time_drops_it(app, paris, clock):
    assignment_id = paris.create_assignment(**DUE)
    clock.set(DUE_UTC)
    paris.post(assignment_id, "close", action="reopen")
    assert saved(app, assignment_id).due_at is None
    assert app.test_client().get(f"/join/{paris.join_code(assignment_id)}").status_code == 200


def test_a_teacher_close_says_so_in_the_teachers_zone(app, paris, clock):
    assignment_id = paris.create_assignment(**DUE)
    paris.post(assignment_id, "close", action="close")
    assert "Closed by you at 15 Jan 2027, 10:00" in page(paris, assignment_id)


def test_late_attempts_can_be_accepted_and_marked(app, paris, clock):
    assignment_id = paris.create_assignment(late="flag", **DUE)
    code = paris.join_code(assignment_id)
    on_time = public_id_of(join(app.test_client(), code, "Ana"))
    clock.set(DUE_UTC)
    late_student = app.test_client()
    late = joined(late_student, code, "Ben")  # not refused: marked
    assert not stored(app, on_time).late and stored(app, late).late
    assert saved(app, assignment_id).is_open  # only the teacher closes it
    clock.advance(hours=2)
    assert answer_first(app, late_student, late).status_code == 303  # answers still taken
    html = page(paris, assignment_id)
    assert html.count('<span class="tag tag-late">late</span>') == 1
    assert "Attempts started after the due time are accepted and marked late." in html
    rows = paris.download(assignment_id, "students")
    assert {r["name"]: r["late"] for r in rows} == {"Ana": "no", "Ben": "yes"}
    student_page = paris.client.get(
        f"/teacher/assignments/{assignment_id}/students/{stored(app, late).id}"
    ).get_data(as_text=True)
    assert "tag-late" in student_page and "Started 15 Jan 2027, 18:00" in student_page


def test_an_assessment_that_takes_late_attempts_keeps_its_review_at_the_due_time(app, paris, clock):
    assignment_id = paris.create_assessment(late="flag", **DUE)
    code = paris.join_code(assignment_id)
    student, public_id, _ = sit(app, code)
    clock.set(DUE_UTC)
    clock.advance(hours=1)
    total = stored(app, public_id).total
    assert leaks(reachable(student, public_id, total, code), answer_key(app, public_id)) == []


def test_answers_under_way_get_a_grace_after_the_teacher_closes(app, paris, clock):
    assignment_id = paris.create_assignment()
    student = app.test_client()
    public_id = joined(student, paris.join_code(assignment_id), "Ana")
    paris.post(assignment_id, "close", action="close")
    assert "Answers already under way are still taken until 15 Jan 2027, 10:01" in page(
        paris, assignment_id
    )
    clock.advance(seconds=60)
    assert answer_first(app, student, public_id, 1).status_code == 303  # inside: recorded
    clock.advance(seconds=1)
    refused = answer_first(app, student, public_id, 2)
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "This assignment has closed, so it takes no more answers" in text
    assert f'href="/attempts/{public_id}"' in text and "See what you submitted" in text
    assert [a.chosen_index is not None for a in stored(app, public_id).answers][:2] == [
        True,
        False,
    ]
    # The student lands on what they did, never on a question they can no longer answer.
    landing = student.get(f"/attempts/{public_id}", follow_redirects=True)
    assert landing.request.path == f"/attempts/{public_id}/results"
    question = student.get(f"/attempts/{public_id}/questions/2")
    assert question.headers["Location"] == f"/attempts/{public_id}/results"
    by_htmx = answer_first(app, student, public_id, 2, headers=HTMX)
    assert by_htmx.status_code == 403  # swapped in as the refusal's fragment (see layout.html)
    assert "This assignment has closed" in by_htmx.get_data(as_text=True)


def test_the_grace_is_configurable(make_app, clock):
    app = make_app(CLOSING_GRACE_SECONDS=5)
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    assignment_id = teacher.create_assignment(**DUE)
    student = app.test_client()
    public_id = joined(student, teacher.join_code(assignment_id), "Ana")
    clock.set(datetime(2027, 1, 15, 18, 0, 6))  # this teacher's zone is the site's, UTC
    assert answer_first(app, student, public_id).status_code == 403


def test_end_now_asks_first_then_submits_every_attempt_under_way(app, paris, clock):
    assignment_id = paris.create_assessment(**DUE)
    code = paris.join_code(assignment_id)
    _, done_id, _ = sit(app, code, "Ana")
    midway = app.test_client()
    midway_id = joined(midway, code, "Ben")
    answer_first(app, midway, midway_id)
    url = f"/teacher/assignments/{assignment_id}/end"
    assert "End now: close and submit every attempt under way" in page(paris, assignment_id)
    asking = paris.client.get(url).get_data(as_text=True)
    assert "submits the 1 attempt under way" in asking
    assert paris.client.post(url).status_code == 400  # no CSRF token: nothing happens
    assert stored(app, midway_id).finished_at is None
    clock.advance(minutes=5)
    ended = paris.client.post(url, data={"csrf_token": csrf_token(asking)})
    assert ended.status_code == 303
    ben = stored(app, midway_id)
    assert ben.finished_at == datetime(2027, 1, 15, 9, 5)
    assert ben.answered == 1 and ben.score == 0  # what was given stands; the rest is wrong
    assert stored(app, done_id).finished_at < ben.finished_at  # a finished attempt is kept
    assignment = saved(app, assignment_id)
    assert assignment.closed_at == ben.finished_at and not assignment.is_open
    html = page(paris, assignment_id)
    assert "ended by you (1 answered)" in html and "Closed by you at 15 Jan 2027, 10:05" in html
    # No grace: the student cannot answer any more and lands on the review (released now).
    refused = answer_first(app, midway, midway_id, 2)
    assert refused.status_code == 403
    results = midway.get(f"/attempts/{midway_id}", follow_redirects=True)
    assert results.request.path == f"/attempts/{midway_id}/results"
    review = results.get_data(as_text=True)
    assert "0 out of 4" in review and "Not answered; the answer is" in review


def test_end_now_in_practice_shows_the_students_results(app, paris, clock):
    assignment_id = paris.create_assignment()
    student = app.test_client()
    public_id = joined(student, paris.join_code(assignment_id), "Ana")
    paris.post(assignment_id, "end")
    results = student.get(f"/attempts/{public_id}", follow_redirects=True)
    assert results.request.path == f"/attempts/{public_id}/results"
    assert "0 out of 4" in results.get_data(as_text=True)


def test_no_answer_key_before_the_review_opens_after_the_due_time(app, paris, clock):
    """Ana has finished; Ben is still answering when the due time passes. Until the grace is
    over, neither of them (nor anyone) is sent a verdict or an answer."""
    assignment_id = paris.create_assessment(**DUE)
    code = paris.join_code(assignment_id)
    ana, ana_id, answering = sit(app, code, "Ana")
    ben = app.test_client()
    ben_id = joined(ben, code, "Ben")
    total = stored(app, ana_id).total
    clock.set(DUE_UTC)
    clock.advance(seconds=30)
    seen = [answer_first(app, ben, ben_id, p) for p in range(1, total)]  # inside the grace
    seen += reachable(ana, ana_id, total, code)
    assert leaks(answering + seen, answer_key(app, ana_id)) == []
    assert leaks(seen, answer_key(app, ben_id)) == []
    html = page(paris, assignment_id)
    assert "The review opens at 15 Jan 2027, 18:01" in html
    clock.advance(seconds=31)
    assert answer_first(app, ben, ben_id, total).status_code == 403  # too late now
    review = ana.get(f"/attempts/{ana_id}/results").get_data(as_text=True)
    assert "0 out of" in review
    assert all(secret in review for secret in answer_key(app, ana_id, feedback=False))
    ben_review = ben.get(f"/attempts/{ben_id}", follow_redirects=True).get_data(as_text=True)
    assert "0 out of" in ben_review
    assert "Review released 15 Jan 2027, 18:01" in page(paris, assignment_id)


def test_teacher_times_are_in_the_teachers_zone_and_language(app, paris, clock):
    assignment_id = paris.create_assignment(**DUE)
    public_id = public_id_of(join(app.test_client(), paris.join_code(assignment_id), "Ana"))
    english = page(paris, assignment_id)
    assert "due 15 Jan 2027, 18:00" in english
    assert "<td>15 Jan 2027, 10:00</td>" in english  # started at 09:00 UTC
    assert " UTC" not in english
    french = page(paris, assignment_id, headers=FRENCH)
    assert "à rendre le 15 janv. 2027, 18:00" in french
    assert "<td>15 janv. 2027, 10:00</td>" in french
    listing = paris.client.get("/teacher/", headers=FRENCH).get_data(as_text=True)
    assert "15 janv. 2027, 18:00" in listing
    assert "Europe/Paris" in listing  # the hand-out form names the zone its times are in
    student_start = app.test_client().get(f"/join/{paris.join_code(assignment_id)}")
    assert "due 15 Jan 2027, 18:00" in student_start.get_data(as_text=True)
    assert stored(app, public_id).started_at == datetime(2027, 1, 15, 9, 0)
    paris.set_time_zone("America/New_York")
    assert "due 15 Jan 2027, 12:00" in page(paris, assignment_id)
