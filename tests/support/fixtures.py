"""Fixtures every test folder shares (a pytest plugin, named in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.clock import Clock
from tests.support.teacher import TeacherActions

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "data" / "content"
SHIPPED_CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def fixture_content() -> Path:
    """The small content folder the web and unit tests are written against."""
    return FIXTURE_CONTENT


@pytest.fixture(scope="session")
def shipped_content() -> Path:
    """The content folder the app ships with (what the browser tests and content checks read)."""
    return SHIPPED_CONTENT


@pytest.fixture
def teacher_account(app) -> TeacherActions:
    """A teacher with an account, not logged in. The email is typed in mixed case, as people
    do; the account is kept in lower case."""
    return TeacherActions(app).create_account("Ms.Lee@School.org")


@pytest.fixture
def teacher(teacher_account) -> TeacherActions:
    """A teacher logged in at a browser of their own."""
    assert teacher_account.log_in().status_code == 303
    return teacher_account


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The app's clock, stopped on a winter morning (see tests.support.clock); move it with
    `clock.advance(seconds=61)` or `clock.set(...)`."""
    stopped = Clock()
    monkeypatch.setattr("quiz.models.utcnow", stopped)
    return stopped
