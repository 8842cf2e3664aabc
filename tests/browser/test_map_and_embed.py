"""The map page, the locator map and the /embed pages in a real browser: axe finds nothing,
and an /embed page shows inside another site's iframe only when that site is allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser
EVENT = "kim-putin-vostochny-summit"


@pytest.mark.parametrize("path", ["/map", "/embed", f"/embed/events/{EVENT}", f"/events/{EVENT}"])
def test_map_embed_and_locator_pages_have_no_axe_violations(page, base_url, path):
    page.goto(base_url + path)
    assert_accessible(page, path)


def test_a_mark_on_the_map_leads_to_its_place_and_events(page, base_url):
    page.goto(base_url + "/map")
    page.locator('a[href="#place-vostochny-cosmodrome"]').click()
    page.wait_for_url("**/map#place-vostochny-cosmodrome")
    section = page.locator("#place-vostochny-cosmodrome")
    assert section.get_by_role("link", name="Vostochny").first.is_visible()


def test_the_map_works_without_javascript(page_without_js, base_url):
    page_without_js.goto(base_url + "/map")
    assert page_without_js.locator("svg.map-svg path.land").count() > 20
    assert page_without_js.locator("#place-pyongyang li").count() >= 10


def test_the_event_page_shows_its_locator_map(page, base_url):
    page.goto(base_url + f"/events/{EVENT}")
    locator = page.get_by_role("img", name="Locator map: Vostochny Cosmodrome", exact=False)
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box and 200 <= box["width"] <= 330


def test_an_allowed_site_can_frame_the_embedded_timeline(page, base_url, framing_sites):
    allowed = framing_sites[0]
    page.goto(f"{allowed}/frame?src={base_url}/embed")
    frame = page.frame_locator("iframe")
    title = frame.locator("h1.embed-title a")
    title.wait_for()
    assert title.get_attribute("target") == "_blank"
    assert frame.locator(".card").count() >= 60


def test_an_allowed_site_can_frame_one_event(page, base_url, framing_sites):
    page.goto(f"{framing_sites[0]}/frame?src={base_url}/embed/events/{EVENT}")
    heading = page.frame_locator("iframe").locator("h1")
    heading.wait_for()
    assert "Vostochny" in heading.inner_text()


def test_a_site_not_allowed_cannot_frame_it(new_page, base_url, framing_sites):
    page = new_page()
    refused = framing_sites[1]  # not in QUIZ_EMBED_ORIGINS
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text) as message:
        page.goto(f"{refused}/frame?src={base_url}/embed")
    text = message.value.text
    assert "has been blocked" in text and f"frame-ancestors 'self' {framing_sites[0]}" in text
    assert page.frame_locator("iframe").locator("h1.embed-title").count() == 0


def test_no_site_can_frame_an_ordinary_page(new_page, base_url, framing_sites):
    page = new_page()
    with page.expect_console_message(lambda m: "frame-ancestors" in m.text):
        page.goto(f"{framing_sites[0]}/frame?src={base_url}/map")
    assert page.frame_locator("iframe").locator("svg.map-svg").count() == 0


@pytest.mark.skipif(not os.environ.get("QUIZ_SCREENSHOTS"), reason="set QUIZ_SCREENSHOTS=dir")
def test_screenshot_of_the_map(browser, base_url):
    folder = Path(os.environ["QUIZ_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/map")
    page.screenshot(path=str(folder / "map.png"))
    page.goto(base_url + f"/events/{EVENT}")
    page.screenshot(path=str(folder / "event-locator.png"), full_page=True)
    page.goto(base_url + "/embed")
    page.screenshot(path=str(folder / "embed.png"))
    context.close()
