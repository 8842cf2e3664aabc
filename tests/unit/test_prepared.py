"""quiz.prepared: a statement run on the driver's cursor behaves as Connection.execute would
(types both ways, the transaction, the events, SQLAlchemy's exceptions)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    event,
    exc,
    insert,
    select,
)

from quiz.prepared import Prepared

metadata = MetaData()
notes = Table(
    "notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(20), unique=True),
    Column("seen_at", DateTime),
    Column("state", JSON),
)
ADD = Prepared(
    insert(notes)
    .values(name=bindparam("name"), seen_at=bindparam("seen"), state=bindparam("state"))
    .returning(notes.c.id, notes.c.seen_at)
)
FIND = Prepared(select(notes.c.state, notes.c.seen_at).where(notes.c.name == bindparam("name")))
SEEN = datetime(2026, 12, 2, 9, 30, 15, 250)


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'notes.sqlite'}")
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_values_go_in_and_come_back_typed_in_the_connections_transaction(engine):
    with engine.connect() as connection:
        added = ADD.first(connection, {"name": "a", "seen": SEEN, "state": {"step": [1, 2]}})
        assert added.id == 1 and added.seen_at == SEEN
        connection.commit()
        assert FIND.first(connection, {"name": "a"}) == ({"step": [1, 2]}, SEEN)
        ADD.first(connection, {"name": "b", "seen": SEEN, "state": {}})
        # closed without a commit: rolled back, as with Connection.execute
    with engine.connect() as connection:
        assert FIND.first(connection, {"name": "b"}) is None
        assert FIND.first(connection, {"name": "a"}).state == {"step": [1, 2]}


def test_listeners_see_each_statement_and_errors_are_sqlalchemys(engine):
    seen = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: seen.append(sql))
    with engine.connect() as connection:
        ADD.first(connection, {"name": "a", "seen": SEEN, "state": {}})
        with pytest.raises(exc.IntegrityError):  # the unique name, as execute would raise it
            ADD.first(connection, {"name": "a", "seen": SEEN, "state": {}})
    assert [sql.split()[:3] for sql in seen] == [["INSERT", "INTO", "notes"]] * 2
