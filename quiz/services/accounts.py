"""Teacher accounts: passwords, login throttling and sessions.

Like Warehouse's account service, a refusal is an exception (`TooManyFailedLogins`,
`WrongCredentials`, `PasswordTooShort`) that the caller turns into a page or a message."""

from __future__ import annotations

import functools
import re
import time
from datetime import timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import delete, func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db, login
from ..models import LoginFailure, Teacher, utcnow

MAX_FAILURES, FAILURE_WINDOW = 5, timedelta(minutes=15)
MIN_PASSWORD = 10


class TooManyFailedLogins(Exception):
    """MAX_FAILURES failed logins for this account from this address within FAILURE_WINDOW:
    even the right password waits."""


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


def recent_failures(email: str, address: str | None) -> int:
    """Failed logins for this account from this address lately. Counting per address means a
    stranger guessing cannot lock the real teacher out."""
    since = utcnow() - FAILURE_WINDOW
    query = select(func.count()).where(
        LoginFailure.email == email, LoginFailure.address == address, LoginFailure.at >= since
    )
    return db.session.scalar(query) or 0


@functools.cache
def _unused_hash() -> str:
    """Checked when no teacher has the email, so a wrong address costs as long as a wrong
    password. Made on first use: hashing is slow on purpose, and importing should not be."""
    return generate_password_hash("not a password")


def log_in(email: str, password: str, address: str | None) -> Teacher:
    """Start the teacher's session if the password is theirs; every failure is counted."""
    email = normalised_email(email)
    if recent_failures(email, address) >= MAX_FAILURES:
        raise TooManyFailedLogins(email)
    teacher = find_teacher(email)
    if teacher is None:
        check_password_hash(_unused_hash(), password)
    elif teacher.check_password(password):
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        db.session.commit()
        start_session(teacher)
        return teacher
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
