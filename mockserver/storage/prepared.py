"""Hot reads run on the driver's cursor, with what SQLAlchemy works out per execution kept.

SQLAlchemy Core's ``execute`` of a prebuilt select costs about 22 us here, against 4 us for
the driver alone: each call builds an execution context, looks the compiled form up by cache
key, runs every parameter through its type and wraps the cursor in a result. None of that
changes between calls of one statement on one dialect. ``Prepared`` keeps it: the SQL text
SQLAlchemy compiled (in the dialect's parameter style), the order of positional parameters,
and each parameter's and each column's type processor, which are SQLAlchemy's own. A read of
one booking runs three selects; a create runs seven, inside the write lock.

Only plain selects are prepared. Statements SQLAlchemy expands at execution (``IN`` lists of
any length) and every write (column defaults, ``RETURNING``) go through SQLAlchemy as before.
The statement runs in the connection's own transaction, begun as SQLAlchemy would begin it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import sqlalchemy as sa


class Row(tuple[Any, ...]):
    """A result row read as SQLAlchemy's ``Row`` is: by position, by attribute, by mapping."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> dict[str, Any]:
        return {name: self[position] for name, position in self._index.items()}


class Prepared:
    """One select, compiled once for one dialect; ``run`` gives its rows."""

    def __init__(self, statement: sa.Select[Any], dialect: sa.Dialect) -> None:
        self.statement = statement
        compiled = statement.compile(dialect=dialect)
        binds = compiled.binds
        if any(bind.expanding for bind in binds.values()) or compiled.escaped_bind_names:
            raise Unpreparable("parameters SQLAlchemy rewrites at execution")
        self._compiled = compiled
        self._sql = compiled.string
        self._order: Sequence[str] | None = compiled.positiontup if dialect.positional else None
        self._binds: dict[str, Callable[[Any], Any]] = {}
        for name, bind in binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self._binds[name] = processor
        columns = statement.selected_columns
        self._results = [
            column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
        ]
        self._processed = any(processor is not None for processor in self._results)
        # Named after the cursor's columns, as SQLAlchemy's keys are ("count_1", not "count").
        self._row: type[Row] | None = None

    def first(self, connection: sa.Connection, params: Mapping[str, Any]) -> Row | None:
        rows = self.run(connection, params, first=True)
        return rows[0] if rows else None

    def run(self, connection: sa.Connection, params: Mapping[str, Any], *, first: bool = False) -> list[Row]:
        values = self._compiled.construct_params(params)
        for name, processor in self._binds.items():
            values[name] = processor(values[name])
        arguments: Any = [values[name] for name in self._order] if self._order is not None else values
        if not connection.in_transaction():
            connection.begin()  # as SQLAlchemy's own first execute would
        cursor = connection.connection.cursor()
        try:
            cursor.execute(self._sql, arguments)
            fetched: Sequence[Any]
            if first:
                one = cursor.fetchone()
                fetched = () if one is None else (one,)
            else:
                fetched = cursor.fetchall()
            row = self._row or self._row_class(cursor.description)
        finally:
            cursor.close()
        if not self._processed:
            return [row(raw) for raw in fetched]
        results = self._results
        return [row([v if f is None else f(v) for f, v in zip(results, raw, strict=True)]) for raw in fetched]

    def _row_class(self, description: Sequence[Sequence[Any]]) -> type[Row]:
        index = {column[0]: position for position, column in enumerate(description)}
        self._row = type("Row", (Row,), {"__slots__": (), "_index": index})
        return self._row


class Unpreparable(ValueError):
    """A statement ``Prepared`` cannot run as SQLAlchemy would: it goes through SQLAlchemy."""


class PreparedStatements:
    """One engine's prepared selects, by statement; ``None`` for those SQLAlchemy must run."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._dialect = dialect
        self._prepared: dict[int, tuple[object, Prepared | None]] = {}

    def first(self, connection: sa.Connection, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
        """The statement's first row, or None: prepared if it can be, else through SQLAlchemy."""
        prepared = self.get(statement)
        if prepared is None:
            return connection.execute(statement, params).first()
        return prepared.first(connection, params)

    def all(
        self, connection: sa.Connection, statement: sa.Executable, params: Mapping[str, Any]
    ) -> list[Any]:
        prepared = self.get(statement)
        if prepared is None:
            return list(connection.execute(statement, params).all())
        return prepared.run(connection, params)

    def get(self, statement: sa.Executable) -> Prepared | None:
        hit = self._prepared.get(id(statement))
        # The statement is kept beside its preparation, so its id is never reused.
        if hit is not None and hit[0] is statement:
            return hit[1]
        prepared: Prepared | None = None
        if isinstance(statement, sa.Select):
            try:
                prepared = Prepared(statement, self._dialect)
            except Unpreparable:
                prepared = None
        self._prepared[id(statement)] = (statement, prepared)
        return prepared
