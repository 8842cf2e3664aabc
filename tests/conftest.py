from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quiz import create_app
from quiz.extensions import db

FIXTURE_CONTENT = Path(__file__).parent / "data" / "content"
SHIPPED_CONTENT = Path(__file__).parent.parent / "content"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture content that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


@pytest.fixture
def make_app(tmp_path: Path):
    """Build an app on a throwaway SQLite database; extra config overrides the defaults."""

    def build(**config):
        settings = {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "CONTENT_DIR": str(FIXTURE_CONTENT),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
            **config,
        }
        app = create_app(settings)
        with app.app_context():
            db.create_all()
        return app

    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


HTMX = {"HX-Request": "true"}


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'type="hidden" name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page carries no CSRF token"
    return match.group(1)
