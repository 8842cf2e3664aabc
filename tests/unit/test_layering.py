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
