"""What SQL a request sends: the tests that hold hot paths to a statement count."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextlib.contextmanager
def statements(_app) -> Iterator[list[str]]:
    """Every SQL statement sent meanwhile, as text, by any engine (the app's, and the live
    polls' own: see quiz.livepolls)."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)
