"""`safe_path` is the only gate between a `next=` parameter and a redirect."""

from __future__ import annotations

import pytest

from quiz.security import safe_path

OFF_SITE = [
    # two or more slashes: a scheme-relative URL, whatever the count
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/////evil.example/quiz",
    "//evil.example/",
    "//evil.example:443/path",
    "//user@evil.example",
    "//127.0.0.1",
    "//[::1]/",
    # backslashes, which browsers read as slashes
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\\/evil.example",
    "/a\\b",
    # the same, percent-encoded
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "%2F%2Fevil.example",
    "/%5C%5Cevil.example",
    "/%2F%5Cevil.example",
    "//evil.example%2F",
    # control characters, which browsers strip before reading the URL
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "/\x0c/evil.example",
    "/\x7f/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0d%0a/evil.example",
    "/quiz\r\nSet-Cookie: x=1",
    "/quiz%0d%0aSet-Cookie:%20x=1",
    # schemes and hosts without a leading slash
    "http://evil.example",
    "https://evil.example/quiz",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "mailto:a@evil.example",
    "ftp://evil.example",
    "evil.example",
    "evil.example/quiz",
    " //evil.example",
    "\t//evil.example",
    ".//evil.example",
    "",
    None,
]

LOCAL = [
    "/",
    "/quiz/",
    "/quiz/3?page=2",
    "/timeline/?q=Kim%20Jong%20Un#results",
    "/teacher/assignments/7",
    "/timeline/2024-06-19-treaty-signed",
]


def test_fifty_hostile_targets_are_tried():
    assert len(OFF_SITE) >= 50


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_fall_back(target):
    assert safe_path(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", LOCAL)
def test_local_paths_are_kept(target):
    assert safe_path(target, "/fallback") == target
