"""The worksheet as printed by chromium: the site's chrome hidden, the key on a page of its own,
on A4 and on Letter. The PDFs are kept in tests/browser/artifacts/ (not committed) to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import log_in_as_teacher

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def pages_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_the_printed_worksheet_fits_a4_and_letter_with_the_key_on_its_own_page(new_page, base_url):
    page = new_page()
    log_in_as_teacher(page, base_url)
    page.get_by_label("Title").fill("Printed class")
    page.get_by_role("button", name="Create the assignment").click()
    page.get_by_role("link", name="Printable worksheet and answer key").click()
    page.locator(".answer-key").wait_for()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".subnav", ".screen-only"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("svg.qr").is_visible()
    # nothing overflows the printable width of the narrower paper (A4: 210 mm - 2 × 15 mm)
    page.set_viewport_size({"width": round(180 / 25.4 * 96), "height": 1000})
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "worksheet-print.png"), full_page=True)
    for paper in ("A4", "Letter"):
        path = ARTIFACTS / f"worksheet-{paper.lower()}.pdf"
        pdf = page.pdf(path=str(path), format=paper, prefer_css_page_size=False)
        assert pages_in(pdf) >= 2  # the sheet, then the key on a page of its own
        print(f"printed worksheet ({paper}): {path}")
