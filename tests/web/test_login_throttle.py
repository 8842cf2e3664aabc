"""Login throttling that cannot lock a school out (issue 12, finding 6): per account, growing
delays of seconds (not a 15-minute lock per address that a school's NAT shares), a bounded
number of password hashes at once, and old failure rows pruned."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import LoginFailure, utcnow
from quiz.services import accounts
from tests.support.teacher import EMAIL, TeacherActions

SCHOOL = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}  # pupils and teacher behind one NAT


def fail(app, times: int, **request) -> list:
    return [TeacherActions(app).log_in(password="a wrong guess!", **request) for _ in range(times)]


def time_passes(app, seconds: float) -> None:
    """Move every recorded failure back in time."""
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.at -= timedelta(seconds=seconds)  # in Python: SQLite has no interval type
        db.session.commit()


def test_a_pupil_guessing_behind_the_schools_nat_delays_the_teacher_by_seconds(
    app, teacher_account
):
    assert [r.status_code for r in fail(app, 6, **SCHOOL)][:5] == [401] * 5
    waiting = teacher_account.log_in(**SCHOOL)  # the real teacher, same address, right away
    assert waiting.status_code == 429
    assert int(waiting.headers["Retry-After"]) <= 2  # seconds, not 15 minutes
    assert "Wait 2 seconds" in waiting.get_data(as_text=True) or "Wait 1 second" in (
        waiting.get_data(as_text=True)
    )
    time_passes(app, 3)
    assert teacher_account.log_in(**SCHOOL).status_code == 303


def test_the_delays_grow_with_each_failure_and_stop_at_a_minute(app, teacher_account):
    waits = []
    for _ in range(9):
        time_passes(app, 120)  # each guess comes after the last delay is over
        assert fail(app, 1)[0].status_code == 401
        refused = fail(app, 1)[0]  # a guess right after: refused, and not counted
        if refused.status_code == 429:
            waits.append(int(refused.headers["Retry-After"]))
    assert waits == [1, 2, 4, 8, 16, 32, 60]  # doubling, then at most a minute
    with app.app_context():
        db.session.add_all(LoginFailure(email=EMAIL, address=None) for _ in range(40))
        db.session.commit()
    assert int(teacher_account.log_in().headers["Retry-After"]) == 60


def test_a_good_login_forgets_the_failures(app, teacher_account):
    fail(app, 5)
    assert teacher_account.log_in().status_code == 429
    time_passes(app, 2)
    assert teacher_account.log_in().status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_failures_older_than_a_day_are_pruned(app, teacher_account):
    with app.app_context():
        old = utcnow() - accounts.FAILURE_MEMORY - timedelta(minutes=1)
        db.session.add_all(
            LoginFailure(email=f"someone{n}@school.org", address="x", at=old) for n in range(50)
        )
        db.session.commit()
    fail(app, 1)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_a_login_that_finds_every_hashing_slot_taken_is_told_to_retry(make_app):
    app = make_app(PASSWORD_HASH_WAIT_SECONDS=0.05)
    teacher = TeacherActions(app).create_account()
    slots = app.extensions["quiz.password_hashing"]
    assert slots.acquire(timeout=1)
    try:
        busy = teacher.log_in()
    finally:
        slots.release()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "Many teachers are logging in at once" in busy.get_data(as_text=True)
    assert teacher.log_in().status_code == 303  # nothing was counted against the account


def test_random_email_logins_hash_one_at_a_time(make_app, monkeypatch):
    app = make_app(PASSWORD_HASH_WAIT_SECONDS=10)
    lock, running, most = threading.Lock(), [0], [0]
    real = accounts.check_password_hash

    def counted(stored, password):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real(stored, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(accounts, "check_password_hash", counted)
    statuses: list[int] = []

    def guess(n: int) -> None:
        response = TeacherActions(app).log_in(email=f"random{n}@example.org")
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [401] * 6
    assert most[0] == 1
