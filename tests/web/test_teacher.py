"""Teachers: accounts, assignments, results with item statistics, CSV, GIFT, live reload."""

from __future__ import annotations

import csv
import io
import re

import pytest
from markupsafe import escape

from quiz.extensions import db
from quiz.models import Teacher
from tests.support.pages import HTMX, attempt_url, csrf_token, public_id_of
from tests.support.sql import statements
from tests.support.student import choose, join, start, stored
from tests.support.teacher import EMAIL, PASSWORD, TeacherActions


def test_cli_creates_a_teacher_with_a_slow_hash_never_the_password(app, teacher_account):
    with app.app_context():
        stored_teacher = db.session.scalar(db.select(Teacher))
    assert stored_teacher.email == EMAIL  # typed in mixed case, kept in lower case
    assert stored_teacher.password_hash.startswith("scrypt:")
    assert PASSWORD not in stored_teacher.password_hash


def test_cli_refuses_short_passwords_and_bad_emails(app):
    runner = app.test_cli_runner()
    short = runner.invoke(args=["teacher", "create", "a@b.org"], input="short\n")
    assert short.exit_code != 0 and "at least 10 characters" in short.output
    bad = runner.invoke(args=["teacher", "create", "nobody"], input=PASSWORD + "\n")
    assert bad.exit_code != 0


@pytest.mark.parametrize(
    "url",
    [
        "/teacher/",
        "/teacher/content",
        "/teacher/questions.gift",
        "/teacher/assignments/1",
        "/teacher/assignments/1/students.csv",
        "/teacher/assignments/1/questions.csv",
        "/teacher/assignments/1/responses.csv",
        "/teacher/assignments/1/students/1",
    ],
)
def test_every_teacher_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teacher/login")


def test_wrong_password_is_a_401_and_the_sixth_try_is_limited(teacher_account):
    for _ in range(5):
        assert teacher_account.log_in(password="wrong password!").status_code == 401
    assert teacher_account.log_in().status_code == 429  # even the right password waits now


def test_login_redirects_only_to_our_own_pages(teacher_account):
    response = teacher_account.log_in(query_string={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/teacher/"


def test_logout_needs_a_post_with_csrf(teacher):
    assert teacher.client.get("/teacher/logout").status_code == 405
    token = csrf_token(teacher.client.get("/teacher/").get_data(as_text=True))
    teacher.client.post("/teacher/logout", data={"csrf_token": token})
    assert teacher.client.get("/teacher/").status_code == 302


def test_assignment_gives_every_student_the_same_questions(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    assert len(code) == 6
    seen = []
    for name in ["Ana", "Ben", "Chloé"]:
        student = app.test_client()
        assert student.get(f"/join?code={code.lower()}").headers["Location"] == f"/join/{code}"
        assert "Class assignment" in student.get(f"/join/{code}").get_data(as_text=True)
        started = join(student, code, name)
        attempt = stored(app, public_id_of(started))
        assert attempt.assignment_id == assignment_id and attempt.class_code == code
        seen.append([r.question_id for r in attempt.answers])
    assert seen[0] == seen[1] == seen[2]


def test_class_code_on_the_start_form_joins_the_assignment(app, teacher):
    code = teacher.join_code(teacher.create_assignment())
    response = start(app.test_client(), preset="warm-up", class_code=code.lower())
    assert response.status_code == 307 and response.headers["Location"] == f"/join/{code}"
    unknown = app.test_client().get("/join/ZZZZZZ")
    assert unknown.status_code == 404 and "No open class assignment uses this code" in (
        unknown.get_data(as_text=True)
    )


def test_closed_assignment_refuses_new_attempts(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    page = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert 'name="action" value="close"' in page
    close = {"csrf_token": csrf_token(page), "action": "close"}
    student = app.test_client()
    join(student, code, "Ana")
    for _ in range(2):  # a double click (or a resubmitted form) keeps it closed
        teacher.client.post(f"/teacher/assignments/{assignment_id}/close", data=close)
    refused = student.get(f"/join/{code}")  # a browser that took part is told why
    assert refused.status_code == 410
    assert "closed" in refused.get_data(as_text=True)
    stranger = app.test_client().get(f"/join/{code}")  # a stranger: as if the code were unknown
    unknown = app.test_client().get("/join/ZZZZZZ")
    assert stranger.status_code == unknown.status_code == 404
    assert stranger.get_data() == unknown.get_data().replace(b"ZZZZZZ", code.encode())
    teacher.client.post(
        f"/teacher/assignments/{assignment_id}/close", data={**close, "action": "reopen"}
    )
    assert app.test_client().get(f"/join/{code}").status_code == 200


def test_an_assignment_keeps_its_questions_when_the_content_changes(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    teacher = TeacherActions(app).create_account()
    teacher.log_in()
    code = teacher.join_code(teacher.create_assignment())
    first = stored(app, public_id_of(join(app.test_client(), code, "Ana")))
    new_event = (content_dir / "events" / "2024-06-19-treaty-signed.md").read_text()
    (content_dir / "events" / "2024-06-25-extra-event.md").write_text(
        new_event.replace("2024-06-19", "2024-06-25").replace("Partnership treaty", "Extra")
    )
    (content_dir / "events" / "2024-06-25-extra-event.fr.md").write_text(
        (content_dir / "events" / "2024-06-19-treaty-signed.fr.md").read_text()
    )
    app.test_client().get("/")  # the edit is noticed
    later = stored(app, public_id_of(join(app.test_client(), code, "Bea")))
    assert [r.question_id for r in later.answers] == [r.question_id for r in first.answers]


def test_a_shared_computer_offers_to_continue_but_lets_the_next_student_start(app, teacher):
    code = teacher.join_code(teacher.create_assignment())
    computer = app.test_client()
    first = attempt_url(join(computer, code, "Ana"))
    page = computer.get(f"/join/{code}").get_data(as_text=True)
    assert "This browser already has an attempt by Ana" in page
    assert f'href="{first}"' in page
    second = attempt_url(join(computer, code, "Ben"))
    assert second != first


def test_another_teachers_assignment_is_not_found(app, teacher):
    assignment_id = teacher.create_assignment()
    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    assert other.client.get(f"/teacher/assignments/{assignment_id}").status_code == 404
    assert other.client.get(f"/teacher/assignments/{assignment_id}/students.csv").status_code == 404


def play(app, code, name, right: set[int]):
    """A student joins and answers: right on the positions in `right`, wrong elsewhere."""
    student = app.test_client()
    public_id = public_id_of(join(student, code, name))
    for answer in stored(app, public_id).answers:
        choice = (
            answer.correct_index
            if answer.position in right
            else (answer.correct_index + 1) % len(answer.options)
        )
        choose(student, f"/attempts/{public_id}/questions/{answer.position}", choice)
    return public_id


def test_results_tables_statistics_and_csv(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    play(app, code, "Ana", {1, 2, 3, 4})
    play(app, code, "Ben", {1, 2, 3})
    play(app, code, "Chloé", {1, 2})
    play(app, code, '=HYPERLINK("x")', {1})
    html = teacher.client.get(f"/teacher/assignments/{assignment_id}?sort=score").get_data(
        as_text=True
    )
    assert html.index("Ana") < html.index("Ben") < html.index("Chloé")
    assert "4 / 4 (100%)" in html and "Only 4 finished attempts" in html
    # Question 1: everyone right (facility 100%, no spread so no discrimination).
    assert "Facility: 100% · Discrimination: –" in html
    assert "Facility: 25%" in html  # question 4: only Ana
    fragment = teacher.client.get(
        f"/teacher/assignments/{assignment_id}?sort=name", headers=HTMX
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="results"')

    students = teacher.client.get(f"/teacher/assignments/{assignment_id}/students.csv?sort=name")
    assert students.mimetype == "text/csv"
    text = students.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["name", "score", "out of"]
    names = [row[0] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("x")', "Ana", "Ben", "Chloé"]
    items = list(
        csv.reader(
            io.StringIO(
                teacher.client.get(f"/teacher/assignments/{assignment_id}/questions.csv")
                .get_data(as_text=True)
                .lstrip("\ufeff")
            )
        )
    )
    assert items[0][4:6] == ["facility %", "discrimination %"]
    assert {row[4] for row in items[1:]} == {"100.0", "75.0", "50.0", "25.0"}
    assert sum(int(row[7]) for row in items[1:] if row[0] == "1") == 4


def test_content_page_shows_version_counts_and_warnings(teacher):
    html = teacher.client.get("/teacher/content").get_data(as_text=True)
    assert "The content files are valid and in service." in html
    assert "Events</dt><dd>5</dd>" in html
    assert "No hand-written question or facts: hook covers" in html


def test_gift_export_of_the_bank_and_of_a_preset(teacher):
    bank = teacher.client.get("/teacher/questions.gift")
    text = bank.get_data(as_text=True)
    assert bank.headers["Content-Disposition"] == 'attachment; filename="question-bank.gift"'
    assert "$CATEGORY: Test timeline/Hand-written questions" in text
    assert "::treaty-clause::What does the treaty" in text
    assert "####Article 4 provides" in text
    # a generated question arrives whole: its stem carries the title it asks about
    assert (
        "::date-treaty-signed::In which month and year did this happen? “Partnership treaty" in text
    )
    one = teacher.client.get("/teacher/questions.gift?preset=warm-up").get_data(as_text=True)
    assert "$CATEGORY: Test timeline/Fixture warm-up" in one
    assert teacher.client.get("/teacher/questions.gift?preset=nope").status_code == 404


def test_the_question_browser_shows_every_question_with_its_line(app, teacher):
    assert app.test_client().get("/teacher/questions").status_code in (302, 401)
    page = teacher.client.get("/teacher/questions").get_data(as_text=True)
    assert "date:treaty-signed" in page  # the id a teacher copies into excluded.yaml
    assert "events/2024-06-19-treaty-signed.md:2" in page  # the line of `date:`
    assert "In which month and year did this happen?" in page
    dates = teacher.client.get("/teacher/questions?kind=hand", headers={"HX-Request": "true"})
    fragment = dates.get_data(as_text=True)
    assert fragment.startswith('<div id="questions">') and "date:treaty-signed" not in fragment
    assert "hand:treaty-clause" in fragment and "HX-Request" in dates.headers["Vary"]
    left_out = teacher.client.get("/teacher/questions?kind=people").get_data(as_text=True)
    assert "no `roles:` given" in left_out  # every candidate left out, with its rule
    assert teacher.client.get("/teacher/questions?kind=nope&page=x").status_code == 200


def test_live_reload_serves_a_valid_edit_and_keeps_the_last_good_content(make_app, content_dir):
    app = make_app(CONTENT_DIR=str(content_dir), CONTENT_CHECK_SECONDS=0, CONTENT_RELOAD_WAIT=30)
    teacher = TeacherActions(app).create_account()
    client = teacher.client
    event = content_dir / "events" / "2024-06-19-treaty-signed.md"
    event.write_text(
        event.read_text().replace(
            "Partnership treaty signed in Pyongyang", "Treaty signed, title edited"
        )
    )
    assert "Treaty signed, title edited" in client.get("/").get_data(as_text=True)

    event.write_text(event.read_text().replace("category: diplomacy", "category: diplomcy"))
    page = client.get("/").get_data(as_text=True)
    assert page.count("Treaty signed, title edited") >= 1  # last good content still served
    teacher.log_in()
    status = client.get("/teacher/content").get_data(as_text=True)
    assert "The latest edit has errors" in status
    assert "2024-06-19-treaty-signed.md:5: category: `diplomcy` is not a category" in status


def test_teacher_pages_and_exports_are_never_stored_by_a_cache(app, teacher):
    assignment_id = teacher.create_assignment()
    join(app.test_client(), teacher.join_code(assignment_id), "Ana")
    urls = [
        "/teacher/login",
        "/teacher/",
        "/teacher/content",
        "/teacher/questions",
        "/teacher/questions.gift",
        f"/teacher/assignments/{assignment_id}",
        f"/teacher/assignments/{assignment_id}/students.csv",
        f"/teacher/assignments/{assignment_id}/questions.csv",
        f"/teacher/assignments/{assignment_id}/responses.csv",
    ]
    for url in urls:
        response = teacher.client.get(url)
        assert response.status_code == 200, url
        assert response.cache_control.no_store, url
    for htmx in (False, True):
        fragment = teacher.client.get("/teacher/", headers=HTMX if htmx else {})
        assert "no-store" in fragment.headers["Cache-Control"]


def statements_sent(app, client, url: str) -> int:
    with statements(app) as sent:
        assert client.get(url).status_code == 200, url
    return len(sent)


def test_results_and_exports_send_as_many_statements_for_30_students_as_for_2(app, teacher):
    """Issue 12, finding 11: each attempt's answers used to be loaded one query at a time
    (3,000 attempts: 3,003 statements, 2.4 s)."""
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    base = f"/teacher/assignments/{assignment_id}"
    urls = [
        base,
        base + "?sort=score",
        base + "/students.csv",
        base + "/questions.csv",
        base + "/responses.csv",
    ]

    def class_of(size: int) -> list[int]:
        while len(stored_names) < size:
            student = app.test_client()
            url = attempt_url(join(student, code, f"Student {len(stored_names)}"))
            choose(student, url + "/questions/1", 0)
            stored_names.append(url)
        return [statements_sent(app, teacher.client, url) for url in urls]

    stored_names: list[str] = []
    small, large = class_of(2), class_of(30)
    assert small == large
    # the page: login, assignment, attempts, answers, stems, class list, whether it is locked
    assert max(large) <= 7


def bars(svg: str) -> list[tuple[float, float, float]]:
    """Each bar of an SVG chart: (its number, its height, its width)."""
    return [
        (float(value), float(height), float(width))
        for width, height, value in re.findall(
            r'<rect class="chart-bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)" '
            r'height="([\d.]+)" data-value="([\d.]+)"',
            svg,
        )
    ]


def test_results_at_a_glance_summary_charts_and_grid(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    play(app, code, "Ana", {1, 2, 3, 4})
    play(app, code, "Ben", {1, 2})
    chloe_answers = stored(app, play(app, code, "Chloé", {1, 2})).answers
    join(app.test_client(), code, "Dan")  # started, nothing answered
    html = teacher.client.get(f"/teacher/assignments/{assignment_id}?sort=name").get_data(
        as_text=True
    )
    strip = html[html.index('class="summary-strip"') : html.index("</dl>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", strip))
    assert "Started 4 attempts" in text and "Finished 3 of 4 started" in text
    assert "Mean score 2.7 / 4 of 3 finished attempts" in text
    assert "Median score 2 / 4 of 3 finished attempts" in text
    assert "Range 2–4 / 4 of 3 finished attempts" in text
    assert "Median time taken" in text

    histogram_svg = html[html.index('aria-labelledby="histogram-title') : html.index("</svg>")]
    assert '<title id="histogram-title">' in histogram_svg
    scores = bars(histogram_svg)
    assert [value for value, _, _ in scores] == [0, 0, 2, 0, 1]  # scores 0 to 4
    assert scores[2][1] == 2 * scores[4][1] > 0 and scores[0][1] == 0
    assert "<td>2 / 4</td><td>2</td>" in html  # the table of the same numbers

    facility_svg = html[html.index('aria-labelledby="facility-title') :]
    facility_svg = facility_svg[: facility_svg.index("</svg>")]
    facility = bars(facility_svg)
    assert [value for value, _, _ in facility] == [100, 100, 33.3, 33.3]
    assert abs(facility[0][2] - 3 * facility[2][2]) < 1  # 100% is three times 33.3%
    assert "facility of 3 finished attempts" in html

    def row_of(name):
        start = html.index(f">{name}<")
        return html[start : html.index("</tr>", start)]

    marks = re.findall(r'<td class="mark ([a-z]*)">([^<]*)</td>', row_of("Chloé"))
    assert [m[1] for m in marks[:2]] == ["✓", "✓"]
    wrong = chloe_answers[2]  # Chloé's third answer: the option after the right one
    chosen_key = wrong.options[wrong.chosen_index].get("key", wrong.chosen_index)
    assert marks[2] == ("wrong", f"✗ {'ABCD'[chosen_key]}")
    assert re.findall(r'<td class="mark ([a-z]*)">([^<]*)</td>', row_of("Dan")) == [("", "")] * 4
    assert '<th scope="col" class="mark">Q4</th>' in html


def test_results_at_a_glance_before_anyone_finishes(app, teacher):
    assignment_id = teacher.create_assignment()
    join(app.test_client(), teacher.join_code(assignment_id), "Ana")
    html = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    assert "none yet: they count finished attempts only" in html
    assert "histogram-title" not in html and "facility-title" not in html


def test_a_students_answers_for_their_teacher_only(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    attempt = stored(app, play(app, code, "Ana", {1, 2}))
    results = teacher.client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    url = f"/teacher/assignments/{assignment_id}/students/{attempt.id}"
    assert f'<a href="{url}">Ana</a>' in results
    page = teacher.client.get(url)
    assert page.status_code == 200 and page.cache_control.no_store
    html = page.get_data(as_text=True)
    assert "Answers of Ana" in html and "Score: 2 / 4" in html
    third = attempt.answers[2]
    chosen, correct = third.options[third.chosen_index], third.options[third.correct_index]
    assert escape(third.prompt) in html
    assert escape(f"{'ABCD'[chosen.get('key', third.chosen_index)]}. {chosen['text']}") in html
    assert escape(f"{'ABCD'[correct.get('key', third.correct_index)]}. {correct['text']}") in html
    assert html.count(">right</span>") == 2 and html.count(">wrong</span>") == 2

    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    assert other.client.get(url).status_code == 404  # another teacher's class
    elsewhere = teacher.create_assignment(title="Another class")  # the teacher's own, but not it
    assert (
        teacher.client.get(f"/teacher/assignments/{elsewhere}/students/{attempt.id}").status_code
        == 404
    )
    assert (
        teacher.client.get(f"/teacher/assignments/{assignment_id}/students/999").status_code == 404
    )
    assert app.test_client().get(url).status_code == 302  # no login: to the login page


def test_responses_csv_has_a_column_per_question_with_the_letter_chosen(app, teacher):
    assignment_id = teacher.create_assignment()
    code = teacher.join_code(assignment_id)
    ana = stored(app, play(app, code, "Ana", {1, 3}))
    join(app.test_client(), code, "Ben")  # nothing answered
    response = teacher.client.get(f"/teacher/assignments/{assignment_id}/responses.csv?sort=name")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].endswith(f'{code}-responses.csv"')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["name", "score", "out of", "finished", "Q1", "Q2", "Q3", "Q4"]
    letters = ["ABCD"[a.options[a.chosen_index].get("key", a.chosen_index)] for a in ana.answers]
    assert rows[1] == ["Ana", "2", "4", "yes", *letters]
    assert rows[2] == ["Ben", "0", "4", "no", "", "", "", ""]
    other = TeacherActions(app).create_account("other@school.org")
    other.log_in("other@school.org")
    assert (
        other.client.get(f"/teacher/assignments/{assignment_id}/responses.csv").status_code == 404
    )
