"""The only module that reads htmx headers: decide between a full page and a fragment."""

from __future__ import annotations

from flask import make_response, render_template

from .extensions import htmx


def wants_fragment() -> bool:
    """True only for htmx requests that swap part of a page. Boosted and history-restore requests
    need the whole page, which `bool(htmx)` alone would get wrong."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """Render `page` (which includes `fragment`) or just `fragment`, and say the answer varies."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context))
    response.status_code = status
    response.vary.add("HX-Request")
    return response
