"""Hot statements run on the driver's cursor, with what SQLAlchemy works out per execution kept.

SQLAlchemy Core's ``execute`` of a prebuilt select costs about 22 us here, against 4 us for
the driver alone: each call builds an execution context, looks the compiled form up by cache
key, runs every parameter through its type and wraps the cursor in a result. None of that
changes between calls of one statement on one dialect. ``Prepared`` keeps it: the SQL text
SQLAlchemy compiled (in the dialect's parameter style), the order of positional parameters,
and each parameter's and each column's type processor, which are SQLAlchemy's own.

Which statements are prepared, and how they are kept, is ``prepared_statements.py``'s; the rest
goes through SQLAlchemy. Each runs in its connection's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.util import find_tables

from mockserver.storage.database.cursors import kept_cursors
from mockserver.storage.database.read_ahead import read_ahead
from mockserver.storage.database.write_behind import write_behind
from mockserver.storage.statements.parameter_plan import ParameterPlan, bind_processor
from mockserver.storage.statements.prepared_rows import Row, row_class, row_maker


class Prepared:
    """One statement, compiled once for one dialect; ``run`` gives its rows (none for a write
    without ``RETURNING``)."""

    def __init__(
        self, statement: sa.ClauseElement, dialect: sa.Dialect, column_keys: Sequence[str] | None = None
    ) -> None:
        self.statement = statement
        # A select's, an update's or an insert's compiled form: SQLAlchemy's SQL compiler.
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect, column_keys=column_keys))
        binds = compiled.binds
        if any(bind.expanding for bind in binds.values()) or compiled.escaped_bind_names:
            raise Unpreparable("parameters SQLAlchemy rewrites at execution")
        columns = list(getattr(statement, "exported_columns", ()))
        added_returning = getattr(compiled, "effective_returning", None) and not columns
        if not isinstance(statement, sa.Select) and added_returning:
            raise Unpreparable("a RETURNING SQLAlchemy adds for itself")
        self._compiled = compiled
        self._sql = compiled.string
        self._order: Sequence[str] | None = compiled.positiontup if dialect.positional else None
        self._binds: dict[str, Callable[[Any], Any]] = {}
        # By the name each parameter is rendered under (``binds`` also holds anonymous keys).
        for bind, name in compiled.bind_names.items():
            processor = bind_processor(bind.type.dialect_impl(dialect), dialect)
            if processor is not None:
                self._binds[name] = processor
        self._plan = ParameterPlan.of(compiled, self._binds, self._order)
        self._returns_rows = isinstance(statement, sa.Select) or bool(columns)
        # What it reads or writes: a read kept ahead of a write's statements (``write_behind``).
        self.reads_only = isinstance(statement, sa.Select)
        found = find_tables(statement, check_columns=True, include_aliases=True, include_crud=True)
        self.tables = frozenset(table.name for table in found if isinstance(table, sa.Table))
        # Each column's result processor, SQLAlchemy's own, is asked for at the first run, once the
        # cursor has named the column's type (psycopg's numeric processors depend on it).
        self._dialect = dialect
        self._server = dialect.name == "postgresql"  # writes behind, reads ahead
        self._result_types = [column.type.dialect_impl(dialect) for column in columns]
        # Named after the cursor's columns, as SQLAlchemy's keys are ("count_1", not "count").
        self._make: Callable[[Sequence[Any]], Row] | None = None

    def first(self, connection: sa.Connection, params: Mapping[str, Any]) -> Row | None:
        return next(iter(self.run(connection, params, first=True)), None)

    def run(self, connection: sa.Connection, params: Mapping[str, Any], *, first: bool = False) -> list[Row]:
        if self._server and (behind := write_behind(connection)):  # a handler's write on PostgreSQL
            return behind.run(self, params, first=first, returns_rows=self._returns_rows)
        if self._server and (ahead := read_ahead(connection)):  # a GET's first statement: its row first
            return ahead.run(connection, self, params, first=first)
        with self._cursor(connection) as cursor:
            return self.run_on(cursor, params, first=first)

    def run_on(self, cursor: Any, params: Mapping[str, Any], *, first: bool = False) -> list[Row]:
        """``run`` on a driver's cursor, in whatever transaction its connection is in."""
        self.send_on(cursor, params)
        return self.rows_from(cursor, first=first)

    def send_on(self, cursor: Any, params: Mapping[str, Any]) -> None:
        """Runs the statement on a driver's cursor, its rows left there (in a pipeline, ``cursors.py``,
        queued until the pipeline syncs)."""
        cursor.execute(self._sql, self._arguments(params))

    def queued(self, params: Mapping[str, Any]) -> tuple[str, Any]:
        """What ``send_on`` would send for ``params`` (the SQL and its arguments), to send later."""
        return self._sql, self._arguments(params)

    def rows_from(self, cursor: Any, *, first: bool = False) -> list[Row]:
        """The rows ``send_on`` left on ``cursor``."""
        if not self._returns_rows:
            return []
        fetched: Sequence[Any]
        if first:
            one = cursor.fetchone()
            fetched = () if one is None else (one,)
        else:
            fetched = cursor.fetchall()
        make = self._make or self._row_maker(cursor.description)
        return [make(raw) for raw in fetched]

    def run_many(self, connection: sa.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Runs a write once per parameter set, in one ``executemany``."""
        if self._server and (behind := write_behind(connection)):
            behind.write(self, rows)
        else:
            with self._cursor(connection) as cursor:
                self.run_many_on(cursor, rows)

    def run_many_on(self, cursor: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        """``run_many`` on a driver's cursor, in whatever transaction its connection is in."""
        if len(rows) == 1:
            # One row: no ``executemany``, whose set-up psycopg's cursors made cost a tenth of a
            # PostgreSQL create (sqlite3's, and ``cursors.Cursor``'s inside a pipeline, cost little).
            cursor.execute(self._sql, self._arguments(rows[0]))
            return
        cursor.executemany(self._sql, [self._arguments(params) for params in rows])

    def send_many(self, connection: sa.Connection, arguments: Sequence[Any]) -> None:
        """``run_many`` given the driver's arguments (``queued``'s); never a write sent behind."""
        with self._cursor(connection) as cursor:
            cursor.executemany(self._sql, arguments)

    def _arguments(self, params: Mapping[str, Any]) -> Any:
        if self._plan is not None:
            arguments = self._plan.arguments(params)
            if arguments is not None:
                return arguments
        # SQLAlchemy's own way, and its error where a required parameter is missing.
        values = self._compiled.construct_params(params)
        for name, processor in self._binds.items():
            values[name] = processor(values[name])
        return [values[name] for name in self._order] if self._order is not None else values

    def _cursor(self, connection: sa.Connection) -> AbstractContextManager[Any]:
        if not connection.in_transaction():
            connection.begin()  # as SQLAlchemy's own first execute would
        if self._server:
            return nullcontext(kept_cursors(connection).cursor())
        return closing(connection.connection.cursor())

    def _row_maker(self, description: Sequence[Sequence[Any]]) -> Callable[[Sequence[Any]], Row]:
        processors = [
            kind.result_processor(self._dialect, column[1])
            for kind, column in zip(self._result_types, description, strict=True)
        ]
        self._make = row_maker(row_class(description), processors)
        return self._make


class Unpreparable(ValueError):
    """A statement ``Prepared`` cannot run as SQLAlchemy would: it goes through SQLAlchemy."""
