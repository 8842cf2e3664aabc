"""Headers that make the browser enforce what the templates promise: no inline code, no framing
(but for the /embed pages, which the origins in QUIZ_EMBED_ORIGINS may frame)."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]
CONTENT_SECURITY_POLICY = "; ".join([*_POLICY, "frame-ancestors 'none'"])

# An origin as CSP's frame-ancestors takes it: a scheme, a host (a leading `*.` for any
# subdomain), an optional port; no path, no trailing slash.
_ORIGIN = re.compile(
    r"https?://(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?::\d{1,5})?"
)


class ConfigError(ValueError):
    """A setting the app cannot start with; the message says which and how to fix it."""


def embed_origins(value: str | list | tuple | None) -> tuple[str, ...]:
    """QUIZ_EMBED_ORIGINS (space-separated) as a tuple of origins, or ConfigError."""
    tokens = value.split() if isinstance(value, str) else list(value or ())
    for token in tokens:
        if not isinstance(token, str) or not _ORIGIN.fullmatch(token):
            raise ConfigError(
                f"QUIZ_EMBED_ORIGINS: `{token}` is not an origin; write each site that may "
                "frame the /embed pages as scheme://host[:port], separated by spaces, e.g. "
                '"https://moodle.school.org https://sites.google.com" (lowercase, no path, '
                "no trailing slash)"
            )
    return tuple(tokens)


def embed_policy(origins: tuple[str, ...]) -> str:
    return "; ".join([*_POLICY, "frame-ancestors " + " ".join(("'self'", *origins))])


def embeddable(view):
    """Only these responses may be framed, by this site and the configured origins."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = embed_policy(
            current_app.config["EMBED_ORIGINS"]
        )
        return response

    return wrapper


class SecureOverHttpsSessions(SecureCookieSessionInterface):
    """The session cookie gets `Secure` whenever the request came over HTTPS (behind a proxy,
    with ProxyFix or X-Forwarded-Proto trusted), or always with SESSION_COOKIE_SECURE."""

    _signing: tuple[tuple, URLSafeTimedSerializer | None] | None = None  # (keys, serializer)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Built once per set of keys, not on every request (it depends on nothing else):
        every answer of a class opens the session, and the building cost each one 2%."""
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built = self._signing
        if built is None or built[0] != keys:
            built = self._signing = (keys, super().get_signing_serializer(app))
        return built[1]

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure
        )


def init_app(app: Flask) -> None:
    app.session_interface = SecureOverHttpsSessions()
    app.after_request(_add_security_headers)


def _add_security_headers(response: Response) -> Response:
    policy = response.headers.get("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    for name, value in security_headers(request.is_secure, policy):
        response.headers.setdefault(name, value)
    return response


def security_headers(secure: bool, policy: str = CONTENT_SECURITY_POLICY) -> list[tuple[str, str]]:
    """The headers of a response with this CSP (the answers sent before Flask get them too)."""
    headers = [("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff")]
    if "frame-ancestors 'none'" in policy:
        headers.append(("X-Frame-Options", "DENY"))  # for browsers without frame-ancestors
    headers.append(("Referrer-Policy", "strict-origin-when-cross-origin"))
    if secure:
        headers.append(("Strict-Transport-Security", "max-age=31536000"))
    return headers


def safe_path(target: str | None, fallback: str) -> str:
    """`target` if it is a path on this site, else `fallback`. Only a single leading slash is
    local: browsers read `//host`, `////host` and `/\\host` as another site, strip tabs and
    newlines before reading, and some decode `%5C` to a backslash, so all of those are refused."""
    if not target or not _LOCAL_PATH.fullmatch(target):
        return fallback
    return target if _LOCAL_PATH.fullmatch(unquote(target)) else fallback


# One slash, then anything but another slash or backslash; no backslash or control character later.
_LOCAL_PATH = re.compile(r"/(?![/\\])[^\\\x00-\x1f\x7f]*")
