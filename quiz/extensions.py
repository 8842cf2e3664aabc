"""Unbound extension singletons; create_app binds them to the app."""

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event, exc
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    # Named constraints, so migrations can drop or alter them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
htmx = HTMX()
limiter = Limiter(get_remote_address)  # each limit names its own key: see quiz/limits.py
login = LoginManager()
login.login_view = "teacher.login"
login.login_message = _l("Please log in as a teacher to see this page.")


def tune_sqlite(app) -> None:
    """SQLite as a server database: readers never wait for the writer (WAL), commits don't wait
    for the disk twice (synchronous=NORMAL, still crash-safe in WAL), and a writer waits up to
    5 s for another instead of failing with 'database is locked'."""
    with app.app_context():
        tune_sqlite_engine(db.engine)


def tune_sqlite_engine(engine) -> None:
    """tune_sqlite for one engine (the live polls have their own: see quiz.livepolls)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(connection, _record) -> None:
        cursor = connection.cursor()
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


@contextlib.contextmanager
def one_writer(engine) -> Iterator[None]:
    """Wait for any other process's answer to commit before writing one (SQLite only).

    SQLite lets one writer in at a time, and a writer that finds the lock taken sleeps in its
    busy handler (1 ms, then 2, 5, 10...) however soon the lock frees: under a class's answers
    on 2 workers, a fifth of each worker's time went to that sleep (py-spy). A writer waiting
    on a file lock (flock, next to the database file) wakes the moment the other lets go, and
    the kernel lets go for a process that dies. Each use opens its own descriptor, so threads
    of one process exclude each other too; it is not re-entrant (record_answer alone takes
    it), and it blocks the process, as gunicorn's sync workers expect (not gevent's)."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        yield
        return
    descriptor = os.open(f"{path}-writer", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # (which releases the lock)


IDLE_BEFORE_PING = 1.0  # seconds


def ping_when_idle(app) -> None:
    """Check that a pooled connection still works before a request uses it, but only if it
    lay idle for a second or more: a database restarted meanwhile costs no request an error,
    and a busy worker (a live class: 300 requests a second) sends no ping at all. SQLAlchemy's
    own pool_pre_ping pings on every checkout: one more round trip to PostgreSQL per request.
    Raising DisconnectionError makes the pool replace the connection and try again."""
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def last_used(_connection, record) -> None:
        record.info["last_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def on_checkout(connection, record, _proxy) -> None:
        if time.monotonic() - record.info["last_used"] < IDLE_BEFORE_PING:
            return
        try:
            engine.dialect.do_ping(connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError() from error


def keep_instance_private(app) -> None:
    """instance/ and a SQLite database hold the secret key, password hashes and students' names:
    readable by the app's own user only. SQLite gives its -wal and -shm files the mode of the
    database file, so the database is created 0600 before SQLite first opens it."""
    instance = Path(app.instance_path)
    if instance.is_dir():
        instance.chmod(0o700)
    with app.app_context():
        url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database.startswith(":"):
        return
    database = Path(url.database)
    os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    for path in (database, *(database.with_name(database.name + end) for end in ("-wal", "-shm"))):
        if path.exists():
            path.chmod(0o600)
