from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quiz import create_app
from quiz.extensions import db

pytest_plugins = ["tests.support.fixtures"]


@pytest.fixture
def content_dir(tmp_path: Path, fixture_content: Path) -> Path:
    """A private copy of the fixture content that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(fixture_content, target)
    return target


@pytest.fixture(autouse=True)
def own_snapshot_folder(tmp_path: Path, monkeypatch) -> Path:
    """Each test keeps its last good content in its own folder, never in the project's
    instance/ (where a test's broken content would meet another test's snapshot)."""
    folder = tmp_path / "last-good-content"
    monkeypatch.setenv("QUIZ_CONTENT_SNAPSHOT_DIR", str(folder))
    return folder


ON_POSTGRES = os.environ.get("QUIZ_TEST_POSTGRES") == "1"


@pytest.fixture(scope="session")
def postgres_url():
    """With QUIZ_TEST_POSTGRES=1 (make test sets it for a second run), one throwaway
    PostgreSQL server for the whole session; otherwise None and tests use SQLite."""
    if not ON_POSTGRES:
        yield None
        return
    from tests.support.postgres import throwaway_postgres

    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def database_url(tmp_path: Path, postgres_url):
    return postgres_url or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def make_app(database_url, fixture_content):
    """Build an app on an empty database; extra config overrides the defaults."""
    built = []

    def build(**config):
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "CONTENT_DIR": str(fixture_content),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,  # tests of the limits turn them on, with small limits
            **config,
        }
        app = create_app(settings)
        with app.app_context():
            if not built:  # a fresh schema for each test (PostgreSQL's is shared)
                db.drop_all()
            db.create_all()
        built.append(app)
        return app

    yield build
    for app in built:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        app.extensions["live_polls"].engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()
