"""Assessment mode (issue 13, item 1): no verdict, answer, explanation or feedback reaches a
student before the teacher releases the review or closes the assignment; attempts limited per
browser; the "submitted" page; practice unchanged."""

from __future__ import annotations

import random
import re

import pytest
from markupsafe import escape

from quiz.extensions import db
from quiz.models import Assignment
from quiz.quizgen import reordered
from quiz.services.results import class_results
from quiz.store import current_pool
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.student import choose, join, stored

# Markup and words that only a verdict or an answer key puts on a page.
VERDICT_MARKS = [
    'class="correct"',
    "chosen-wrong",
    "is-right",
    "is-wrong",
    "(correct answer)",
    "Right!",
    "Not quite.",
    "Score:",
    "tag-ok",
    "tag-bad",
    "the answer is",
    "out of",
]


def wrong(answer) -> int:
    return (answer.correct_index + 1) % len(answer.options)


def sit(app, code, name="Ana", client=None, right=False):
    """A student joins and answers every question (all wrong unless `right`); returns the
    browser, the attempt's public id, and every response a student's browser got on the way
    (full pages, htmx fragments, the answers' own responses)."""
    student = client or app.test_client()
    public_id = public_id_of(join(student, code, name))
    seen = []
    for answer in stored(app, public_id).answers:
        url = f"/attempts/{public_id}/questions/{answer.position}"
        choice = answer.correct_index if right else wrong(answer)
        seen.append(choose(student, url, choice, htmx=answer.position % 2 == 0))
    return student, public_id, seen


def reachable(student, public_id, total, code):
    """Every page and fragment the student's browser can fetch once the attempt is done (or
    its assignment closed: the join page then refuses, 403 past the due time, 410 closed)."""
    base = f"/attempts/{public_id}"
    urls = [f"{base}/questions/{p}" for p in range(1, total + 1)]
    urls += [f"{base}/results", "/quizzes", f"/join/{code}"]
    pages = []
    for url in urls:
        for headers in ({}, HTMX):
            response = student.get(url, headers=headers, follow_redirects=True)
            assert response.status_code in (200, 403, 410), (url, response.status_code)
            pages.append(response)
    return pages


def answer_key(app, public_id, feedback=True):
    """What must stay hidden: each right option (unless the student chose that very text
    somewhere), each explanation, each option's feedback."""
    attempt = stored(app, public_id)
    chosen = {a.chosen["text"] for a in attempt.answers if a.chosen}
    secrets = []
    for a in attempt.answers:
        if a.correct["text"] not in chosen:
            secrets.append(a.correct["text"])
        secrets.append(a.explanation)
        if feedback:
            secrets += [o["feedback"] for o in a.options if o.get("feedback")]
    return [str(escape(s)) for s in secrets if s]


def chosen_feedback(app, public_id, position):
    answer = stored(app, public_id).answers[position - 1]
    return str(escape(answer.chosen.get("feedback") or ""))


def leaks(responses, key):
    found = []
    for response in responses:
        text = response.get_data(as_text=True)
        found += [s for s in [*key, *VERDICT_MARKS] if s in text]
    return found


def test_an_assessment_sends_no_answer_key_before_release_then_the_review(app, teacher):
    assignment_id = teacher.create_assessment()
    code = teacher.join_code(assignment_id)
    student, public_id, answering = sit(app, code)
    key = answer_key(app, public_id)
    assert key  # the fixture questions have answers and explanations to hide
    total = stored(app, public_id).total
    before = answering + reachable(student, public_id, total, code)
    assert leaks(before, key) == []

    teacher.post(assignment_id, "release")
    after = student.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    assert "Review" in after and "0 out of" in after
    assert all(secret in after for secret in answer_key(app, public_id, feedback=False))
    question = student.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True)
    assert "(correct answer)" in question and "Not quite." in question
    assert chosen_feedback(app, public_id, 1) in question


def test_closing_an_assessment_releases_its_review_after_the_grace(app, teacher, clock):
    assignment_id = teacher.create_assessment()
    code = teacher.join_code(assignment_id)
    student, public_id, _ = sit(app, code)
    assert "out of" not in student.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    teacher.post(assignment_id, "close", action="close")
    # Others may still be answering for a minute: no key reaches anyone before that.
    clock.advance(seconds=59)
    within = reachable(student, public_id, stored(app, public_id).total, code)
    assert leaks(within, answer_key(app, public_id)) == []
    clock.advance(seconds=2)
    review = student.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    assert "0 out of" in review
    assert all(secret in review for secret in answer_key(app, public_id, feedback=False))
    teacher.post(assignment_id, "close", action="reopen")  # what was shown stays shown
    assert "0 out of" in student.get(f"/attempts/{public_id}/results").get_data(as_text=True)


def test_the_last_answer_leads_to_the_submitted_page(app, teacher):
    code = teacher.join_code(teacher.create_assessment())
    student = app.test_client()
    public_id = public_id_of(join(student, code, "Ana"))
    answers = stored(app, public_id).answers
    last = answers[-1].position
    for answer in answers[:-1]:
        choose(student, f"/attempts/{public_id}/questions/{answer.position}", wrong(answer))
    page = student.get(f"/attempts/{public_id}/questions/{last}").get_data(as_text=True)
    assert "Record my answer" in page and "Check my answer" not in page
    response = choose(student, f"/attempts/{public_id}/questions/{last}", 0)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/attempts/{public_id}/results"
    submitted = student.get(response.headers["Location"]).get_data(as_text=True)
    assert "your answers are recorded" in submitted
    assert "when your teacher releases it" in submitted
    listed = student.get("/quizzes").get_data(as_text=True)
    assert "submitted; the review appears when your teacher releases it" in listed


def test_the_last_answer_by_htmx_loads_the_submitted_page(app, teacher):
    code = teacher.join_code(teacher.create_assessment())
    student = app.test_client()
    public_id = public_id_of(join(student, code, "Ana"))
    answers = stored(app, public_id).answers
    for answer in answers:
        response = choose(
            student, f"/attempts/{public_id}/questions/{answer.position}", wrong(answer), htmx=True
        )
    assert response.headers["HX-Redirect"] == f"/attempts/{public_id}/results"


def test_one_attempt_by_default_a_second_start_is_refused_kindly(app, teacher):
    assignment_id = teacher.create_assessment()
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment.attempts_allowed == 1 and assignment.mode == "assessment"
    code = teacher.join_code(assignment_id)
    student, public_id, _ = sit(app, code)
    refused = student.get(f"/join/{code}")
    assert refused.status_code == 403
    text = refused.get_data(as_text=True)
    assert "allows 1 attempt per student" in text and f"/attempts/{public_id}" in text
    assert 'name="display_name"' not in text
    # A form fetched before the attempt was used up is refused too, and starts nothing.
    again = student.post(f"/join/{code}", data={"display_name": "Ana2"})
    assert again.status_code in (400, 403)
    with app.app_context():
        assert len(db.session.get(Assignment, assignment_id).attempts) == 1
    assert join(app.test_client(), code, "Ben").status_code == 303  # another browser may


def test_two_attempts_allowed_then_refused(app, teacher):
    code = teacher.join_code(teacher.create_assessment(attempts="2"))
    student, first, _ = sit(app, code)
    student, second, _ = sit(app, code, client=student)
    assert first != second
    refused = student.get(f"/join/{code}")
    assert refused.status_code == 403
    assert "allows 2 attempts per student" in refused.get_data(as_text=True)


def test_unlimited_attempts(app, teacher):
    code = teacher.join_code(teacher.create_assessment(attempts="0"))
    student = app.test_client()
    for name in ["Ana", "Ana", "Ana"]:
        student, _, _ = sit(app, code, name, client=student)
    assert student.get(f"/join/{code}").status_code == 200


def test_the_start_form_submitted_twice_is_one_attempt_not_a_refusal(app, teacher):
    code = teacher.join_code(teacher.create_assessment())
    student = app.test_client()
    page = student.get(f"/join/{code}").get_data(as_text=True)
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page)
    data = {"csrf_token": csrf_token(page), "display_name": "Ana", "start_token": token.group(1)}
    first = student.post(f"/join/{code}", data=data)
    second = student.post(f"/join/{code}", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]


def test_the_teacher_sees_the_mode_and_releases_with_a_csrf_post(app, teacher):
    assignment_id = teacher.create_assessment(attempts="2")
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "assessment" in page and "2 attempts per student" in page
    assert "Close and release the review" in page  # an attempt left would see the key
    assert teacher.client.get(f"/teacher/assignments/{assignment_id}/release").status_code == 405
    no_token = teacher.client.post(f"/teacher/assignments/{assignment_id}/release")
    assert no_token.status_code == 400  # the CSRF check refuses it
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).review_released_at is None
    teacher.post(assignment_id, "release")
    with app.app_context():
        released = db.session.get(Assignment, assignment_id)
        assert released.review_released_at is not None and released.closed_at is not None
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "Review released" in page and "Release the review" not in page
    assert "Reopen the assignment" not in page  # its students have seen the answers
    refused = teacher.post(assignment_id, "close", action="reopen")
    assert refused.status_code == 409 and "Copy it" in refused.get_data(as_text=True)


def test_practice_is_unchanged_feedback_at_once_and_no_limit(app, teacher):
    assignment_id = teacher.create_assignment()  # the form's default mode
    with app.app_context():
        assignment = db.session.get(Assignment, assignment_id)
        assert assignment.mode == "practice" and assignment.attempts_allowed is None
    code = teacher.join_code(assignment_id)
    student = app.test_client()
    public_id = public_id_of(join(student, code, "Ana"))
    first = stored(app, public_id).answers[0]
    url = f"/attempts/{public_id}/questions/1"
    fragment = choose(student, url, wrong(first), htmx=True).get_data(as_text=True)
    assert "Not quite." in fragment and "(correct answer)" in fragment
    assert str(escape(first.explanation)) in fragment
    assert "Score:" in fragment
    for _ in range(2):
        assert join(student, code, "Ana").status_code == 303


def play(app, student, code, name, right: set[int]):
    """An attempt in this browser: right on the positions in `right`, wrong elsewhere."""
    public_id = public_id_of(join(student, code, name))
    for answer in stored(app, public_id).answers:
        choice = answer.correct_index if answer.position in right else wrong(answer)
        choose(student, f"/attempts/{public_id}/questions/{answer.position}", choice)
    return public_id


@pytest.mark.parametrize(("counts", "score"), [("first", 1), ("best", 3), ("last", 2)])
def test_the_teacher_sees_which_attempt_counts(app, teacher, counts, score):
    assignment_id = teacher.create_assessment(attempts="0", counts=counts)
    code = teacher.join_code(assignment_id)
    ana = app.test_client()
    for right in [{1}, {1, 2, 3}, {1, 2}]:  # scores 1, 3 then 2, in one browser
        play(app, ana, code, "Ana", right)
    play(app, app.test_client(), code, "Ana", {1, 2, 3, 4})  # another Ana, elsewhere: 4
    ben = app.test_client()
    play(app, ben, code, "Ben", {1})
    join(ben, code, "Ben")  # a second try not finished: the finished one counts
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    counting = re.findall(
        r'<tr class="counts-row">\s*<td><a [^>]*>(\w+)</a>(?: <span [^>]*>[^<]*</span>)?</td>'
        r"\s*<td>(\d) / 4",
        page,
    )
    assert counting == [("Ana", str(score)), ("Ben", "1")]
    assert page.count("no: another attempt counts") == 3  # Ana's other two, Ben's unfinished
    assert f"the one that counts is the {counts} one" in page
    assert page.count("same name as another student") == 4  # the two Anas' attempts


def orders(app, code, students=12):
    """The question order each of `students` new students gets, by question id."""
    seen = []
    for n in range(students):
        public_id = public_id_of(join(app.test_client(), code, f"Student {n}"))
        seen.append(tuple(a.question_id for a in stored(app, public_id).answers))
    return seen


def test_each_student_of_an_assessment_gets_their_own_order_from_a_recorded_seed(app, teacher):
    assignment_id = teacher.create_assessment()
    code = teacher.join_code(assignment_id)
    seen = orders(app, code)
    assert len(set(seen)) > 1
    assert len({frozenset(order) for order in seen}) == 1  # the same questions for everyone
    with app.test_request_context():
        assignment = db.session.get(Assignment, assignment_id)
        for attempt in assignment.attempts:
            shuffle = random.Random(attempt.order_seed)
            questions = [current_pool().by_id[qid] for qid in assignment.question_ids]
            again = [q.id for q in reordered(questions, shuffle)]
            assert again == [a.question_id for a in attempt.answers]  # the seed tells the order


def test_practice_keeps_one_order_for_the_class(app, teacher):
    code = teacher.join_code(teacher.create_assignment(mode="practice"))
    assert len(set(orders(app, code, students=6))) == 1


def test_students_can_draw_their_own_questions_from_the_quiz(app, teacher):
    assignment_id = teacher.create_assessment(draws="y")
    code = teacher.join_code(assignment_id)
    sets = {frozenset(order) for order in orders(app, code)}
    assert len(sets) > 1
    with app.app_context():
        assert db.session.get(Assignment, assignment_id).draws_per_student
    with app.test_request_context():
        results = class_results(db.session.get(Assignment, assignment_id))
        assert {item.question_id for item in results.items} == set().union(*sets)
