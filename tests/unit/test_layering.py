"""The layering is checked, not hoped for: each kind of knowledge lives in one place."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "quiz"
HTMX_HEADER = re.compile(r"HX[-_][A-Za-z]")  # `HX-Request` or, in a WSGI environ, `HTTP_HX_...`


def test_only_the_htmx_module_mentions_an_htmx_header():
    mentions = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "htmx.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if HTMX_HEADER.search(line)
    ]
    assert mentions == [], "read and write htmx headers through quiz/htmx.py"


TEMPLATES = ROOT / "templates"
INCLUDE = re.compile(r'{%-?\s*include\s+"([^"]+)"')
PAGE_AND_FRAGMENT = re.compile(r'render_page_or_fragment\(\s*"([^"]+)",\s*"([^"]+)"')


def included_by(template: str) -> set[str]:
    """Every template `template` includes, directly or through another include."""
    found: set[str] = set()
    waiting = [template]
    while waiting:
        for name in INCLUDE.findall((TEMPLATES / waiting.pop()).read_text()):
            if name not in found:
                found.add(name)
                waiting.append(name)
    return found


def test_every_page_includes_the_fragment_an_htmx_request_gets_alone():
    pairs = {
        pair
        for path in PACKAGE.rglob("*.py")
        for pair in PAGE_AND_FRAGMENT.findall(path.read_text())
    }
    assert len(pairs) >= 10, "render_page_or_fragment calls no longer found: fix the pattern"
    apart = [
        f"{page} ∌ {fragment}"
        for page, fragment in sorted(pairs)
        if fragment not in included_by(page)
    ]
    assert apart == [], "the page must include its fragment, so the markup exists once"


def test_every_fragment_template_is_part_of_a_page():
    fragments = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("_*.html")}
    pages = [
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if not path.name.startswith("_") and path.parent.name != "macros"
    ]
    reached = set().union(*(included_by(page) for page in pages))
    assert sorted(fragments - reached) == []
