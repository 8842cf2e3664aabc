"""An assessment in two real browsers: the student answers without feedback and lands on the
"submitted" page; the teacher reads exactly what the student chose, then releases the review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_as_teacher
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_teacher_reads_a_students_answers_then_releases_the_review(new_page, base_url):
    teacher = new_page()
    log_in_as_teacher(teacher, base_url)
    teacher.locator("#title").fill("Year 10 test")
    teacher.locator("input[name=preset][value=warm-up]").check()
    teacher.get_by_role("radio", name=re.compile("^Assessment")).check()
    teacher.get_by_role("button", name="Create the assignment").click()
    code = teacher.locator(".join-code").inner_text()

    student = new_page()
    student.goto(f"{base_url}/join/{code}")
    student.get_by_label("Your name").fill("Inès")
    student.get_by_role("button", name="Start the quiz").click()
    chosen = []
    for position in range(1, 6):
        expect(student.get_by_text(f"Question {position} of 5")).to_be_visible()
        choice = student.locator(".choice label").nth(position % 4)
        chosen.append(choice.inner_text().strip())
        choice.click()
        student.get_by_role("button", name="Record my answer").click()
        expect(student.locator(".verdict")).to_have_count(0)  # no verdict in an assessment
        if position < 5:  # the last answer leads straight to the "submitted" page
            student.get_by_role("link", name="Next question").click()
    expect(student.get_by_text("your answers are recorded")).to_be_visible()
    submitted = student.url
    assert_accessible(student, "submitted page")
    student.goto(f"{base_url}/join/{code}")  # one attempt by default: none left
    expect(student.get_by_text("this browser has used it")).to_be_visible()
    assert_accessible(student, "no attempts left")

    teacher.reload()
    teacher.get_by_role("link", name="Inès").click()
    expect(teacher.get_by_role("heading", name="Answers of Inès")).to_be_visible()
    rows = teacher.locator("table.data tbody tr")
    expect(rows).to_have_count(5)
    rights = 0
    for n, text in enumerate(chosen):
        their_answer = rows.nth(n).locator("td").nth(2).inner_text()
        assert text in their_answer, (n, text, their_answer)  # "B. the option" and right/wrong
        rights += their_answer.rstrip().endswith("right")
    expect(teacher.get_by_text(f"Score: {rights} / 5")).to_be_visible()

    teacher.get_by_role("link", name="Back to the results").click()
    teacher.get_by_role("button", name="Release the review").click()
    expect(teacher.get_by_text("Review released")).to_be_visible()
    student.goto(submitted)
    expect(student.locator(".score-summary")).to_contain_text(f"{rights} out of 5")
