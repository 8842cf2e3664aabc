"""axe-core on every page type, with zero violations of the WCAG 2.x A and AA rules.

axe finds only part of what WCAG asks: keyboard use and focus after swaps are tested in
test_journeys.py."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import log_in_as_teacher

pytestmark = pytest.mark.browser
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
AXE = Axe()


def assert_accessible(page, label: str) -> None:
    results = AXE.run(page, options=WCAG)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert problems == [], f"{label}: " + "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?category=troops&year=2024",
        "/?q=nothing-matches-this",
        "/?zoom=2024",
        "/?zoom=battlefield&view=full",
        "/events/kim-putin-vostochny-summit",
        "/quizzes",
        "/quizzes/warm-up/start",
        "/join",
        "/events/not-an-event",
        "/teacher/login",
    ],
)
def test_public_pages(page, base_url, path):
    page.goto(base_url + path)
    assert_accessible(page, path)


def test_filtered_fragment_after_an_htmx_swap(page, base_url):
    page.goto(base_url + "/")
    page.get_by_label("Category", exact=True).select_option("sanctions")
    page.wait_for_url("**category=sanctions**")
    assert_accessible(page, "filtered timeline")


def test_quiz_pages_question_feedback_results_and_errors(page, base_url):
    page.goto(base_url + "/quizzes/warm-up/start")
    page.get_by_role("button", name="Start the quiz").click()  # empty name: the form's error
    assert_accessible(page, "start form with an error")
    page.get_by_label("Your name").fill("Axe")
    page.get_by_role("button", name="Start the quiz").click()
    assert_accessible(page, "question")
    page.get_by_role("button", name="Check my answer").click()  # no choice: the error
    page.locator(".errors").wait_for()
    assert_accessible(page, "question with an error")
    for position in range(1, 6):
        page.locator(".choice label").first.click()
        page.get_by_role("button", name="Check my answer").click()
        page.locator(".verdict").wait_for()
        if position == 1:
            assert_accessible(page, "feedback")
        page.get_by_role(
            "link", name="See your score" if position == 5 else "Next question"
        ).click()
    page.locator(".score-summary").wait_for()
    assert_accessible(page, "results")


def test_teacher_pages(new_page, base_url):
    page = new_page()
    log_in_as_teacher(page, base_url)
    assert_accessible(page, "dashboard")
    page.get_by_label("Title").fill("Axe class")
    page.get_by_role("button", name="Create the assignment").click()
    assert_accessible(page, "assignment results")
    assignment_url = page.url
    code = page.locator(".join-code").inner_text()
    student = new_page()  # a student answers one question, so the teacher has answers to read
    student.goto(f"{base_url}/join/{code}")
    student.get_by_label("Your name").fill("Axe student")
    student.get_by_role("button", name="Start the quiz").click()
    student.locator(".choice label").first.click()
    student.get_by_role("button", name="Check my answer").click()
    student.locator(".verdict").wait_for()
    page.goto(assignment_url)
    assert_accessible(page, "assignment results with a student")
    page.get_by_role("link", name="Axe student").click()
    page.get_by_role("heading", name="Answers of Axe student").wait_for()
    assert_accessible(page, "a student's answers")
    page.goto(assignment_url)
    page.get_by_role("link", name="Printable worksheet and answer key").click()
    page.locator(".answer-key").wait_for()
    assert_accessible(page, "assignment worksheet")
    page.goto(base_url + "/teacher/quizzes/warm-up/worksheet")
    assert_accessible(page, "preset worksheet")
    page.goto(assignment_url + "/delete")
    assert_accessible(page, "confirming a deletion")
    page.goto(base_url + "/teacher/quizzes/warm-up/preview")
    assert_accessible(page, "a quiz's preview")
    page.goto(base_url + "/teacher/questions")
    page.get_by_label("Hand out this question").nth(0).check()
    page.get_by_label("Hand out this question").nth(1).check()
    page.get_by_role("button", name="Hand out the ticked questions").click()
    page.get_by_text("These 2 questions").wait_for()
    assert_accessible(page, "hand-out form with a selection")
    page.goto(base_url + "/teacher/content")
    assert_accessible(page, "content status")
    page.goto(base_url + "/teacher/questions")
    assert_accessible(page, "question browser")
    page.get_by_label("Kind").select_option("date")
    page.wait_for_url("**kind=date**")
    assert_accessible(page, "question browser, filtered by htmx")


def test_class_list_deadline_and_live_pages(new_page, base_url):
    """The pages issue 13 and 14 added: a class list, a student picking their name, the time
    zone settings, End now's confirmation, the live session form."""
    page = new_page()
    log_in_as_teacher(page, base_url)
    page.locator("#title").fill("Axe class list")
    page.get_by_role("button", name="Create the assignment").click()
    assignment_url = page.url
    code = page.locator(".join-code").inner_text()
    page.get_by_label("Names, one a line").fill("Ana Lopez\nBen Okafor\nChloé Martin")
    page.get_by_role("button", name="Set the class list").click()
    page.get_by_role("cell", name="Ben Okafor", exact=True).wait_for()
    assert_accessible(page, "assignment with a class list")
    student = new_page()
    student.goto(f"{base_url}/join/{code}")
    assert_accessible(student, "picking a name from the class list")
    page.goto(assignment_url + "/end")
    assert_accessible(page, "End now's confirmation")
    page.goto(base_url + "/teacher/settings")
    assert_accessible(page, "time zone settings")
    page.goto(base_url + "/teacher/live")
    assert_accessible(page, "live session form")
