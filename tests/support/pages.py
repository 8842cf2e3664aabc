"""Reading what the app sends back: tokens, links and options in its pages."""

from __future__ import annotations

import re

HTMX = {"HX-Request": "true"}


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page carries no CSRF token"
    return match.group(1)


def attempt_url(response) -> str:
    """The attempt a redirect to one of its questions belongs to."""
    return response.headers["Location"].rsplit("/questions/", 1)[0]


def public_id_of(response) -> str:
    return attempt_url(response).rsplit("/", 1)[1]


def option_texts(html: str) -> list[str]:
    return re.findall(r'<label for="choice-\d">([^<]*)</label>', html)
