"""Hot statements run on the driver's cursor, with what SQLAlchemy works out per execution kept.

SQLAlchemy Core's ``execute`` of a prebuilt select costs about 22 us here, against 4 us for
the driver alone: each call builds an execution context, looks the compiled form up by cache
key, runs every parameter through its type and wraps the cursor in a result. None of that
changes between calls of one statement on one dialect. ``Prepared`` keeps it: the SQL text
SQLAlchemy compiled (in the dialect's parameter style), the order of positional parameters,
and each parameter's and each column's type processor, which are SQLAlchemy's own.

Prepared are plain selects, updates and deletes that carry their own SET values, inserts whose
left-out columns have no Python-side default, and selects with ``IN`` lists per length of their
lists (``InLists``); the rest goes through SQLAlchemy. Each runs in its connection's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.util import find_tables
from sqlalchemy.sql.visitors import replacement_traverse

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
        with closing(self._cursor(connection)) as cursor:
            return self.run_on(cursor, params, first=first)

    def run_on(self, cursor: Any, params: Mapping[str, Any], *, first: bool = False) -> list[Row]:
        """``run`` on a driver's cursor, in whatever transaction its connection is in."""
        self.send_on(cursor, params)
        return self.rows_from(cursor, first=first)

    def send_on(self, cursor: Any, params: Mapping[str, Any]) -> None:
        """Runs the statement on a driver's cursor, its rows left there (in a psycopg pipeline,
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
            with closing(self._cursor(connection)) as cursor:
                self.run_many_on(cursor, rows)

    def run_many_on(self, cursor: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        """``run_many`` on a driver's cursor, in whatever transaction its connection is in."""
        if len(rows) == 1:
            # psycopg runs ``executemany`` in pipeline mode: for one row, its set-up and sync
            # cost more than the statement (a tenth of a PostgreSQL create's time).
            cursor.execute(self._sql, self._arguments(rows[0]))
            return
        cursor.executemany(self._sql, [self._arguments(params) for params in rows])

    def send_many(self, connection: sa.Connection, arguments: Sequence[Any]) -> None:
        """``run_many`` given the driver's arguments (``queued``'s); never a write sent behind."""
        with closing(self._cursor(connection)) as cursor:
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

    @staticmethod
    def _cursor(connection: sa.Connection) -> Any:
        if not connection.in_transaction():
            connection.begin()  # as SQLAlchemy's own first execute would
        return connection.connection.cursor()

    def _row_maker(self, description: Sequence[Sequence[Any]]) -> Callable[[Sequence[Any]], Row]:
        processors = [
            kind.result_processor(self._dialect, column[1])
            for kind, column in zip(self._result_types, description, strict=True)
        ]
        self._make = row_maker(row_class(description), processors)
        return self._make


class Unpreparable(ValueError):
    """A statement ``Prepared`` cannot run as SQLAlchemy would: it goes through SQLAlchemy."""


class PreparedStatements:
    """One engine's prepared statements, by statement (inserts by table and columns); ``None``
    for those SQLAlchemy must run."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._dialect = dialect
        self._prepared: dict[int, tuple[object, Prepared | None]] = {}
        self._inserts: dict[tuple[sa.Table, tuple[str, ...]], Prepared | None] = {}
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
