"""Statements compiled once and run on the driver's own cursor: the answer path's.

A live class sends 300 answers within seconds, and every one runs the same few statements.
SQLAlchemy caches their compiled form, yet each `Connection.execute` still builds an execution
context, a result and its metadata: about three times what the driver spends running the
statement. A `Prepared` statement keeps SQLAlchemy's compiler, type processing, transaction
and events, and skips the rest: compiled once per database driver, it binds its values and
runs on the cursor of the Connection it is given, in that Connection's transaction.

Listeners of `before_cursor_execute` and `after_cursor_execute` still see every statement,
and a driver error is raised as SQLAlchemy's exception of the same kind (IntegrityError,
OperationalError...), a lost connection invalidated. Not kept: `handle_error` listeners and
the engine's echo."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect


class _Compiled:
    """One statement's SQL for one database, and what turns values into the driver's and back."""

    def __init__(self, statement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.compiled = compiled
        self.order = compiled.positiontup  # None where the driver takes named parameters
        # The statement's own values (its literals) once; each run fills in the caller's,
        # by key, where SQLAlchemy's construct_params would walk every parameter again.
        self.literals = compiled.construct_params(_check=False)
        binds = compiled.bind_names.items()
        self.names = [(bind.key, name) for bind, name in binds if bind.required]
        self.binders = {
            name: processor
            for bind, name in binds
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))
        }
        columns = list(statement.exported_columns)  # what it selects or returns (or nothing)
        self.row = namedtuple("Row", [c.key for c in columns]) if columns else None
        self.loaders = [
            c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns
        ]

    def parameters(self, values: dict[str, Any]):
        bound = dict(self.literals)
        for key, name in self.names:
            bound[name] = values[key]
        for name, processor in self.binders.items():
            bound[name] = processor(bound[name])
        return bound if self.order is None else tuple(bound[name] for name in self.order)

    def load(self, raw):
        values = zip(self.loaders, raw, strict=True)
        return self.row(*(load(value) if load else value for load, value in values))


class Prepared:
    """A Core statement (no IN lists) to run again and again: `first(connection, values)`
    returns its first row (a named tuple of its RETURNING or selected columns) or None."""

    def __init__(self, statement):
        self.statement = statement
        self._by_driver: dict[tuple[str, str], _Compiled] = {}

    def _compiled(self, dialect: Dialect) -> _Compiled:
        driver = (dialect.name, dialect.driver)  # (the SQL and its parameter style)
        compiled = self._by_driver.get(driver)
        if compiled is None:
            compiled = self._by_driver[driver] = _Compiled(self.statement, dialect)
        return compiled

    def first(self, connection: Connection, values: dict[str, Any]):
        compiled = self._compiled(connection.dialect)
        if not connection.in_transaction():
            connection.begin()  # as Connection.execute would: commit() then ends it
        parameters = compiled.parameters(values)
        cursor = connection.connection.cursor()
        sql, dispatch = compiled.sql, connection.dispatch
        try:
            for listener in dispatch.before_cursor_execute:
                sql, parameters = listener(connection, cursor, sql, parameters, None, False)
            cursor.execute(sql, parameters)
            for listener in dispatch.after_cursor_execute:
                listener(connection, cursor, sql, parameters, None, False)
            raw = cursor.fetchone() if compiled.row else None
        except connection.dialect.loaded_dbapi.Error as error:
            dbapi_connection = connection.connection.dbapi_connection
            lost = connection.dialect.is_disconnect(error, dbapi_connection, cursor)
            if lost:
                connection.invalidate(error)  # (which closes its cursors)
            else:
                cursor.close()
            raise exc.DBAPIError.instance(
                sql,
                parameters,
                error,
                connection.dialect.loaded_dbapi.Error,
                hide_parameters=connection.engine.hide_parameters,
                connection_invalidated=lost,
                dialect=connection.dialect,
            ) from error
        cursor.close()
        return None if raw is None else compiled.load(raw)
