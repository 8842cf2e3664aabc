"""The answer path (issue 14, item 7): an answer is two prebuilt UPDATEs and a commit, with
every rule in the first one's WHERE clause. What that must keep: the rules of the Python model
(the SQL rule of closing is checked against it), nothing loaded on the common path, a live
class's attempt answered only on its live page, and an "End now" that wins the race."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from quiz.extensions import db
from quiz.models import FLAG_LATE, REFUSE_LATE, Assignment, closing_grace
from quiz.services.accounts import find_teacher, save_teacher
from quiz.services.attempts import find_attempt, record_answer
from tests.support.pages import csrf_token, public_id_of
from tests.support.sql import statements
from tests.support.student import join, start, stored
from tests.web.test_live import code_of, next_step, start_live


def answer(client, public_id: str, position: int, choice: int = 0, token: str | None = None):
    url = f"/attempts/{public_id}/questions/{position}"
    token = token or csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, "choice": choice})


CARD = [["SELECT", "review_card.state"], ["INSERT", "INTO"]]  # the spaced review's card


def test_an_answer_is_two_updates_and_its_card_and_loads_nothing_else(app, client):
    public_id = public_id_of(start(client))
    token = csrf_token(client.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True))
    with statements(app) as sent:
        response = answer(client, public_id, 1, token=token)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/attempts/{public_id}/questions/1"
    assert [s.split()[0:2] for s in sent] == [["UPDATE", "response"], ["UPDATE", "attempt"], *CARD]
    assert stored(app, public_id).answers[0].chosen_index == 0


def test_an_answer_in_a_class_assignment_is_two_updates_too(app, teacher):
    """A practice assignment's answer reviews the card too; an assessment's does not."""
    student = app.test_client()
    public_id = public_id_of(join(student, teacher.join_code(teacher.create_assignment()), "Ana"))
    token = csrf_token(student.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True))
    with statements(app) as sent:
        assert answer(student, public_id, 1, token=token).status_code == 303
    assert len(sent) == 4  # the assignment's rules are in the UPDATE: no lazy load
    assessment = teacher.join_code(teacher.create_assessment())
    public_id = public_id_of(join(student, assessment, "Ana"))
    token = csrf_token(student.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True))
    with statements(app) as sent:
        assert answer(student, public_id, 1, token=token).status_code == 303
    assert len(sent) == 2


def test_what_the_request_loaded_before_an_answer_is_read_anew(app, client):
    """The answer is written on a connection of its own, not the ORM session's: an attempt
    the request loaded before shows the answer afterwards (as a live phone's page does)."""
    public_id = public_id_of(start(client))
    with app.test_request_context():
        attempt = find_attempt(public_id)
        assert attempt.answers[0].chosen_index is None
        record_answer(public_id, 1, 2)
        assert attempt.answers[0].chosen_index == 2 and attempt.current_position == 2


NOW = datetime(2027, 1, 15, 9, 0)
TIMES = [None, NOW - timedelta(minutes=5), NOW - timedelta(seconds=30), NOW + timedelta(hours=1)]


def test_the_sql_rule_of_closing_is_the_models(app):
    """Assignment.takes_answers_after (SQL) against takes_answers_at (Python), for a closed
    time and a due time each missing, past the grace, inside it or to come, under both late
    policies."""
    with app.app_context():
        save_teacher("rules@school.org", "a long enough password")
        teacher_id = find_teacher("rules@school.org").id
        cases = list(itertools.product(TIMES, TIMES, (REFUSE_LATE, FLAG_LATE)))
        for closed_at, due_at, late_policy in cases:
            db.session.add(
                Assignment(
                    teacher_id=teacher_id,
                    title="Rules",
                    preset_id="warm-up",
                    seed=1,
                    closed_at=closed_at,
                    due_at=due_at,
                    late_policy=late_policy,
                )
            )
        db.session.commit()
        everyone = db.session.scalars(select(Assignment)).all()
        cutoff = NOW - closing_grace()
        query = select(Assignment.id).where(Assignment.takes_answers_after(cutoff))
        in_sql = set(db.session.scalars(query))
        in_python = {a.id for a in everyone if a.takes_answers_at(NOW)}
        assert len(everyone) == len(cases)
        assert in_sql == in_python
        assert 0 < len(in_python) < len(cases)


@pytest.mark.parametrize("asked", [False, True])
def test_a_live_attempt_is_answered_on_its_live_page_only(app, teacher, asked):
    """Posted to the quiz's own question page, a live class's answer records nothing (the live
    page's rules, at the teacher's pace, would be skipped) and the phone goes to the live page."""
    live_id = start_live(teacher)
    phone = app.test_client()
    public_id = public_id_of(join(phone, code_of(app, live_id), "Ana"))
    if asked:
        next_step(teacher, live_id)
        next_step(teacher, live_id)  # question 1 is asked
    token = csrf_token(phone.get("/quizzes/warm-up/start").get_data(as_text=True))
    response = answer(phone, public_id, 1, token=token)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/live/{public_id}")
    assert stored(app, public_id).answers[0].chosen_index is None


def test_end_now_winning_the_race_records_nothing(app, client):
    """The teacher's "End now" submits the attempt between the answer's two UPDATEs (on
    PostgreSQL it commits first and the score UPDATE waits for it): the score UPDATE finds
    the attempt finished, so the answer is rolled back and refused."""
    public_id = public_id_of(start(client))
    token = csrf_token(client.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True))
    with app.app_context():
        engine = db.engine

    def end_now(_conn, cursor, statement, *_args):
        if statement.startswith("UPDATE response"):
            other = cursor.connection.cursor()  # same transaction; leaves RETURNING's rows be
            other.execute(
                "UPDATE attempt SET finished_at = CURRENT_TIMESTAMP "
                f"WHERE public_id = '{public_id}'"  # a token_urlsafe id: no quote in it
            )
            other.close()

    event.listen(engine, "after_cursor_execute", end_now)
    try:
        refused = answer(client, public_id, 1, token=token)
    finally:
        event.remove(engine, "after_cursor_execute", end_now)
    assert refused.status_code == 403
    assert "This assignment has closed" in refused.get_data(as_text=True)
    after = stored(app, public_id)
    assert after.answers[0].chosen_index is None and after.score == 0
