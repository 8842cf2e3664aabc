"""The only module that reads or writes htmx headers: decide between a full page and a fragment,
and tell htmx what to do with the answer."""

from __future__ import annotations

from flask import Response, make_response, render_template

from .extensions import htmx

# The request headers that decide page-or-fragment: what `wants_fragment` reads, what pages
# say they vary on, and what the page cache keys on.
PAGE_OR_FRAGMENT = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")


def wants_fragment() -> bool:
    """True only for htmx requests that swap part of a page. Boosted and history-restore requests
    need the whole page, which `bool(htmx)` alone would get wrong."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(page: str, fragment: str, status: int = 200, **context) -> Response:
    """Render `page` (which includes `fragment`) or just `fragment`, and say the answer varies."""
    response = make_response(render_template(fragment if wants_fragment() else page, **context))
    response.status_code = status
    response.vary.update(PAGE_OR_FRAGMENT)
    return response


def push_url(response: Response, url: str) -> None:
    """Have htmx put `url` in the address bar and history, as if the browser had gone there."""
    response.headers["HX-Push-Url"] = url


def page_or_fragment_key(environ: dict) -> tuple[str | None, ...]:
    """The PAGE_OR_FRAGMENT headers of a bare WSGI environ, for the page cache's key."""
    return tuple(environ.get("HTTP_" + name.upper().replace("-", "_")) for name in PAGE_OR_FRAGMENT)


def client_redirect(url: str) -> Response:
    """Have htmx load `url` as a whole page (a fragment swap cannot take the student there)."""
    response = make_response("", 200)
    response.headers["HX-Redirect"] = url
    response.vary.update(PAGE_OR_FRAGMENT)
    return response
