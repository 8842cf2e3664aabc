"""The migrations and the models describe one schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from quiz import create_app
from quiz.extensions import db
from quiz.models import Answer


def test_migrations_build_the_same_schema_as_the_models(database_url, fixture_content):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTENT_DIR": str(fixture_content),
            "SECRET_KEY": "x",
        }
    )
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
        assert db.session.query(Answer).count() == 0
        db.session.remove()
        db.engine.dispose()
