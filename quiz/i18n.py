"""The interface's language: the student's attempt keeps its own; otherwise the choice remembered
in a cookie, else the browser's Accept-Language. Content follows the same language."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, Flask, current_app, g, redirect, request
from flask_babel import Babel
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header
from werkzeug.sansio.http import parse_cookie

from .locale import current_language
from .security import safe_path
from .services.attempts import attempt_language
from .timezones import site_zone, zone_of

COOKIE = "lang"
bp = Blueprint("i18n", __name__)
babel = Babel()


def supported() -> tuple[str, ...]:
    """The configured languages, the source language first."""
    return tuple(current_app.config["LANGUAGES"])


def visitor_language(environ: dict, languages: Iterable[str] | None = None) -> str:
    """The language a visitor asked for among `languages` (the app's by default): the
    remembered choice, else the browser's Accept-Language. Works on a bare WSGI environ when
    given the languages, so the page cache keys on the same answer."""
    offered = tuple(languages) if languages is not None else supported()
    chosen = remembered_language(environ)
    if chosen in offered:
        return chosen
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
    return accepted.best_match(offered) or "en"


def remembered_language(environ: dict) -> str | None:
    """The `lang` cookie's value. A Cookie header is bytes (one character per byte in the WSGI
    environ): bytes that are not UTF-8 are replaced, never raised on, so a stray cookie cannot
    make every page a 500. Werkzeug's `parse_cookie(environ)` decodes strictly."""
    header = environ.get("HTTP_COOKIE")
    if not header:
        return None
    text = header.encode("latin-1", "replace").decode("utf-8", "replace")
    return parse_cookie(text).get(COOKIE)


def attempt_loaded(language: str) -> None:
    """The view has loaded the request's attempt already: its language costs no query then
    (a live class's phones poll every second)."""
    g.attempt_language = language


def select_locale() -> str:
    public_id = (request.view_args or {}).get("public_id")
    if public_id:  # an attempt stays in the language it was started in
        language = g.get("attempt_language") or attempt_language(public_id)
        if language in supported():
            return language
    return visitor_language(request.environ)


def select_timezone() -> str:
    """Flask-Babel's time zone for the request: a logged-in teacher's own, else the site's."""
    return zone_of(current_user) if current_user.is_authenticated else site_zone()


@bp.get("/language/<code>")
def choose(code: str):
    """Remember a language for a year and go back where the visitor was."""
    response = redirect(safe_path(request.args.get("next"), "/"), 303)
    if code in supported():
        response.set_cookie(
            COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure,
            httponly=True,
        )
    return response


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(app.root_path) + "/translations",
    )
    app.register_blueprint(bp)

    @app.context_processor
    def languages() -> dict:
        return {
            "current_language": current_language(),
            "language_names": current_app.config["LANGUAGES"],
            "languages": supported(),
        }
