"""What SQL a request sends: the tests that hold hot paths to a statement count."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import event

from quiz.extensions import db


@contextlib.contextmanager
def statements(app) -> Iterator[list[str]]:
    """Every SQL statement sent meanwhile, as text."""
    sent: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
