"""The timeline's overview and its compact list, in a real browser: zoom by a click and come
back with Back, reach the marks with Tab and follow one with Enter, and a phone that reads all
70 shipped events in at most 8 screens.

With OVERVIEW_SHOTS set to a folder, the desktop and phone tests also save screenshots there
(overview-desktop.png, timeline-phone.png) for a change's notes; they are never committed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MOST_PHONE_SCREENS = 8


def save_shot(page, name: str, **options) -> None:
    folder = os.environ.get("OVERVIEW_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style, which the CSP blocks (and logs)
        page.screenshot(path=str(Path(folder) / name), caret="initial", **options)


def heading(page):
    return page.locator("#overview-heading")


def test_zoom_by_a_click_swaps_in_place_and_back_returns(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "/")
    expect(heading(page)).to_have_text("At a glance: 2022–2025")
    all_marks = page.locator("a.mark").count()
    assert all_marks == page.locator("li.row").count() == 70
    save_shot(page.locator(".overview"), "overview-desktop.png")
    page.get_by_role("link", name="2024", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?zoom=2024$"))
    expect(heading(page)).to_have_text("At a glance: 2024")
    expect(page.locator("#zoom")).to_have_value("2024")  # the form keeps the zoom (out of band)
    marks = page.locator("a.mark")
    assert 0 < marks.count() < all_marks and marks.count() == page.locator("li.row").count()
    expect(page.locator(".overview-svg")).to_contain_text("September")  # every month named
    page.get_by_role("link", name="2024: The treaty year").click()
    expect(page).to_have_url(re.compile(r"zoom=treaty-year$"))
    expect(heading(page)).to_have_text("At a glance: 2024: The treaty year")
    page.get_by_label("Category", exact=True).select_option("diplomacy")
    expect(page).to_have_url(re.compile(r"category=diplomacy.*zoom=treaty-year"))
    assert page.locator("li.row:not(.cat-diplomacy)").count() == 0
    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?zoom=treaty-year$"))
    expect(page.locator("li.row.cat-arms").first).to_be_attached(timeout=5_000)
    page.go_back()
    expect(heading(page)).to_have_text("At a glance: 2024")
    page.go_back()
    expect(page).to_have_url(base_url + "/")
    expect(heading(page)).to_have_text("At a glance: 2022–2025")
    assert page.locator("a.mark").count() == all_marks


def test_keyboard_tabs_to_the_marks_and_enter_follows_one(page, base_url):
    page.goto(base_url + "/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('mark')"):
            break
    else:
        pytest.fail("Tab never reached a mark of the overview")
    name = page.evaluate("document.activeElement.querySelector('title').textContent")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert re.match(r"^\d.*20\d\d: .+", name)  # "date: title"
    expect(page.get_by_role("link", name=name, exact=True)).to_be_focused()  # its name
    page.keyboard.press("Tab")  # the next mark, in the same lane
    assert page.evaluate("document.activeElement.classList.contains('mark')")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.locator(target)).to_be_in_viewport()
    title = name.split(": ", 1)[1]
    expect(page.locator(target)).to_contain_text(title[:30])


def test_keyboard_zoom_keeps_focus_on_the_link(page, base_url):
    page.goto(base_url + "/")
    page.locator("#zoom-2023").focus()
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("At a glance: 2023")
    expect(page.locator("#zoom-2023")).to_be_focused()
    expect(page.locator("#zoom-2023")).to_have_attribute("aria-current", "true")


def test_zoom_and_full_details_work_without_javascript(page_without_js, base_url):
    page = page_without_js
    page.goto(base_url + "/")
    page.get_by_role("link", name="2025", exact=True).click()
    expect(page).to_have_url(re.compile(r"zoom=2025$"))
    expect(heading(page)).to_have_text("At a glance: 2025")
    page.get_by_role("link", name="Full details").click()
    expect(page).to_have_url(re.compile(r"zoom=2025&view=full$"))
    assert page.locator("li.card").count() > 0 and page.locator("li.row").count() == 0
    page.get_by_label("Category", exact=True).select_option("troops")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"category=troops.*zoom=2025.*view=full"))


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


def test_a_phone_reads_every_event_in_at_most_8_screens(phone, base_url):
    phone.goto(base_url + "/")
    assert phone.locator("li.row").count() == 70
    screens = phone.evaluate("document.body.scrollHeight") / 844
    assert screens <= MOST_PHONE_SCREENS, f"{screens:.2f} screens"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways page
    save_shot(phone, "timeline-phone-full.png", full_page=True)
    phone.locator(".view-switch").scroll_into_view_if_needed()
    save_shot(phone, "timeline-phone.png")
    expect(phone.locator(".month-initial").first).to_be_visible()  # month labels, no hover
    row = phone.locator("li.row").nth(5)
    expect(row.locator(".card-summary")).to_be_hidden()
    row.locator("summary").tap()
    expect(row.locator(".card-summary")).to_be_visible()
    expect(row.get_by_role("link", name=re.compile("The whole story"))).to_be_visible()
    phone.get_by_role("link", name="Full details").tap()
    expect(phone).to_have_url(re.compile(r"view=full$"))
    expect(phone.locator("li.card").first).to_be_visible()
    assert phone.evaluate("document.body.scrollHeight") / 844 > MOST_PHONE_SCREENS


def test_overview_and_compact_list_have_no_axe_violations(page, phone, base_url):
    page.goto(base_url + "/?zoom=battlefield")
    page.locator(".overview-text summary").click()
    assert_accessible(page, "zoomed overview with its text open")
    page.get_by_role("link", name="Full details").click()
    page.wait_for_url("**view=full**")
    assert_accessible(page, "full details, after an htmx swap")
    phone.goto(base_url + "/")
    phone.locator("li.row summary").first.tap()
    assert_accessible(phone, "phone, compact list with a row open")
