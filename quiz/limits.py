"""Rate limits (Flask-Limiter): how often one address, and one browser session, may look up
join codes, start quizzes and try to log in.

A school's pupils share one address behind its NAT, so the limits per address are sized for a
whole class at once; the limits per session stop one replayed cookie from flooding attempts.
The counts live in memory by default, one count per server process; with several servers
(or to count exactly across gunicorn workers) set RATELIMIT_STORAGE_URI, e.g. `redis://host:6379`
(`pip install -e '.[redis]'`). Every limit is a line of RATE_LIMITS in the config, so tests and
operators can change it; RATELIMIT_ENABLED=False turns them all off."""

from __future__ import annotations

import hashlib
import math
import time

from flask import current_app, request, session

from .extensions import limiter

JOIN, UNKNOWN_CODE = "join per address", "unknown join code per address"
START, START_SESSION = "start per address", "start per session"
LOGIN, LOGIN_SESSION = "login per address", "login per session"

DEFAULT_LIMITS = {
    JOIN: "300 per minute",  # every join page and join form: a class of 60 twice over
    UNKNOWN_CODE: "20 per 10 minutes",  # codes that lead nowhere: guessing, not typing
    START: "120 per minute",  # new attempts from one school
    START_SESSION: "6 per minute",  # new attempts from one browser session
    LOGIN: "30 per minute",
    LOGIN_SESSION: "10 per minute",
}


def address() -> str:
    """The client's address as the app sees it (behind a proxy, configure ProxyFix)."""
    return request.remote_addr or "unknown"


def browser_session() -> str:
    """One browser session: its CSRF secret (every form here needs it, so a session that posts
    has one), hashed. A request without it is counted by address."""
    secret = session.get("csrf_token")
    if not isinstance(secret, str) or not secret:
        return "address:" + address()
    return "session:" + hashlib.blake2b(secret.encode(), digest_size=12).hexdigest()


def rate(name: str):
    """The limit named `name`, read from the config on every request."""
    return lambda: current_app.config["RATE_LIMITS"].get(name, DEFAULT_LIMITS[name])


def led_nowhere(response) -> bool:
    return response.status_code == 404


def per_address(name: str, **options):
    return limiter.shared_limit(rate(name), scope=name, key_func=address, **options)


def per_session(name: str, **options):
    return limiter.shared_limit(rate(name), scope=name, key_func=browser_session, **options)


# Shared by every view they decorate: starting from the preset list and from a join code count
# together, as do all the join pages.
join_pages = per_address(JOIN)


def unknown_codes(names_an_assignment):
    """The guessing limit: codes that lead nowhere count, per address. A code that names an
    assignment (`names_an_assignment()`, open or closed) is exempt: after 20 typos at one
    school, the rest of the school must still get in."""
    return per_address(UNKNOWN_CODE, deduct_when=led_nowhere, exempt_when=names_an_assignment)


starts = [per_address(START, methods=["POST"]), per_session(START_SESSION, methods=["POST"])]
logins = [per_address(LOGIN, methods=["POST"]), per_session(LOGIN_SESSION, methods=["POST"])]


def seconds_to_wait() -> int:
    """How long until the limit this request broke lets it through again."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))
