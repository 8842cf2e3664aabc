"""Every error a person can meet gets a page in plain words (or a fragment, for htmx)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .htmx import render_page_or_fragment
from .limits import seconds_to_wait

FRIENDLY = {
    400: _l("The request could not be understood. Go back, check what you entered and try again."),
    403: _l("This page is not yours to see."),
    404: _l("There is nothing at this address. It may have been moved or mistyped."),
    405: _l("This page cannot be used that way."),
    409: _l("This was already done, so nothing was changed."),
    410: _l("This is no longer available."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Wait a minute, then try again."),
    500: _l("Something went wrong on our side. Your answers so far are saved; please try again."),
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _render_http_error)
    app.register_error_handler(CSRFError, _render_csrf_error)
    app.register_error_handler(RateLimitExceeded, _render_rate_limited)


def render_error(status: int, message: str | None = None, action: tuple[str, str] | None = None):
    """An error page (or fragment) in plain words; `action` is a (url, label) way forward."""
    return render_page_or_fragment(
        "errors/error.html",
        "errors/_error.html",
        status=status,
        status_code=status,
        message=message or FRIENDLY.get(status, _l("Something went wrong.")),
        action=action,
    )


def _render_http_error(error: HTTPException):
    custom = error.description if getattr(error, "friendly", False) else None
    return render_error(error.code or 500, custom)


def waiting_time(seconds: int) -> str:
    """`30 seconds`, `2 minutes`, in the page's language."""
    return format_timedelta(timedelta(seconds=seconds), threshold=1.5, add_direction=False)


def too_many(seconds: int, message: str | None = None, status: int = 429):
    """A refusal that says how long to wait, in words and in Retry-After."""
    message = message or _(
        "Too many tries in a short time. Wait %(wait)s, then try again.",
        wait=waiting_time(seconds),
    )
    response = render_error(status, message)
    response.headers["Retry-After"] = str(seconds)
    return response


def _render_rate_limited(_error: RateLimitExceeded):
    return too_many(seconds_to_wait())


def _render_csrf_error(error: CSRFError):
    return render_error(
        400, _("This form had expired or was sent from elsewhere. Reload the page and try again.")
    )
