"""Teacher accounts: passwords, login throttling and sessions.

Like Warehouse's account service, a refusal is an exception (`TooManyFailedLogins`,
`WrongCredentials`, `PasswordTooShort`) that the caller turns into a page or a message."""

from __future__ import annotations

import functools
from datetime import timedelta

from flask_login import login_user, logout_user
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
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


def save_teacher(email: str, password: str) -> bool:
    """Create the account, or give an existing one a new password. True if it was created."""
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"the password needs at least {MIN_PASSWORD} characters")
    teacher = find_teacher(email)
    created = teacher is None
    teacher = teacher or Teacher(email=normalised_email(email))
    teacher.set_password(password)
    db.session.add(teacher)
    db.session.commit()
    return created


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
        login_user(teacher)
        return teacher
    db.session.add(LoginFailure(email=email, address=address))
    db.session.commit()
    raise WrongCredentials(email)


def log_out() -> None:
    logout_user()
