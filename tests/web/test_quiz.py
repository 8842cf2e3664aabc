"""The student's flow end to end, with and without htmx, and every way of tampering with it."""

from __future__ import annotations

import re

import pytest

from tests.support.pages import HTMX, csrf_token, option_texts, public_id_of
from tests.support.student import choose, start, stored


def test_quiz_list_shows_every_preset(client):
    html = client.get("/quizzes").get_data(as_text=True)
    assert 'href="/quizzes/warm-up/start"' in html
    assert "Fixture warm-up" in html


def test_whole_quiz_without_javascript(app, client):
    started = start(client)
    assert started.status_code == 303
    public_id = public_id_of(started)
    attempt = stored(app, public_id)
    assert attempt.display_name == "Ana" and attempt.total == 4
    right = 0
    for answer in attempt.answers:
        url = f"/attempts/{public_id}/questions/{answer.position}"
        page = client.get(url).get_data(as_text=True)
        assert f"Question {answer.position} of 4" in page
        choice = (
            answer.correct_index
            if answer.position % 2
            else (answer.correct_index + 1) % len(answer.options)
        )
        right += answer.position % 2
        posted = choose(client, url, choice)
        assert posted.status_code == 303 and posted.headers["Location"] == url
        feedback = client.get(url).get_data(as_text=True)
        assert ("Right!" in feedback) == bool(answer.position % 2)
        assert answer.explanation.split(".")[0].replace("'", "&#39;") in feedback
    final = client.get(f"/attempts/{public_id}").headers["Location"]
    assert final.endswith(f"/attempts/{public_id}/results")
    results = client.get(final).get_data(as_text=True)
    assert f"{right} out of 4" in results
    assert stored(app, public_id).finished_at is not None


def test_whole_quiz_with_htmx_swaps_only_the_panel(app, client):
    public_id = public_id_of(start(client))
    attempt = stored(app, public_id)
    for answer in attempt.answers:
        url = f"/attempts/{public_id}/questions/{answer.position}"
        fragment = client.get(url, headers=HTMX).get_data(as_text=True)
        assert fragment.lstrip().startswith('<section id="panel"') and "<html" not in fragment
        posted = choose(client, url, answer.correct_index, htmx=True)
        html = posted.get_data(as_text=True)
        assert posted.status_code == 200
        assert html.lstrip().startswith('<section id="panel"')
        assert "Right!" in html and 'aria-live="polite"' in html
        assert posted.headers["HX-Push-Url"] == url
        assert "HX-Request" in posted.headers["Vary"]
    assert stored(app, public_id).score == 4


def test_the_answer_key_is_not_in_the_page_before_answering(app, client):
    public_id = public_id_of(start(client))
    answer = stored(app, public_id).answers[0]
    html = client.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True)
    assert option_texts(html) == [o["text"].replace("'", "&#39;") for o in answer.options]
    assert answer.explanation.replace("'", "&#39;") not in html
    assert "correct" not in html.split('id="panel"')[1].lower()


@pytest.mark.parametrize(
    ("right", "band"),
    [(4, "Well done"), (3, "A good start"), (2, "A good start"), (1, "still new to you")],
)
def test_the_score_comes_with_a_word_for_its_band(app, client, right, band):
    public_id = public_id_of(start(client))
    for answer in stored(app, public_id).answers:
        ok = answer.position <= right
        choice = answer.correct_index if ok else (answer.correct_index + 1) % len(answer.options)
        choose(client, f"/attempts/{public_id}/questions/{answer.position}", choice)
    page = client.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    bands = re.findall(r'<p class="score-band">\s*(.*?)</p>', page, re.S)
    assert len(bands) == 1 and band in bands[0]


def test_each_attempt_shuffles_its_own_options(app, client):
    orders = set()
    for name in ["A", "B", "C", "D", "E", "F"]:
        attempt = stored(app, public_id_of(start(client, name=name)))
        orders.add(tuple(r.correct_index for r in attempt.answers))
    assert len(orders) > 1


def test_answering_twice_is_refused_and_keeps_the_score(app, client):
    public_id = public_id_of(start(client))
    url = f"/attempts/{public_id}/questions/1"
    first = stored(app, public_id).answers[0]
    wrong = (first.correct_index + 1) % 4
    token = csrf_token(client.get(url).get_data(as_text=True))
    choose(client, url, wrong)
    again = client.post(url, data={"csrf_token": token, "choice": first.correct_index})
    assert again.status_code == 409
    assert "already answered" in again.get_data(as_text=True)
    after = stored(app, public_id)
    assert after.score == 0 and after.answers[0].chosen_index == wrong


def test_answering_ahead_of_the_current_question_is_refused(app, client):
    public_id = public_id_of(start(client))
    token = csrf_token(client.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True))
    ahead = client.post(
        f"/attempts/{public_id}/questions/3", data={"csrf_token": token, "choice": 0}
    )
    assert ahead.status_code == 409
    assert "in order" in ahead.get_data(as_text=True)
    assert stored(app, public_id).answers[2].chosen_index is None
    # Looking ahead by GET just goes back to the current question.
    assert (
        client.get(f"/attempts/{public_id}/questions/3")
        .headers["Location"]
        .endswith("/questions/1")
    )


@pytest.mark.parametrize(("choice", "status"), [("7", 400), ("-1", 400), ("abc", 400), ("", 400)])
def test_a_choice_that_is_not_an_option_is_a_400(app, client, choice, status):
    public_id = public_id_of(start(client))
    url = f"/attempts/{public_id}/questions/1"
    response = choose(client, url, choice)
    assert response.status_code == status
    assert stored(app, public_id).answers[0].chosen_index is None
    assert "Traceback" not in response.get_data(as_text=True)


def test_no_choice_re_shows_the_question_with_a_message(app, client):
    public_id = public_id_of(start(client))
    url = f"/attempts/{public_id}/questions/1"
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token}, headers=HTMX)
    assert response.status_code == 400
    assert "Choose one of the answers first." in response.get_data(as_text=True)


def test_someone_elses_attempt_is_forbidden(app, client):
    public_id = public_id_of(start(client))
    stranger = app.test_client()
    assert stranger.get(f"/attempts/{public_id}/questions/1").status_code == 403
    token = csrf_token(stranger.get("/quizzes/warm-up/start").get_data(as_text=True))
    posted = stranger.post(
        f"/attempts/{public_id}/questions/1", data={"csrf_token": token, "choice": 0}
    )
    assert posted.status_code == 403
    assert stored(app, public_id).answers[0].chosen_index is None


def test_unknown_attempt_and_question_are_404(app, client):
    public_id = public_id_of(start(client))
    assert client.get("/attempts/nope/questions/1").status_code == 404
    assert client.get(f"/attempts/{public_id}/questions/99").status_code == 404
    assert client.get("/quizzes/nope/start").status_code == 404


def test_post_without_csrf_token_is_refused(app, client):
    page = client.get("/quizzes/warm-up/start")
    assert page.status_code == 200
    response = client.post("/quizzes/warm-up/start", data={"display_name": "Ana"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    public_id = public_id_of(start(client))
    response = client.post(f"/attempts/{public_id}/questions/1", data={"choice": 0})
    assert response.status_code == 400
    assert stored(app, public_id).answers[0].chosen_index is None


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("", "", "Please enter a name"),
        ("x" * 41, "", "under 40 characters"),
        ("Ana", "no spaces!", "3 to 12 letters or digits"),
    ],
)
def test_bad_start_form_is_a_400_with_the_reason(client, name, code, message):
    response = start(client, name=name, class_code=code)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_whitespace_is_not_a_name(client):
    response = start(client, name="     ")
    assert response.status_code == 400
    assert "Please enter a name" in response.get_data(as_text=True)


def test_display_name_with_markup_is_escaped(app, client):
    public_id = public_id_of(start(client, name="<script>alert(1)</script>"))
    for answer in stored(app, public_id).answers:
        choose(client, f"/attempts/{public_id}/questions/{answer.position}", 0)
    html = client.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_attempt_survives_a_restart_and_content_edits(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir))
    client = app.test_client()
    public_id = public_id_of(start(client))
    first = stored(app, public_id).answers[0]
    choose(client, f"/attempts/{public_id}/questions/1", first.correct_index)
    # Content changes (an event is deleted, another retitled) and the server restarts.
    for path in (content_dir / "events").glob("*.md"):
        text = path.read_text()
        path.write_text(re.sub(r"^title: .*$", "title: Renamed", text, count=1, flags=re.M))
    restarted = make_app(CONTENT_DIR=str(content_dir))
    again = restarted.test_client()
    with client.session_transaction() as old, again.session_transaction() as new:
        new.update(old)  # the same browser, with its signed cookie
    resumed = again.get(f"/attempts/{public_id}")
    assert resumed.headers["Location"].endswith("/questions/2")
    html = again.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True)
    assert first.options[first.correct_index]["text"].replace("'", "&#39;") in html
    attempt = stored(restarted, public_id)
    assert attempt.score == 1 and attempt.answers[0].prompt == first.prompt


def test_quiz_me_on_this_event(app, client):
    page = client.get("/events/treaty-signed").get_data(as_text=True)
    assert 'href="/quizzes/event-treaty-signed/start"' in page
    started = start(client, preset="event-treaty-signed")
    attempt = stored(app, public_id_of(started))
    assert attempt.preset_title == "Partnership treaty signed in Pyongyang"
    assert any("treaty-signed" in r.event_ids for r in attempt.answers)
    for served in attempt.answers:  # the title names the event, so it answers none of them
        assert not any(o["text"] in attempt.preset_title for o in served.options)
