"""Teacher accounts: passwords, login throttling and sessions.

Like Warehouse's account service, a refusal is an exception (`TooManyFailedLogins`,
`WrongCredentials`, `PasswordTooShort`) that the caller turns into a page or a message."""

from __future__ import annotations

import contextlib
import functools
import math
import multiprocessing
import re
import time
from datetime import timedelta

from flask import Flask, current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db, login
from ..models import LoginFailure, Teacher, utcnow

# Per account, from any address: FREE_FAILURES wrong passwords cost nothing; after that each try
# waits 1, 2, 4, ... seconds after the last failure, never more than MAX_DELAY. A stranger, or a
# pupil behind the school's NAT, can delay the teacher by seconds, never lock them out; a
# guesser gets about one try a minute. Failures are forgotten (and their rows deleted) after
# FAILURE_MEMORY, and all of them at the next good login.
FREE_FAILURES = 5
MAX_DELAY = timedelta(seconds=60)
FAILURE_MEMORY = timedelta(hours=24)
MIN_PASSWORD = 10


class TooManyFailedLogins(Exception):
    """Too many recent failed logins for this account: even the right password waits."""

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


class LoginsBusy(Exception):
    """Every password-hashing slot is taken: try again in a few seconds."""

    wait_seconds = 5


class WrongCredentials(Exception):
    """No teacher has this email, or the password is not theirs: one answer for both."""


class PasswordTooShort(Exception):
    """A new password has fewer than MIN_PASSWORD characters."""


def normalised_email(email: str) -> str:
    return email.strip().lower()


def find_teacher(email: str) -> Teacher | None:
    return db.session.scalar(select(Teacher).where(Teacher.email == normalised_email(email)))


class NoSuchTeacher(Exception):
    """No teacher has this email."""


def save_teacher(email: str, password: str) -> bool:
    """Create the account, or give an existing one a new password, which ends every session it
    had. True if it was created."""
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"the password needs at least {MIN_PASSWORD} characters")
    teacher = find_teacher(email)
    created = teacher is None
    teacher = teacher or Teacher(email=normalised_email(email))
    teacher.set_password(password)
    if not created:
        teacher.session_version = Teacher.session_version + 1
    db.session.add(teacher)
    db.session.commit()
    return created


def change_password(email: str, password: str) -> None:
    """A new password for an existing account; every session it had ends."""
    if find_teacher(email) is None:
        raise NoSuchTeacher(email)
    save_teacher(email, password)


SESSION_ID = re.compile(r"^(\d{1,18}):(\d{1,18})$")
LOGGED_IN_AT = "teacher_logged_in_at"  # session key: when this browser's teacher logged in


@login.user_loader
def load_teacher(session_id: str) -> Teacher | None:
    """The teacher a session cookie names, if the cookie is still good: its session version is
    the teacher's current one (logout and a new password raise it) and the login is younger
    than TEACHER_SESSION_LIFETIME, whatever lifetime the browser's cookie was given."""
    match = SESSION_ID.match(session_id)
    if not match:
        return None  # also a cookie from before session versions: logged out once
    teacher = db.session.get(Teacher, int(match[1]))
    if teacher is None or teacher.session_version != int(match[2]):
        return None
    logged_in_at = session.get(LOGGED_IN_AT)
    lifetime = current_app.config["TEACHER_SESSION_LIFETIME"].total_seconds()
    if not isinstance(logged_in_at, int | float) or time.time() - logged_in_at > lifetime:
        return None
    return teacher


def seconds_to_wait(email: str) -> int:
    """How long this account's next login must wait (0: now), from its recent failures."""
    since = utcnow() - FAILURE_MEMORY
    count, last = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(
            LoginFailure.email == email, LoginFailure.at >= since
        )
    ).one()
    if count < FREE_FAILURES or last is None:
        return 0
    delay = min(2.0 ** (count - FREE_FAILURES), MAX_DELAY.total_seconds())
    return max(0, math.ceil((last + timedelta(seconds=delay) - utcnow()).total_seconds()))


def init_app(app: Flask) -> None:
    """The password-hashing slots, shared by the worker processes gunicorn forks from the
    master (preload_app): random-email logins can keep PASSWORD_HASHES_AT_ONCE workers hashing,
    never all of them, and a login that finds no slot free within PASSWORD_HASH_WAIT_SECONDS is
    told to come back (LoginsBusy) instead of holding a worker."""
    slots = multiprocessing.get_context("fork").BoundedSemaphore(
        app.config["PASSWORD_HASHES_AT_ONCE"]
    )
    app.extensions["quiz.password_hashing"] = slots


@contextlib.contextmanager
def hashing_slot():
    slots = current_app.extensions["quiz.password_hashing"]
    if not slots.acquire(timeout=current_app.config["PASSWORD_HASH_WAIT_SECONDS"]):
        raise LoginsBusy()
    try:
        yield
    finally:
        slots.release()


@functools.cache
def _unused_hash() -> str:
    """Checked when no teacher has the email, so a wrong address costs as long as a wrong
    password. Made on first use: hashing is slow on purpose, and importing should not be."""
    return generate_password_hash("not a password")


def log_in(email: str, password: str, address: str | None) -> Teacher:
    """Start the teacher's session if the password is theirs; every failure is counted."""
    email = normalised_email(email)
    if wait := seconds_to_wait(email):
        raise TooManyFailedLogins(wait)
    teacher = find_teacher(email)
    with hashing_slot():
        if teacher is None:
            check_password_hash(_unused_hash(), password)  # as slow as a wrong password
            matches = False
        else:
            matches = teacher.check_password(password)
    if teacher is not None and matches:
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        db.session.commit()
        start_session(teacher)
        return teacher
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - FAILURE_MEMORY))
    db.session.add(LoginFailure(email=email, address=address))
    db.session.commit()
    raise WrongCredentials(email)


def start_session(teacher: Teacher) -> None:
    """Log the teacher in at this browser: a cookie that lasts until the browser closes (never
    the 31 days a student's quiz gives it), a fresh CSRF token (one seen before the login is
    worth nothing after), and the time, which the user loader bounds."""
    session.permanent = False
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    session[LOGGED_IN_AT] = int(time.time())
    login_user(teacher)


def log_out(teacher: Teacher) -> None:
    """End every session of this teacher, in every browser, then this one's."""
    db.session.execute(
        update(Teacher)
        .where(Teacher.id == teacher.id)
        .values(session_version=Teacher.session_version + 1)
    )
    db.session.commit()
    logout_user()
    session.pop(LOGGED_IN_AT, None)


def set_time_zone(teacher: Teacher, zone: str | None) -> None:
    """The zone the teacher's due times are typed and shown in (None: the site's)."""
    teacher.time_zone = zone or None
    db.session.commit()
