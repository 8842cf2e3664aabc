"""Configuration: defaults here, then the environment, then an explicit mapping (tests)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def configure(app: Flask, overrides: dict | None) -> None:
    app.config.from_mapping(
        CONTENT_DIR=str(PROJECT_ROOT / "content"),
        # The languages offered, code -> name, the source language (that of the content files)
        # first. A language also needs its phrases (quiz/quizgen/languages/<code>.py), its
        # catalogue (quiz/translations/<code>/) and its content translations (`x.<code>.md`).
        LANGUAGES={"en": "English", "fr": "Français"},
        SQLALCHEMY_DATABASE_URI="sqlite:///quiz.sqlite",  # relative: lands in instance/
        CONTENT_CHECK_SECONDS=1.0,  # how often a request may look for edited content files
        WTF_CSRF_TIME_LIMIT=None,  # a class period can outlast the default hour
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_REFRESH_EACH_REQUEST=False,  # re-signing the cookie on every answer is wasted work
        # A teacher's login is good for a working day at most, whatever the cookie's lifetime
        # (a student's quiz makes the browser's cookie last 31 days).
        TEACHER_SESSION_LIFETIME=timedelta(hours=12),
        # Every form here is a few lines of text: a large body is refused at once (413), before
        # a worker spends time and memory reading it.
        MAX_CONTENT_LENGTH=64 * 1024,
        # Rate limits (quiz/limits.py): memory by default, one count per process; a Redis URI
        # (RATELIMIT_STORAGE_URI in the environment) shares the counts between servers.
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=False,  # the 429 page sends Retry-After itself
        RATE_LIMITS={},  # name -> limit, over quiz.limits.DEFAULT_LIMITS
        # Password hashing (scrypt, slow on purpose) at once, across the workers of a server,
        # and how long a login waits for a free slot before it is told to retry (503).
        PASSWORD_HASHES_AT_ONCE=1,
        PASSWORD_HASH_WAIT_SECONDS=0.5,
        # The IANA time zone of teachers who have not chosen one (their due times are typed
        # and shown in it), and how long answers under way are still taken once an
        # assignment closes (the teacher's "End now" takes none).
        TEACHER_TIME_ZONE="UTC",
        CLOSING_GRACE_SECONDS=60,
        # Sites whose pages may frame /embed and /embed/events/<id> (space-separated origins,
        # e.g. "https://moodle.school.org"); every other page refuses to be framed.
        EMBED_ORIGINS="",
        # The country outlines the map is drawn from (the Makefile fetches them).
        WORLD_ATLAS=str(PROJECT_ROOT / "static" / "vendor" / "world-atlas" / "countries-50m.json"),
    )
    app.config.from_prefixed_env("QUIZ")
    for name in ("SECRET_KEY", "CONTENT_DIR", "RATELIMIT_STORAGE_URI"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(os.environ["DATABASE_URL"])
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))


def database_uri(url: str) -> str:
    """Hosting platforms hand out `postgres://`; SQLAlchemy wants a driver name (psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def instance_secret(instance: Path) -> str:
    """A random key made once per installation and kept in instance/ (never in the repository).

    Several workers may start at once on an empty instance/: each writes a whole key to a file of
    its own and links it into place, which only one can do; everyone then reads the winner's."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        fd, draft = tempfile.mkstemp(dir=instance, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_hex(32))
                file.flush()
                os.fsync(file.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()
