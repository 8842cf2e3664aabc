"""Self-study (issue 16): practice rounds after a quiz, score bands from the content, and spaced
review of every question a browser answered, scheduled by FSRS, on a frozen clock."""

from __future__ import annotations

import re
from datetime import UTC

import pytest
from fsrs import Card, Rating

from quiz.extensions import db
from quiz.models import REVIEW, Attempt, ReviewCard
from quiz.services.review import SCHEDULER
from tests.support.pages import csrf_token, public_id_of
from tests.support.student import choose, join, start, stored

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def take(client, app, public_id: str, right=lambda answer: True, headers=None) -> Attempt:
    """Answer every question of the attempt, right where `right(answer)` says so."""
    for answer in stored(app, public_id).answers:
        url = f"/attempts/{public_id}/questions/{answer.position}"
        page = client.get(url, headers=headers or {}).get_data(as_text=True)
        choice = answer.correct_index if right(answer) else (answer.correct_index + 1) % 4
        posted = client.post(
            url,
            data={"csrf_token": csrf_token(page), "choice": choice},
            headers=headers or {},
        )
        assert posted.status_code == 303
    return stored(app, public_id)


def every_other(answer) -> bool:
    return answer.position % 2 == 1  # 1 and 3 right, 2 and 4 missed


def cards(app) -> dict[str, ReviewCard]:
    with app.app_context():
        return {c.question_id: c for c in db.session.scalars(db.select(ReviewCard))}


def post_form(client, page_url: str, action: str, headers=None):
    """Press the button of the form posting to `action` on the page at `page_url`."""
    page = client.get(page_url, headers=headers or {}).get_data(as_text=True)
    form = re.search(rf'<form method="post" action="{re.escape(action)}">(.*?)</form>', page, re.S)
    assert form, f"no form posts to {action}"
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', form[1])
    data = {"csrf_token": csrf_token(form[1]), "start_token": token[1] if token else ""}
    return client.post(action, data=data, headers=headers or {})


def finished(client, app, right=every_other) -> Attempt:
    return take(client, app, public_id_of(start(client)), right)


# -- spaced review -------------------------------------------------------------------------------
def test_a_missed_card_is_due_sooner_than_a_known_one(app, client, clock):
    attempt = finished(client, app)
    known, missed = attempt.answers[0].question_id, attempt.answers[1].question_id
    first = cards(app)
    assert len(first) == 4
    assert first[missed].due < first[known].due
    assert (first[missed].lapses, first[known].lapses) == (1, 0)
    # The next day both are due; reviewed again the same way, the known one graduates to days
    # and the missed one stays within the hour.
    clock.advance(days=1)
    review = public_id_of(post_form(client, "/quizzes", "/review"))
    take(client, app, review, lambda a: a.question_id != missed)
    second = cards(app)
    assert second[known].due - clock.now > second[missed].due - clock.now
    assert second[missed].due - clock.now <= clock.advance(seconds=0) - clock.now + _minutes(10)
    assert second[known].reviews == 2 and second[missed].lapses == 2


def _first_review(at, right: bool) -> dict:
    fresh = Card(card_id=0, due=at.replace(tzinfo=UTC))
    return SCHEDULER.review_card(fresh, Rating.Good if right else Rating.Again, fresh.due)[
        0
    ].to_dict()


def _memory(state: dict) -> tuple:
    """What FSRS remembers of a card, without its (fuzzed) due date."""
    return state["state"], state["step"], state["stability"], state["difficulty"]


def test_each_card_is_scheduled_from_its_own_reviews_only(app, client, clock):
    # Four cards of one learner (two right, two missed) each get exactly a first review's state:
    # none is scheduled from the state of another card (SQLite's RETURNING once read any card
    # of the learner's for the question's).
    attempt = finished(client, app)
    first = cards(app)
    for answer in attempt.answers:
        assert first[answer.question_id].state == _first_review(clock.now, every_other(answer))
    clock.advance(days=1)
    take(client, app, public_id_of(post_form(client, "/quizzes", "/review")))
    for question_id, card in cards(app).items():  # all four reviewed again, all right
        own = Card.from_dict(first[question_id].state)
        expected = SCHEDULER.review_card(own, Rating.Good, clock.now.replace(tzinfo=UTC))[0]
        assert _memory(card.state) == _memory(expected.to_dict()), question_id


def _minutes(n: int):
    from datetime import timedelta

    return timedelta(minutes=n)


def test_the_quizzes_page_counts_the_due_cards_and_a_review_serves_exactly_them(app, client, clock):
    attempt = finished(client, app)
    missed = [a.question_id for a in attempt.answers if a.position % 2 == 0]
    assert "Due for review" not in client.get("/quizzes").get_data(as_text=True)  # none yet
    clock.advance(minutes=5)  # Again comes back after a minute, Good after ten (FSRS steps)
    page = client.get("/quizzes").get_data(as_text=True)
    assert "Due for review: 2 questions" in page
    started = post_form(client, "/quizzes", "/review")
    assert started.status_code == 303
    session_attempt = stored(app, public_id_of(started))
    assert sorted(a.question_id for a in session_attempt.answers) == sorted(missed)
    assert session_attempt.preset_id == REVIEW and session_attempt.display_name == "Ana"
    assert session_attempt.assignment_id is None
    take(client, app, session_attempt.public_id)
    assert "Due for review" not in client.get("/quizzes").get_data(as_text=True)
    clock.advance(days=3)
    assert "Due for review: 4 questions" in client.get("/quizzes").get_data(as_text=True)


def test_another_browser_has_a_schedule_of_its_own(app, client, clock):
    finished(client, app)
    clock.advance(days=1)
    other = app.test_client()
    assert "Due for review" not in other.get("/quizzes").get_data(as_text=True)
    assert post_form(client, "/quizzes", "/review").status_code == 303
    token = csrf_token(other.get("/quizzes/warm-up/start").get_data(as_text=True))
    refused = other.post("/review", data={"csrf_token": token})
    assert refused.status_code == 409  # nothing due here: no attempt is made


def test_an_answer_in_english_and_one_in_french_review_one_card(app, client, clock):
    attempt = finished(client, app)
    clock.advance(days=1)  # every card is due: the review, in French, asks all four
    retried = take(client, app, public_id_of(post_form(client, "/quizzes", "/review", FRENCH)))
    assert retried.language == "fr"
    assert {a.question_id for a in retried.answers} == {a.question_id for a in attempt.answers}
    assert retried.answers[0].prompt not in {a.prompt for a in attempt.answers}  # in French
    found = cards(app)
    assert len(found) == 4 and {c.reviews for c in found.values()} == {2}


def test_a_card_whose_question_left_the_content_retires(make_app, content_dir, clock):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    client = app.test_client()
    attempt = finished(client, app)
    gone = attempt.answers[1].question_id
    # A teacher keeps the question out of every quiz: the content no longer yields it.
    (content_dir / "excluded.yaml").write_text(f"- {gone}  # removed in a test\n")
    clock.advance(days=1)
    assert "Due for review: 4 questions" in client.get("/quizzes").get_data(as_text=True)
    review = stored(app, public_id_of(post_form(client, "/quizzes", "/review")))
    assert review.total == 3 and gone not in {a.question_id for a in review.answers}
    assert cards(app)[gone].retired_at == clock.now
    take(client, app, review.public_id)
    clock.advance(days=60)  # however long it waits, it is never due again
    assert "Due for review: 3 questions" in client.get("/quizzes").get_data(as_text=True)
    again = stored(app, public_id_of(post_form(client, "/quizzes", "/review")))
    assert gone not in {a.question_id for a in again.answers}


def test_an_assessment_schedules_nothing_before_its_review(app, client, teacher, clock):
    code = teacher.join_code(teacher.create_assessment())
    public_id = public_id_of(join(client, code, "Ana"))
    take(client, app, public_id, every_other)
    assert cards(app) == {}
    clock.advance(days=2)
    assert "Due for review" not in client.get("/quizzes").get_data(as_text=True)
    page = client.get(f"/attempts/{public_id}/results").get_data(as_text=True)
    assert "Practise" not in page and "Show solution" not in page
    token = csrf_token(client.get("/quizzes/warm-up/start").get_data(as_text=True))
    for action in ("practise", "retry"):
        tried = client.post(f"/attempts/{public_id}/{action}", data={"csrf_token": token})
        assert tried.status_code == 403  # the answer key waits for the review


# -- practice after a quiz -----------------------------------------------------------------------
def option_orders(attempt: Attempt) -> dict[str, list]:
    return {a.question_id: [o["text"] for o in a.options] for a in attempt.answers}


def test_practise_the_ones_missed_keeps_the_name_and_asks_only_those(app, client, clock):
    attempt = finished(client, app)
    results = f"/attempts/{attempt.public_id}/results"
    page = client.get(results).get_data(as_text=True)
    assert "Practise the 2 you missed" in page and "Your name" not in page
    started = post_form(client, results, f"/attempts/{attempt.public_id}/practise")
    assert started.status_code == 303
    practice = stored(app, public_id_of(started))
    missed = option_orders(attempt)
    asked = option_orders(practice)
    assert set(asked) == {a.question_id for a in attempt.answers if not a.is_correct}
    assert all(sorted(asked[q]) == sorted(missed[q]) for q in asked)  # the same choices
    assert practice.display_name == "Ana" and practice.preset_id == attempt.preset_id
    assert practice.preset_title == f"{attempt.preset_title}: the ones you missed"
    assert practice.order_seed != attempt.order_seed  # shuffled anew


def test_retry_asks_the_same_questions_reshuffled(app, client):
    attempt = finished(client, app)
    orders = option_orders(attempt)
    reshuffled = False
    for _ in range(3):  # each round shuffles anew: three rounds alike by chance is 1 in 24^12
        started = post_form(
            client, f"/attempts/{attempt.public_id}/results", f"/attempts/{attempt.public_id}/retry"
        )
        again = stored(app, public_id_of(started))
        assert again.display_name == "Ana" and again.total == 4
        assert {q: sorted(o) for q, o in option_orders(again).items()} == {
            q: sorted(o) for q, o in orders.items()
        }
        reshuffled = reshuffled or option_orders(again) != orders
    assert reshuffled


def test_the_same_form_sent_twice_starts_one_round(app, client):
    attempt = finished(client, app)
    results = f"/attempts/{attempt.public_id}/results"
    page = client.get(results).get_data(as_text=True)
    token = re.search(r'name="start_token" type="hidden" value="([^"]+)"', page)[1]
    data = {"csrf_token": csrf_token(page), "start_token": token}
    first = client.post(f"/attempts/{attempt.public_id}/retry", data=data)
    second = client.post(f"/attempts/{attempt.public_id}/retry", data=data)
    assert first.headers["Location"] == second.headers["Location"]


def test_show_solution_reveals_a_missed_answer_only_when_asked(app, client):
    attempt = finished(client, app)
    page = client.get(f"/attempts/{attempt.public_id}/results").get_data(as_text=True)
    items = re.findall(
        r'<li class="review-item (is-right|is-wrong)">(.*?)</li>\s*(?=<li|</ol)', page, re.S
    )
    assert [kind for kind, _ in items] == ["is-right", "is-wrong", "is-right", "is-wrong"]
    for (kind, html), answer in zip(items, attempt.answers, strict=True):
        right = answer.correct["text"].replace("'", "&#39;")
        if kind == "is-wrong":
            before, _, hidden = html.partition('<details class="solution">')
            assert "<summary>Show solution</summary>" in hidden and right in hidden
            assert right not in before
        else:
            assert "<details" not in html and right in html


def test_the_score_band_comes_from_the_content_in_each_language(app, client):
    attempt = finished(client, app, right=lambda a: a.position == 1)  # 25%
    results = f"/attempts/{attempt.public_id}/results"
    assert "Fixture band: this is still new to you." in client.get(results).get_data(as_text=True)
    en_français = public_id_of(start(client, headers=FRENCH))
    take(client, app, en_français, right=lambda a: False)
    french = client.get(f"/attempts/{en_français}/results").get_data(as_text=True)
    assert "c’est encore nouveau pour vous." in french  # typeset: a no-break space before :
    best = finished(client, app, right=lambda a: True)  # 100%: the last band includes it
    page = client.get(f"/attempts/{best.public_id}/results").get_data(as_text=True)
    assert "Well done, says the fixture band." in page


def test_a_quiz_may_carry_bands_of_its_own(make_app, content_dir):
    quizzes = content_dir / "quizzes.yaml"
    quizzes.write_text(
        quizzes.read_text()
        + "  bands:\n"
        + "    - {from: 0, to: 100, message: The warm-up's own word.}\n"
    )
    app = make_app(CONTENT_DIR=str(content_dir))
    client = app.test_client()
    attempt = finished(client, app)
    page = client.get(f"/attempts/{attempt.public_id}/results").get_data(as_text=True)
    assert re.findall(r'<p class="score-band">(.*?)</p>', page) == ["The warm-up&#39;s own word."]


@pytest.mark.parametrize(
    "url",
    ["/review", "/attempts/{id}/practise", "/attempts/{id}/retry"],
)
def test_bad_form_data_is_a_400(app, client, url):
    attempt = finished(client, app)
    url = url.format(id=attempt.public_id)
    page = client.get(f"/attempts/{attempt.public_id}/results").get_data(as_text=True)
    token = csrf_token(page)
    assert client.post(url, data={}).status_code == 400  # no CSRF token
    for start_token in ("short", "x" * 65, "bad token!", "\x00" * 20):
        sent = client.post(url, data={"csrf_token": token, "start_token": start_token})
        assert sent.status_code == 400


def test_a_round_of_an_attempt_under_way_or_of_another_browser_is_refused(app, client):
    public_id = public_id_of(start(client))
    page = client.get(f"/attempts/{public_id}/questions/1").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page)}
    assert client.post(f"/attempts/{public_id}/practise", data=data).status_code == 400
    take(client, app, public_id)
    other = app.test_client()
    token = csrf_token(other.get("/quizzes/warm-up/start").get_data(as_text=True))
    stranger = other.post(f"/attempts/{public_id}/retry", data={"csrf_token": token})
    assert stranger.status_code == 403
    assert client.post("/attempts/nope/retry", data=data).status_code == 404


def test_nothing_missed_offers_retry_only(app, client):
    attempt = finished(client, app, right=lambda a: True)
    page = client.get(f"/attempts/{attempt.public_id}/results").get_data(as_text=True)
    assert "Practise" not in page and ">Retry</button>" in page
    assert "Show solution" not in page
    choose  # noqa: B018 - the student helpers stay importable from one place


def schedule_table(app, now) -> str:
    """One line a card: how the learner's schedule stands (the closing note prints this)."""
    lines = []
    for card in sorted(cards(app).values(), key=lambda c: (c.due, c.question_id)):
        state = {1: "learning", 2: "review", 3: "relearning"}[card.state["state"]]
        wait = card.due - now
        hours = wait.total_seconds() / 3600
        when = f"in {hours / 24:.1f} days" if hours >= 24 else f"in {hours * 60:.0f} min"
        stability = card.state["stability"]
        lines.append(
            f"  {card.question_id[:34]:<34} {card.reviews} answers, {card.lapses} missed,"
            f" {state:<10} stability {stability:5.2f} d, due {card.due:%a %d %H:%M} ({when})"
        )
    return "\n".join(lines)


def test_a_learners_schedule_over_three_sessions_on_simulated_days(app, client, clock, capsys):
    """Day 1 a quiz (two missed); day 2 a review of everything due (one missed again); day 4 a
    review of what is due then. The known cards drift days away; the missed one stays near."""
    report = []
    attempt = finished(client, app)  # 1 and 3 right, 2 and 4 missed
    stubborn = attempt.answers[3].question_id
    report.append(f"Session 1, {clock.now:%a %d %b %H:%M}: a quiz, 2 of 4 right")
    report.append(schedule_table(app, clock.now))
    for day, label in ((1, "Session 2"), (3, "Session 3")):
        clock.advance(days=day)
        due = re.search(r"Due for review: (\d+)", client.get("/quizzes").get_data(as_text=True))
        session = public_id_of(post_form(client, "/quizzes", "/review"))
        reviewed = take(client, app, session, lambda a: a.question_id != stubborn)
        report.append(
            f"{label}, {clock.now:%a %d %b %H:%M}: the quizzes page said 'Due for review: "
            f"{due[1]}'; the session asked {reviewed.total}, {reviewed.score} right"
        )
        report.append(schedule_table(app, clock.now))
    found = cards(app)
    assert found[stubborn].due < min(c.due for q, c in found.items() if q != stubborn)
    with capsys.disabled():
        print("\n" + "\n".join(report))


def test_the_question_browser_shows_how_often_each_question_is_missed(app, client, teacher, clock):
    attempt = finished(client, app)  # 2 and 4 missed
    clock.advance(days=1)
    take(client, app, public_id_of(post_form(client, "/quizzes", "/review")))  # all right
    page = teacher.page("/teacher/questions")
    cards_html = page.split('<li class="panel question-card">')[1:]
    by_id = {re.search(r"<code>([^<]+)</code>", c)[1]: c for c in cards_html}
    for answer in attempt.answers:
        expected = (
            "Missed in 1 of 2 answers (50%)"
            if answer.position % 2 == 0
            else ("Missed in 0 of 2 answers (0%)")
        )
        assert expected in by_id[answer.question_id]
    others = [c for q, c in by_id.items() if q not in {a.question_id for a in attempt.answers}]
    assert others and all("No student has answered it yet." in c for c in others)
