"""A live class in real browsers: a projector driven by the keyboard and three phones that follow
it by polling, without reloading; axe on both pages at every phase."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_as_teacher
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_a_projector_and_three_phones(new_page, base_url):
    projector = new_page()
    log_in_as_teacher(projector, base_url)
    projector.get_by_role("link", name="Open a live session…").click()
    projector.locator("#live-title").fill("Period 3 live")
    projector.locator("#live-preset").select_option("warm-up")
    projector.get_by_role("button", name="Open the session").click()
    code = projector.locator(".projector-code").inner_text()
    expect(projector.locator(".projector-qr svg")).to_be_visible()
    assert_accessible(projector, "projector lobby")

    phones = []
    for name in ["Ana", "Ben", "Chloé"]:
        phone = new_page(viewport={"width": 390, "height": 844})
        phone.goto(f"{base_url}/join/{code}")
        phone.get_by_label("Your name").fill(name)
        phone.get_by_role("button", name="Start the quiz").click()
        expect(phone.get_by_text("You are in")).to_be_visible()
        phones.append(phone)
    assert_accessible(phones[0], "phone in the lobby")
    expect(projector.get_by_text("3 students have joined")).to_be_visible()  # by polling

    projector.keyboard.press("ArrowRight")  # the clicker: show the first question
    for phone in phones:  # each phone shows it by itself, within a poll or two
        expect(phone.locator(".live-choice").first).to_be_visible(timeout=5000)
    assert_accessible(phones[0], "phone with a question")
    assert_accessible(projector, "projector asking")
    phones[0].locator(".live-choice").nth(0).click()
    phones[1].locator(".live-choice").nth(1).click()
    expect(phones[0].get_by_text("Answer recorded: A")).to_be_visible()
    expect(projector.get_by_text("2 of 3 answered")).to_be_visible(timeout=5000)

    projector.keyboard.press("PageDown")  # close answering and show
    expect(projector.locator(".projector-options .is-answer")).to_have_count(1)
    assert_accessible(projector, "projector showing the answer")
    for phone in phones:
        expect(phone.locator(".live-result")).to_be_visible(timeout=5000)
    expect(phones[2].get_by_text("You did not answer this one.")).to_be_visible()
    assert_accessible(phones[0], "phone with its result")
    answer = projector.locator(".projector-options .is-answer").inner_text()
    right = "A" if answer.startswith("A") else "B" if answer.startswith("B") else None
    if right:
        winner = phones[0] if right == "A" else phones[1]
        expect(winner.locator(".tag-ok")).to_be_visible()

    projector.get_by_role("button", name="End now").click()
    expect(projector.get_by_text("The session is over")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_text(re.compile("The session is over"))).to_be_visible(timeout=5000)
    assert_accessible(phones[0], "phone at the end")
    projector.get_by_role("link", name="Open the results").click()
    expect(projector.locator("table.data").first.locator("tbody tr")).to_have_count(3)
