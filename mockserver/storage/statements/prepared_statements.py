"""Prepared statements (``prepared.Prepared``), each made once and kept (for a PostgreSQL
engine, or for every SQLite engine of a process, ``statements_for``): selects
and updates by statement (an update that sets what its parameters name, once per set of
columns), inserts by table and columns, selects with ``IN`` lists per length of their lists.

A write prepared here runs on the driver's cursor, or goes behind in a PostgreSQL handler's
write (``database/write_behind.py``); one SQLAlchemy runs itself is sent at once, and waits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.visitors import replacement_traverse

from mockserver.storage.statements.prepared import Prepared, Unpreparable


class PreparedStatements:
    """A dialect's prepared statements, by statement (inserts by table and columns); ``None``
    for those SQLAlchemy must run."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._dialect = dialect
        self._prepared: dict[int, tuple[object, Prepared | None]] = {}
        self._inserts: dict[tuple[sa.Table, tuple[str, ...]], Prepared | None] = {}
        self._updates: dict[tuple[int, tuple[str, ...]], tuple[object, Prepared | None]] = {}
        self._lists: dict[int, tuple[object, InLists | None]] = {}

    def first(self, connection: sa.Connection, statement: sa.Executable, params: Mapping[str, Any]) -> Any:
        """The statement's first row, or None: prepared if it can be, else through SQLAlchemy."""
        prepared, given = self.bound(statement, params)
        if prepared is None:
            return connection.execute(statement, params).first()
        return prepared.first(connection, given)

    def all(
        self, connection: sa.Connection, statement: sa.Executable, params: Mapping[str, Any]
    ) -> list[Any]:
        prepared, given = self.bound(statement, params)
        if prepared is None:
            return list(connection.execute(statement, params).all())
        return prepared.run(connection, given)

    def bound(
        self, statement: sa.Executable, params: Mapping[str, Any]
    ) -> tuple[Prepared | None, Mapping[str, Any]]:
        """The statement prepared for ``params`` and the values it takes; None where SQLAlchemy runs it."""
        prepared = self.get(statement)
        if prepared is not None:
            return prepared, params
        lists = self._lists.get(id(statement))
        if lists is None or lists[0] is not statement:
            lists = self._lists[id(statement)] = (statement, InLists.of(statement, self._dialect))
        return lists[1].bound(params) if lists[1] is not None else (None, params)

    def insert(self, connection: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
        """Inserts ``rows`` (each naming the same columns) into ``table``: prepared for those
        columns if it can be, else through SQLAlchemy."""
        keys = tuple(rows[0])
        prepared = self.prepared_insert(table, keys)
        if prepared is None or any(tuple(row) != keys for row in rows[1:]):
            connection.execute(sa.insert(table), list(rows))
            return
        prepared.run_many(connection, rows)

    def delete(self, connection: sa.Connection, statement: sa.Delete, params: Mapping[str, Any]) -> None:
        """Runs a DELETE: prepared where it can be, a write like an insert (``update``)."""
        prepared = self.get(statement)
        if prepared is None:
            connection.execute(statement, params)
            return
        prepared.run(connection, params)

    def update(self, connection: sa.Connection, statement: sa.Update, params: Mapping[str, Any]) -> None:
        """Runs an UPDATE whose SET columns are the ones ``params`` names (``update_by_id``),
        prepared once per set of columns: a write like an insert, which a PostgreSQL handler's
        write sends with its next statement, not a round trip of its own (SQLAlchemy's would be)."""
        table = cast(sa.Table, statement.table)
        keys = tuple(sorted(name for name in params if name in table.c))
        kept = self._updates.get((id(statement), keys))
        if kept is None or kept[0] is not statement:
            try:
                prepared: Prepared | None = Prepared(statement, self._dialect, column_keys=keys)
            except Unpreparable:
                prepared = None
            kept = self._updates[id(statement), keys] = (statement, prepared)
        if kept[1] is None:
            connection.execute(statement, params)
            return
        kept[1].run(connection, params)

    def prepared_insert(self, table: sa.Table, keys: tuple[str, ...]) -> Prepared | None:
        """The insert of ``keys`` into ``table``, or None where SQLAlchemy must fill columns in."""
        if (table, keys) not in self._inserts:
            self._inserts[table, keys] = _prepared_insert(table, keys, self._dialect)
        return self._inserts[table, keys]

    def get(self, statement: sa.Executable) -> Prepared | None:
        hit = self._prepared.get(id(statement))
        # The statement is kept beside its preparation, so its id is never reused.
        if hit is not None and hit[0] is statement:
            return hit[1]
        prepared: Prepared | None = None
        if isinstance(statement, sa.Select | sa.Update | sa.Delete) and _sets_its_own_values(
            statement, self._dialect
        ):
            try:
                prepared = Prepared(statement, self._dialect)
            except Unpreparable:
                prepared = None
        self._prepared[id(statement)] = (statement, prepared)
        return prepared


def statements_for(dialect: sa.Dialect) -> PreparedStatements:
    """The prepared statements of ``dialect``'s engines. On SQLite one set serves every engine of
    a process made alike (each app of a test process, a store's journal shards): a statement's
    compiled form and its type processors are the dialect's, which SQLite's sets up from the
    driver alone, not from a file or a connection. Compiled anew for each app, they were a
    fortieth of the test suite's samples. A PostgreSQL engine keeps its own: its dialect learns
    the server's settings at its first connection."""
    if dialect.name != "sqlite":
        return PreparedStatements(dialect)
    # ``engine.create_engine`` makes every SQLite engine alike; one made otherwise gets its own set.
    key = (
        type(dialect),
        dialect.paramstyle,
        getattr(dialect, "_json_serializer", None),
        getattr(dialect, "_json_deserializer", None),
    )
    shared = _SHARED.get(key)
    if shared is None:
        shared = _SHARED.setdefault(key, PreparedStatements(dialect))
    return shared


_SHARED: dict[tuple[Any, ...], PreparedStatements] = {}
"""A memo of compilations (as ``functools.cache`` keeps), never a request's state."""


class InLists:
    """A select with IN lists (``bindparam(key, expanding=True)``), which SQLAlchemy renders
    anew at every execution, prepared once per length of its lists: each list's parameter
    replaced by that many plain ones (``ids__0``, ``ids__1``...). An empty list, or one longer
    than ``LONGEST``, goes through SQLAlchemy (one prepared form per length would pile up)."""

    LONGEST = 64

    def __init__(self, statement: sa.Select[Any], dialect: sa.Dialect, keys: tuple[str, ...]) -> None:
        self.statement = statement
        self._dialect = dialect
        self._keys = keys
        self._by_lengths: dict[tuple[int, ...], Prepared | None] = {}

    @classmethod
    def of(cls, statement: sa.Executable, dialect: sa.Dialect) -> InLists | None:
        if not isinstance(statement, sa.Select):
            return None
        compiled = statement.compile(dialect=dialect)
        keys = tuple(bind.key for bind in compiled.binds.values() if bind.expanding)
        return cls(statement, dialect, keys) if keys and not compiled.escaped_bind_names else None

    def bound(self, params: Mapping[str, Any]) -> tuple[Prepared | None, Mapping[str, Any]]:
        """The prepared form for these lists' lengths, and the parameters it takes."""
        lengths = tuple(len(params[key]) for key in self._keys)
        if not all(0 < length <= self.LONGEST for length in lengths):
            return None, params
        if lengths not in self._by_lengths:
            try:
                self._by_lengths[lengths] = Prepared(
                    self._with_lengths(dict(zip(self._keys, lengths, strict=True))), self._dialect
                )
            except Unpreparable:
                self._by_lengths[lengths] = None
        prepared = self._by_lengths[lengths]
        if prepared is None:
            return None, params
        flat = {name: value for name, value in params.items() if name not in self._keys}
        for key in self._keys:
            flat.update({f"{key}__{n}": value for n, value in enumerate(params[key])})
        return prepared, flat

    def _with_lengths(self, lengths: dict[str, int]) -> sa.Select[Any]:
        def plain(element: Any, **_: Any) -> Any:
            if isinstance(element, sa.BindParameter) and element.expanding and element.key in lengths:
                names = [f"{element.key}__{n}" for n in range(lengths[element.key])]
                return sa.tuple_(*(sa.bindparam(name, type_=element.type) for name in names))
            return None

        return cast(sa.Select[Any], replacement_traverse(self.statement, {}, plain))


def _sets_its_own_values(statement: sa.Select[Any] | sa.Update | sa.Delete, dialect: sa.Dialect) -> bool:
    """Whether its SQL is the same whatever parameters it is given (an UPDATE without values
    of its own sets the columns its parameters name: compiled for none it sets none)."""
    if isinstance(statement, sa.Select):
        return True
    as_given = statement.compile(dialect=dialect).string
    return bool(as_given == statement.compile(dialect=dialect, column_keys=[]).string)


def _prepared_insert(table: sa.Table, keys: Sequence[str], dialect: sa.Dialect) -> Prepared | None:
    left_out = [column for column in table.columns if column.key not in keys]
    if any(column.default is not None or column.onupdate is not None for column in left_out):
        return None  # SQLAlchemy computes these at execution
    try:
        return Prepared(sa.insert(table), dialect, column_keys=keys)
    except Unpreparable:
        return None
