"""Hints (issue 16, item 3): a practising student may ask for a question's hint before
answering; it is recorded once with the answer (a small POST of its own, never on the answer
path) and shown to the teacher. An assessment and a live class offer none."""

from __future__ import annotations

from quiz.extensions import db
from quiz.models import Answer
from tests.support.pages import HTMX, csrf_token, public_id_of
from tests.support.student import choose, join, start, stored

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def hinted(client, app, public_id: str, headers=None) -> Answer:
    """Answer the questions before the first that has a hint; that one, unanswered."""
    for answer in stored(app, public_id).answers:
        if answer.hint:
            return answer
        url = f"/attempts/{public_id}/questions/{answer.position}"
        page = client.get(url, headers=headers or {}).get_data(as_text=True)
        client.post(url, data={"csrf_token": csrf_token(page), "choice": 0}, headers=headers or {})
    raise AssertionError("no question of the quiz has a hint")


def ask_hint(client, public_id: str, position: int, headers=None, token=None):
    url = f"/attempts/{public_id}/questions/{position}"
    page = client.get(url, headers=headers or {}).get_data(as_text=True)
    data = {"csrf_token": token if token is not None else csrf_token(page)}
    return client.post(f"{url}/hint", data=data, headers=headers or {})


def used_at(app, public_id: str, position: int):
    return next(a for a in stored(app, public_id).answers if a.position == position).hint_used_at


def test_a_hint_is_offered_then_recorded_once_and_shown_without_javascript(app, client, clock):
    public_id = public_id_of(start(client))
    answer = hinted(client, app, public_id)
    url = f"/attempts/{public_id}/questions/{answer.position}"
    before = client.get(url).get_data(as_text=True)
    assert "Show a hint" in before and answer.hint not in before
    asked = ask_hint(client, public_id, answer.position)
    assert asked.status_code == 303 and asked.headers["Location"] == url
    first = used_at(app, public_id, answer.position)
    assert first is not None
    after = client.get(url).get_data(as_text=True)
    assert answer.hint in after.replace("&#39;", "'") and "Show a hint" not in after
    clock.advance(seconds=30)
    assert ask_hint(client, public_id, answer.position, token=csrf_token(after)).status_code == 303
    assert used_at(app, public_id, answer.position) == first  # recorded once
    answered = choose(client, url, answer.correct_index)
    assert answered.status_code == 303
    shown = client.get(url).get_data(as_text=True)
    assert "Show a hint" not in shown
    assert stored(app, public_id).answers[answer.position - 1].hint_used_at == first


def test_with_htmx_the_hint_swaps_the_panel(app, client):
    public_id = public_id_of(start(client))
    answer = hinted(client, app, public_id)
    panel = ask_hint(client, public_id, answer.position, headers=HTMX)
    html = panel.get_data(as_text=True)
    assert panel.status_code == 200
    assert html.lstrip().startswith('<section id="panel"') and "<html" not in html
    assert 'class="hint"' in html and "Show a hint" not in html
    assert 'name="choice"' in html  # the question is still to answer


def test_no_hint_after_answering_409_nor_for_another_browser_403(app, client):
    public_id = public_id_of(start(client))
    answer = hinted(client, app, public_id)
    stranger = app.test_client()
    public_id_of(start(stranger, name="Ben"))
    token = csrf_token(stranger.get("/quizzes/warm-up/start").get_data(as_text=True))
    url = f"/attempts/{public_id}/questions/{answer.position}/hint"
    assert stranger.post(url, data={"csrf_token": token}).status_code == 403
    mine = csrf_token(client.get(url.removesuffix("/hint")).get_data(as_text=True))
    choose(client, url.removesuffix("/hint"), 0)
    refused = client.post(url, data={"csrf_token": mine})
    assert refused.status_code == 409
    assert used_at(app, public_id, answer.position) is None


def test_bad_requests_are_refused_without_recording(app, client):
    public_id = public_id_of(start(client))
    answer = hinted(client, app, public_id)
    base = f"/attempts/{public_id}/questions"
    assert client.post(f"{base}/{answer.position}/hint").status_code == 400  # no CSRF token
    assert ask_hint(client, public_id, answer.position, token="forged").status_code == 400
    page = client.get(f"{base}/{answer.position}").get_data(as_text=True)
    token = csrf_token(page)
    assert client.post(f"{base}/99/hint", data={"csrf_token": token}).status_code == 404
    answers = stored(app, public_id).answers
    later = next(a for a in answers if a.position > answer.position and a.hint)
    assert (
        client.post(f"{base}/{later.position}/hint", data={"csrf_token": token}).status_code == 409
    )
    assert used_at(app, public_id, later.position) is None
    assert client.post(f"{base}/x/hint", data={"csrf_token": token}).status_code == 404
    assert client.get(f"{base}/{answer.position}/hint").status_code == 405
    with app.app_context():  # a question without a hint
        db.session.execute(db.update(Answer).where(Answer.id == answer.id).values(hint=""))
        db.session.commit()
    assert "Show a hint" not in client.get(f"{base}/{answer.position}").get_data(as_text=True)
    assert (
        client.post(f"{base}/{answer.position}/hint", data={"csrf_token": token}).status_code == 400
    )
    assert used_at(app, public_id, answer.position) is None


def test_an_assessment_offers_no_hint(app, teacher):
    code = teacher.join_code(teacher.create_assessment())
    student = app.test_client()
    public_id = public_id_of(join(student, code, "Ana"))
    answer = hinted(student, app, public_id)
    page = student.get(f"/attempts/{public_id}/questions/{answer.position}").get_data(as_text=True)
    assert "Show a hint" not in page and answer.hint not in page
    assert ask_hint(student, public_id, answer.position).status_code == 403
    assert used_at(app, public_id, answer.position) is None


def test_the_teacher_sees_which_answers_had_a_hint_and_each_question_s_hint(app, teacher):
    assignment_id = teacher.create_assignment(mode="practice")
    student = app.test_client()
    public_id = public_id_of(join(student, teacher.join_code(assignment_id), "Ana"))
    answer = hinted(student, app, public_id)
    assert ask_hint(student, public_id, answer.position).status_code == 303
    choose(student, f"/attempts/{public_id}/questions/{answer.position}", 0)
    url = f"/teacher/assignments/{assignment_id}/students/{stored(app, public_id).id}"
    page = teacher.page(url)
    assert page.count("hint used") == 1
    rows = page.split("<tr>")
    assert "hint used" in next(r for r in rows if f"<td>{answer.position}</td>" in r)
    assert "indice utilisé" in teacher.page(url, headers=FRENCH)
    browser = teacher.page("/teacher/questions")
    assert "Hint, offered in practice:" in browser and "Thread:" in browser


def test_french_shows_the_hint_in_french(app):
    client = app.test_client()
    public_id = public_id_of(start(client, headers=FRENCH))
    answer = hinted(client, app, public_id, headers=FRENCH)
    url = f"/attempts/{public_id}/questions/{answer.position}"
    assert "Afficher un indice" in client.get(url, headers=FRENCH).get_data(as_text=True)
    assert ask_hint(client, public_id, answer.position, headers=FRENCH).status_code == 303
    page = client.get(url, headers=FRENCH).get_data(as_text=True)
    assert "Indice\u202f:" in page or "Indice\u00a0:" in page
    assert answer.hint in page.replace("&#39;", "'")
    assert stored(app, public_id).language == "fr"
