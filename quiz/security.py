"""Headers that make the browser enforce what the templates promise: no inline code, no framing."""

from __future__ import annotations

import re
from urllib.parse import unquote

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecureOverHttpsSessions(SecureCookieSessionInterface):
    """The session cookie gets `Secure` whenever the request came over HTTPS (behind a proxy,
    with ProxyFix or X-Forwarded-Proto trusted), or always with SESSION_COOKIE_SECURE."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure
        )


def init_app(app: Flask) -> None:
    app.session_interface = SecureOverHttpsSessions()
    app.after_request(_add_security_headers)


def _add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def safe_path(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`. Only a single leading slash is
    local: browsers read `//host`, `////host` and `/\\host` as another site, strip tabs and
    newlines before reading, and some decode `%5C` to a backslash, so all of those are refused."""
    if not target or not _LOCAL_PATH.fullmatch(target):
        return fallback
    return target if _LOCAL_PATH.fullmatch(unquote(target)) else fallback


# One slash, then anything but another slash or backslash; no backslash or control character later.
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\x00-\x1f\x7f]*")
