"""What people do, in a real browser: read and filter the timeline, take quizzes three ways,
and a teacher watching a student's result arrive."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_as_teacher

pytestmark = pytest.mark.browser


def test_filter_and_search_the_timeline_in_place(page, base_url):
    page.goto(base_url + "/")
    total = page.locator(".result-count").inner_text()
    page.get_by_label("Category", exact=True).select_option("troops")
    expect(page).to_have_url(re.compile(r"category=troops"))
    expect(page.locator(".result-count")).to_contain_text("events match")
    assert page.locator(".row.cat-diplomacy").count() == 0
    assert page.locator(".row.cat-troops").count() > 0
    page.get_by_label("Search", exact=True).fill("Koursk Kursk")  # two words: both must match
    expect(page.locator(".result-count")).to_contain_text("0 of")
    page.get_by_label("Search", exact=True).fill("captured")
    expect(page).to_have_url(re.compile(r"q=captured"))
    expect(page.locator(".result-count")).to_contain_text(re.compile(r"^\s*[1-9]\d* of"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"q=captured"))
    page.goto(base_url + "/")
    expect(page.locator(".result-count")).to_have_text(total)


def test_time_axis_jumps_to_a_month(page, base_url):
    page.goto(base_url + "/")
    bar = page.locator("a.month").first
    target = bar.get_attribute("href")
    bar.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))


def start_quiz(page, base_url, name="Ana", preset="Warm-up"):
    page.goto(base_url + "/quizzes")
    page.get_by_role("link", name=preset).click()
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Question 1 of")).to_be_visible()


def test_whole_quiz_with_the_mouse(page, base_url):
    start_quiz(page, base_url)
    total = int(re.search(r"of (\d+)", page.get_by_text("Question 1 of").inner_text()).group(1))
    for position in range(1, total + 1):
        expect(page.get_by_text(f"Question {position} of {total}")).to_be_visible()
        assert page.locator(".verdict").count() == 0  # nothing tells the answer before answering
        page.locator(".choice label").nth(position % 4).click()
        page.get_by_role("button", name="Check my answer").click()
        expect(page.locator(".verdict")).to_have_text(re.compile(r"Right!|Not quite\."))
        expect(page.locator(".explanation")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"/questions/{position}$"))
        last = position == total
        page.get_by_role("link", name="See your score" if last else "Next question").click()
    expect(page.get_by_text(re.compile(rf"\d+ out of {total}"))).to_be_visible()
    assert page.locator(".review-item").count() == total


def test_whole_quiz_with_the_keyboard_alone(page, base_url):
    page.goto(base_url + "/quizzes")
    page.get_by_role("link", name="Warm-up").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Your name").focus()
    page.keyboard.type("Keyboard Kim")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Question 1 of")).to_be_visible()
    # The first question arrives as a whole page, visible before its deferred scripts run, and
    # htmx binds the form only at DOMContentLoaded. An answer sent before that is a plain POST,
    # whose page moves no focus to the verdict; wait for it.
    page.wait_for_load_state("domcontentloaded")
    for position in range(1, 6):
        if position > 1:  # after "Next", focus lands on the new question
            expect(page.locator("#question-heading")).to_be_focused()
        page.locator("#choice-0").focus()
        page.keyboard.press("ArrowDown")  # moves the selection within the radio group
        page.keyboard.press("Enter")  # submits the form
        verdict = page.locator(".verdict")
        expect(verdict).to_be_visible()
        expect(verdict).to_be_focused()  # focus follows the swap, for screen readers too
        onward = page.get_by_role("link", name=re.compile("Next question|See your score"))
        for _ in range(12):  # a few links (the event) come first
            page.keyboard.press("Tab")
            if onward.evaluate("link => link === document.activeElement"):
                break
        expect(onward).to_be_focused()
        page.keyboard.press("Enter")
        if position < 5:
            expect(page.get_by_text(f"Question {position + 1} of 5")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d out of 5"))).to_be_visible()


def test_whole_quiz_without_javascript(page_without_js, base_url):
    page = page_without_js
    start_quiz(page, base_url, name="No Script")
    for position in range(1, 6):
        page.locator(".choice label").first.click()
        page.get_by_role("button", name="Check my answer").click()
        expect(page.locator(".verdict")).to_be_visible()
        expect(page).to_have_url(re.compile(rf"/questions/{position}$"))
        page.get_by_role(
            "link", name="See your score" if position == 5 else "Next question"
        ).click()
    expect(page.get_by_text(re.compile(r"\d out of 5"))).to_be_visible()


def test_timeline_filters_work_without_javascript(page_without_js, base_url):
    page = page_without_js
    page.goto(base_url + "/")
    page.get_by_label("Year", exact=True).select_option("2025")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"year=2025"))
    expect(page.locator(".result-count")).to_contain_text("events match")


def test_teacher_creates_an_assignment_and_sees_a_students_result(new_page, base_url):
    teacher = new_page()
    log_in_as_teacher(teacher, base_url)
    teacher.get_by_label("Title").fill("Class 4B")
    teacher.locator("input[name=preset][value=warm-up]").check()
    teacher.get_by_role("button", name="Create the assignment").click()
    code = teacher.locator(".join-code").inner_text()

    student = new_page()
    student.goto(base_url + "/join")
    student.get_by_label("Class code").fill(code.lower())
    student.get_by_role("button", name="Join").click()
    expect(student.get_by_text("Class assignment")).to_be_visible()
    student.get_by_label("Your name").fill("Zoé")
    student.get_by_role("button", name="Start the quiz").click()
    for position in range(1, 6):
        student.locator(".choice label").first.click()
        student.get_by_role("button", name="Check my answer").click()
        expect(student.locator(".verdict")).to_be_visible()
        student.get_by_role(
            "link", name="See your score" if position == 5 else "Next question"
        ).click()
    score = re.search(r"(\d) out of 5", student.locator(".score-summary").inner_text()).group(1)

    teacher.reload()
    row = teacher.locator("table.data tbody tr", has_text="Zoé")
    expect(row).to_contain_text(f"{score} / 5")
    expect(row).to_contain_text("yes")
