"""How the feedback after an answer looks in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STRUCK_FEEDBACK = """() => [...document.querySelectorAll('.choices-review *')]
    .filter(el => getComputedStyle(el).textDecorationLine.includes('line-through'))
    .filter(el => el.querySelector('.option-feedback'))
    .length"""


def test_only_the_wrong_choice_is_struck_through_not_its_feedback(page, base_url):
    """The feedback under a wrong choice explains why it is wrong: striking it through with the
    choice made the explanation look marked false."""
    for _ in range(5):  # a few quizzes: some wrong answer with hand-written feedback comes up
        page.goto(base_url + "/quizzes/warm-up/start")
        page.get_by_label("Your name").fill("Ana")
        page.get_by_role("button", name="Start the quiz").click()
        while True:
            expect(page.get_by_role("button", name="Check my answer")).to_be_visible()
            page.locator(".choice label").first.click()
            page.get_by_role("button", name="Check my answer").click()
            expect(page.locator(".verdict")).to_be_visible()
            if page.locator(".chosen-wrong .option-feedback").count():
                expect(page.locator(".chosen-wrong .choice-text")).to_have_css(
                    "text-decoration-line", "line-through"
                )
                assert page.evaluate(STRUCK_FEEDBACK) == 0
                return
            next_link = page.get_by_role("link", name="Next question →")
            if not next_link.count():
                break
            next_link.click()
    pytest.fail("no wrong answer with feedback came up in five quizzes")
