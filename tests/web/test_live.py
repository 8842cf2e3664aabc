"""Live class mode (issue 14): the teacher paces, phones follow by polling with ETags, the answer
key reaches no phone before the teacher shows it, two teacher tabs never fight, a phone that
reloads rejoins where the class is, and the results are an assignment's like any other."""

from __future__ import annotations

import re
from datetime import timedelta

from markupsafe import escape
from sqlalchemy import create_engine

from quiz.extensions import db
from quiz.models import Assignment, Attempt, LiveSession, utcnow
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.sql import statements
from tests.support.student import join, stored
from tests.support.teacher import TeacherActions


def start_live(teacher, preset="warm-up", **options) -> int:
    page = teacher.client.get("/teacher/live").get_data(as_text=True)
    data = {"live-csrf_token": csrf_token(page), "live-title": "Period 3", "live-preset": preset}
    data.update({f"live-{k}": v for k, v in options.items()})
    response = teacher.client.post("/teacher/live", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def session_of(app, live_id) -> LiveSession:
    with app.app_context():
        live = db.session.get(LiveSession, live_id)
        live.assignment  # noqa: B018 - loaded before the session closes
        return live


def code_of(app, live_id) -> str:
    return session_of(app, live_id).assignment.join_code


def projector(teacher, live_id, headers=None):
    return teacher.client.get(f"/teacher/live/{live_id}", headers=headers or {})


def next_step(teacher, live_id, action="next", version=None):
    page = projector(teacher, live_id).get_data(as_text=True)
    seen = version or re.search(r'name="version" value="(\d+)"', page).group(1)
    return teacher.client.post(
        f"/teacher/live/{live_id}/step",
        data={"csrf_token": csrf_token(page), "version": seen, "action": action},
    )


def phone_page(phone, public_id, headers=None):
    return phone.get(f"/live/{public_id}", headers=headers or {})


def tap(phone, public_id, position, choice, htmx=False):
    """Answer, with this phone's CSRF token (from a page with a form: once answered or
    too late, the live page has none)."""
    page = phone.get("/quizzes/warm-up/start").get_data(as_text=True)
    return phone.post(
        f"/live/{public_id}/questions/{position}",
        data={"csrf_token": csrf_token(page), "choice": choice},
        headers=HTMX if htmx else {},
    )


def phones(app, code, names):
    joined = []
    for name in names:
        phone = app.test_client()
        response = join(phone, code, name)
        assert "/live/" in response.headers["Location"]
        joined.append((phone, public_id_of(response)))
    return joined


def key_of(app, public_id, position):
    answer = stored(app, public_id).answers[position - 1]
    return answer.correct_index, answer


def test_a_live_class_from_the_lobby_to_the_results(app, teacher):
    live_id = start_live(teacher)
    code = code_of(app, live_id)
    lobby = projector(teacher, live_id).get_data(as_text=True)
    assert code in lobby and "<svg" in lobby and "0 students have joined" in lobby
    class_ = phones(app, code, ["Ana", "Ben", "Chloé"])
    lobby = projector(teacher, live_id).get_data(as_text=True)
    assert "3 students have joined" in lobby and "Chloé" in lobby
    assert "will start in a moment" in phone_page(*class_[0]).get_data(as_text=True)

    total = stored(app, class_[0][1]).total
    for position in range(1, total + 1):
        assert next_step(teacher, live_id).status_code == 303  # ask
        right, answer = key_of(app, class_[0][1], position)
        asked = phone_page(*class_[0]).get_data(as_text=True)
        assert str(escape(answer.prompt)) in asked
        assert asked.count('class="live-choice"') == len(answer.options)
        assert str(escape(answer.explanation)) not in asked  # no key before it is shown
        tap(*class_[0], position, right)  # Ana is always right
        tap(*class_[1], position, (right + 1) % len(answer.options), htmx=True)  # Ben never
        waiting = phone_page(*class_[0]).get_data(as_text=True)
        assert "Answer recorded" in waiting and str(escape(answer.explanation)) not in waiting
        board = projector(teacher, live_id).get_data(as_text=True)
        assert "2 of 3 answered" in board
        assert str(escape(answer.explanation)) not in board
        next_step(teacher, live_id)  # show
        shown = phone_page(*class_[0]).get_data(as_text=True)
        assert "Right" in shown and str(escape(answer.explanation)) in shown
        assert "Wrong" in phone_page(*class_[1]).get_data(as_text=True)
        assert "did not answer" in phone_page(*class_[2]).get_data(as_text=True)
        board = projector(teacher, live_id).get_data(as_text=True)
        assert re.findall(r'data-value="(\d+)"', board).count("1") == 2  # one bar each
    next_step(teacher, live_id)  # end
    ended = phone_page(*class_[0]).get_data(as_text=True)
    assert f"Your score: {total} out of {total}" in ended
    assert "session is over" in projector(teacher, live_id).get_data(as_text=True)
    scores = {stored(app, p).display_name: stored(app, p).score for _, p in class_}
    assert scores == {"Ana": total, "Ben": 0, "Chloé": 0}
    assert all(stored(app, p).finished_at for _, p in class_)
    assignment_id = session_of(app, live_id).assignment_id
    results = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert f"{total} / {total}" in results and "Chloé" in results
    review = class_[1][0].get(f"/attempts/{class_[1][1]}/results").get_data(as_text=True)
    assert f"0 out of {total}" in review  # the whole review, once the session is over


def test_polls_get_a_304_until_something_changes(app, teacher):
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    first = phone_page(phone, public_id, HTMX)
    etag = first.headers["ETag"]
    again = phone_page(phone, public_id, {**HTMX, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    board = projector(teacher, live_id, HTMX)
    assert projector(teacher, live_id, {"If-None-Match": board.headers["ETag"]}).status_code == 304
    next_step(teacher, live_id)
    moved = phone_page(phone, public_id, {**HTMX, "If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag
    assert moved.get_data(as_text=True).lstrip().startswith('<div id="live"')


def test_a_second_tab_showing_an_older_state_changes_nothing(app, teacher):
    live_id = start_live(teacher)
    phones(app, code_of(app, live_id), ["Ana"])
    seen = session_of(app, live_id).version
    next_step(teacher, live_id, version=str(seen))  # the first tab asks question 1
    next_step(teacher, live_id, version=str(seen))  # the second tab, still on the lobby
    next_step(teacher, live_id, action="end", version=str(seen))
    live = session_of(app, live_id)
    assert (live.position, live.phase, live.version) == (1, "asking", seen + 1)


def test_a_phone_that_reloads_or_rejoins_lands_where_the_class_is(app, teacher):
    live_id = start_live(teacher)
    code = code_of(app, live_id)
    (phone, public_id), *_ = phones(app, code, ["Ana"])
    next_step(teacher, live_id)
    next_step(teacher, live_id)
    next_step(teacher, live_id)  # question 2 is asked
    again = phone.get(f"/join/{code}")
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/live/{public_id}")
    elsewhere = phone.get(f"/attempts/{public_id}/questions/1")
    assert elsewhere.headers["Location"].endswith(f"/live/{public_id}")
    assert "Question 2 of" in phone_page(phone, public_id).get_data(as_text=True)
    late = phones(app, code, ["Zoé"])[0]  # a late joiner starts at the question asked
    assert "Question 2 of" in phone_page(*late).get_data(as_text=True)
    right, _ = key_of(app, late[1], 2)
    tap(*late, 2, right)
    assert stored(app, late[1]).answers[1].chosen_index == right


def timer_ended(app, live_id, seconds_ago: int) -> None:
    """The question's timer ran out this long ago (instead of waiting for it)."""
    with app.app_context():
        db.session.execute(
            db.update(LiveSession)
            .where(LiveSession.id == live_id)
            .values(closes_at=utcnow() - timedelta(seconds=seconds_ago))
        )
        db.session.commit()


def test_answers_close_with_the_timer_except_for_extra_time(app, teacher):
    live_id = start_live(teacher, timer="30")
    code = code_of(app, live_id)
    (ana, ana_id), (ben, ben_id) = phones(app, code, ["Ana", "Ben"])
    next_step(teacher, live_id)
    with app.app_context():
        db.session.execute(
            db.update(Attempt).where(Attempt.public_id == ben_id).values(extra_seconds=60)
        )
        db.session.commit()
    timer_ended(app, live_id, seconds_ago=10)
    assert "Time is up" in phone_page(ana, ana_id).get_data(as_text=True)
    tap(ana, ana_id, 1, 0)
    assert stored(app, ana_id).answers[0].chosen_index is None  # too late: nothing stored
    tap(ben, ben_id, 1, 0)
    assert stored(app, ben_id).answers[0].chosen_index == 0  # his extra time
    assert session_of(app, live_id).phase == "asking"  # Ben's extra time holds the answer
    timer_ended(app, live_id, seconds_ago=90)
    projector(teacher, live_id)  # any poll finds the time is up for everyone
    assert session_of(app, live_id).phase == "shown"


def test_a_double_tap_keeps_the_first_answer(app, teacher):
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    next_step(teacher, live_id)
    tap(phone, public_id, 1, 0)
    second = tap(phone, public_id, 1, 1)
    assert second.status_code == 303
    assert stored(app, public_id).answers[0].chosen_index == 0


def test_scores_are_accuracy_unless_the_teacher_adds_a_leaderboard(app, teacher):
    quiet = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, quiet), ["Ana"])
    next_step(teacher, quiet)
    right, _ = key_of(app, public_id, 1)
    tap(phone, public_id, 1, right)
    next_step(teacher, quiet)
    assert "rank" not in phone_page(phone, public_id).get_data(as_text=True)
    assert "Top scores" not in projector(teacher, quiet).get_data(as_text=True)

    loud = start_live(teacher, leaderboard="top5", speed="y", streak="y")
    (phone, public_id), _ben = phones(app, code_of(app, loud), ["Ana", "Ben"])
    next_step(teacher, loud)
    right, _ = key_of(app, public_id, 1)
    tap(phone, public_id, 1, right)
    next_step(teacher, loud)
    mine = phone_page(phone, public_id).get_data(as_text=True)
    assert "rank 1 of 2" in mine and "Your points: 1" in mine
    board = projector(teacher, loud).get_data(as_text=True)
    assert re.search(r"Ana: 1\d\d points", board)


def test_another_teacher_cannot_see_or_drive_the_session(app, teacher):
    live_id = start_live(teacher)
    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    assert other.client.get(f"/teacher/live/{live_id}").status_code == 404
    token = csrf_token(other.client.get("/teacher/").get_data(as_text=True))
    step = other.client.post(
        f"/teacher/live/{live_id}/step", data={"csrf_token": token, "version": "1"}
    )
    assert step.status_code == 404
    assert session_of(app, live_id).version == 1
    assert app.test_client().get(f"/teacher/live/{live_id}").status_code in (302, 401)


def test_bad_input_gets_a_friendly_4xx(app, teacher):
    page = teacher.client.get("/teacher/live").get_data(as_text=True)
    bad = teacher.client.post(
        "/teacher/live", data={"live-csrf_token": csrf_token(page), "live-preset": "nope"}
    )
    assert bad.status_code == 400
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    next_step(teacher, live_id)
    token = csrf_token(phone_page(phone, public_id).get_data(as_text=True))
    for choice in ["", "x", "99"]:
        response = phone.post(
            f"/live/{public_id}/questions/1", data={"csrf_token": token, "choice": choice}
        )
        assert 400 <= response.status_code < 500, choice
    beyond = phone.post(f"/live/{public_id}/questions/99", data={"csrf_token": token})
    assert beyond.status_code == 404


def test_an_assignment_runs_live_on_its_own_questions(app, teacher):
    assignment_id = teacher.create_assignment()
    response = teacher.post(assignment_id, "live")
    assert response.status_code == 303
    live_id = int(response.headers["Location"].rsplit("/", 1)[1])
    live = session_of(app, live_id)
    with app.app_context():
        homework = db.session.get(Assignment, assignment_id)
        assert live.assignment.question_ids == homework.question_ids
        assert live.assignment_id != assignment_id  # the homework's results stay apart
    assert "(live)" in live.assignment.title


def test_a_phone_without_javascript_reloads_to_follow_and_answers_with_plain_forms(app, teacher):
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    page = phone_page(phone, public_id).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="4"></noscript>' in page
    next_step(teacher, live_id)
    page = phone_page(phone, public_id).get_data(as_text=True)
    assert f'<form method="post" action="/live/{public_id}/questions/1"' in page
    assert tap(phone, public_id, 1, 0).headers["Location"].endswith(f"/live/{public_id}")
    next_step(teacher, live_id, action="end")
    assert "http-equiv" not in phone_page(phone, public_id).get_data(as_text=True)


def test_ending_early_counts_only_the_questions_asked(app, teacher):
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    next_step(teacher, live_id)
    right, _ = key_of(app, public_id, 1)
    tap(phone, public_id, 1, right)
    next_step(teacher, live_id, action="end")
    attempt = stored(app, public_id)
    assert (attempt.score, attempt.total, len(attempt.answers)) == (1, 1, 1)
    assert "Your score: 1 out of 1" in phone_page(phone, public_id).get_data(as_text=True)


def test_a_tap_just_before_the_timer_ends_is_still_taken(app, teacher):
    live_id = start_live(teacher, timer="10")
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    next_step(teacher, live_id)
    timer_ended(app, live_id, seconds_ago=1)
    projector(teacher, live_id)  # a poll a second after the end does not show the answer yet
    tap(phone, public_id, 1, 0)
    assert stored(app, public_id).answers[0].chosen_index == 0


def test_the_leaderboard_names_no_one_who_scored_nothing(app, teacher):
    live_id = start_live(teacher, leaderboard="top5")
    (ana, ana_id), (ben, ben_id) = phones(app, code_of(app, live_id), ["Ana", "Ben"])
    next_step(teacher, live_id)
    right, answer = key_of(app, ana_id, 1)
    tap(ana, ana_id, 1, right)
    tap(ben, ben_id, 1, (right + 1) % len(answer.options))
    next_step(teacher, live_id)
    board = projector(teacher, live_id).get_data(as_text=True)
    assert "Ana: 100 points" in board and "Ben:" not in board
    assert "rank" not in phone_page(ben, ben_id).get_data(as_text=True)


def test_an_ended_session_is_not_reopened_copied_live_or_left_behind(app, teacher):
    live_id = start_live(teacher)
    phones(app, code_of(app, live_id), ["Ana"])
    next_step(teacher, live_id, action="end")
    assignment_id = session_of(app, live_id).assignment_id
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "live session" in page and f"/teacher/live/{live_id}" in page
    assert "Reopen the assignment" not in page
    assert teacher.post(assignment_id, "close", action="reopen").status_code == 409
    copied = teacher.post(assignment_id, "copy")
    copy_id = int(copied.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        assert db.session.get(Assignment, copy_id).mode == "practice"  # no session to join
    teacher.post(assignment_id, "delete")
    assert projector(teacher, live_id).status_code == 404


def test_an_unchanged_poll_is_one_query_and_a_bodiless_304(app, teacher):
    """300 phones ask every second: what finds nothing changed is answered before Flask (no
    session cookie read or written, no limiter), from one row."""
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    etag = phone_page(phone, public_id, HTMX).headers["ETag"]
    with statements(app) as sent:
        again = phone_page(phone, public_id, {**HTMX, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and "Set-Cookie" not in again.headers
    assert len(sent) == 1


def test_a_poll_the_fast_path_cannot_read_is_answered_by_flask(app, teacher, monkeypatch):
    """The polls' own engine has no ping: when its database fails, the poll goes on to Flask."""
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    etag = phone_page(phone, public_id, HTMX).headers["ETag"]
    unreachable = create_engine("sqlite:////nonexistent-folder/quiz.sqlite")
    monkeypatch.setattr(app.wsgi_app, "engine", unreachable)
    again = phone_page(phone, public_id, {**HTMX, "If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag


def test_a_poll_after_a_step_is_one_query_more_and_leaves_the_cookie_alone(app, teacher):
    """After each step every phone of the class gets a 200 within a second: past the 304 path's
    row, one query loads what the phone shows (not the attempt's every answer, and not its
    language apart), and the cookie is not re-signed."""
    live_id = start_live(teacher)
    (phone, public_id), *_ = phones(app, code_of(app, live_id), ["Ana"])
    etag = phone_page(phone, public_id, HTMX).headers["ETag"]
    next_step(teacher, live_id)
    with statements(app) as sent:
        asked = phone_page(phone, public_id, {**HTMX, "If-None-Match": etag})
    assert asked.status_code == 200 and 'class="live-choice"' in asked.get_data(as_text=True)
    assert "Set-Cookie" not in asked.headers
    assert len(sent) == 2, sent
