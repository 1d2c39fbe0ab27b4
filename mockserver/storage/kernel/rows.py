"""Between rows and records: records as rows, enum values, and one tenant's connection."""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa

from mockserver.storage.database.plain_reads import plain_read
from mockserver.storage.database.read_ahead import ahead_of, read_ahead
from mockserver.storage.database.write_behind import Prepared, WriteBehind, write_behind
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.records import reader
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.statements.together import Run, all_together
from mockserver.storage.tenancy.kept_catalogue import TenantCatalogue

R = TypeVar("R")


def db_values(changes: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, datetime):
            converted[name] = to_db_time(value)
        elif isinstance(value, enum.Enum):
            converted[name] = value.value
        else:
            converted[name] = value
    return converted


def record_row(tenant_id: int, record: Any) -> dict[str, Any]:
    """A dataclass record as a row of its table."""
    row = db_values({name: getattr(record, name) for name in record.__dataclass_fields__})
    row["tenant_id"] = tenant_id
    return row


def record(kind: type[R], row: Any, prefix: str = "") -> R:
    """The ``kind`` record in ``row``, its columns named ``prefix`` + the field's name."""
    return reader(kind)(row, prefix)


_IDS_OF, _IDS = "ids of", "ids"
"""Keys of ``WriteBehind.kept``: whose id counters a write read with its locks, and them."""


def handler_write(
    prepared: PreparedStatements,
    known: Mapping[str, Any],
    opening: tuple[sa.Select[Any], Callable[[list[Any]], None]] | None = None,
    ahead: Sequence[tuple[Prepared, Mapping[str, Any]]] = (),
) -> WriteBehind:
    """A handler's write transaction on PostgreSQL (``database/write_behind.py``): it reads its
    tenant's clock row (for ``known``) and id counters with its locks. ``opening``: a select of
    that row with more columns, read in its place, and the check its rows are given; ``ahead``:
    reads its handler will make, prepared, sent with them."""
    select, check = opening if opening is not None else (q.TENANT_CLOCK, None)
    clock, ids = prepared.get(select), prepared.get(q.TENANT_IDS)
    assert clock is not None, "plain selects are preparable"
    assert ids is not None, "plain selects are preparable"
    behind = WriteBehind([(clock, known), (ids, {"k_tenant": known["id"]})], check, ahead)
    behind.kept[_IDS_OF] = known["id"]
    return behind


def tenant_clock_row(
    prepared: PreparedStatements, known: Mapping[str, Any]
) -> Callable[[sa.Connection], Any]:
    """The tenant's ``TENANT_CLOCK`` row, read on a connection (None once it was evicted); a
    handler's write on PostgreSQL has read it with its locks."""

    def read(connection: sa.Connection) -> Any:
        if (behind := write_behind(connection)) is not None:
            return next(iter(behind.first_rows(0) or ()), None)
        return prepared.first(connection, q.TENANT_CLOCK, known)

    return read


class TenantRows:
    """Runs prebuilt statements on one connection with the tenant bound."""

    def __init__(
        self,
        connection: sa.Connection,
        tenant_id: int,
        prepared: PreparedStatements,
        catalogue: TenantCatalogue,
    ) -> None:
        self._db = connection
        self._tenant = tenant_id
        self._prepared = prepared
        # The tenant's catalogue records, kept by the making of its data (``kept_catalogue.py``).
        self._catalogue = catalogue

    def allocate_id(self, entity: str) -> int:
        """A fresh id for ``entity`` in this tenant, never reused (counters only move up)."""
        behind = write_behind(self._db)
        if behind is not None and behind.kept.get(_IDS_OF) == self._tenant:
            return self._take_read_id(behind, entity)
        moved = self._prepared.first(self._db, q.TAKE_ID, {"k_tenant": self._tenant, "k_entity": entity})
        if moved is None:  # the entity's first id in this tenant
            first = {"tenant_id": self._tenant, "entity": entity, "next_id": 2}
            self._prepared.insert(self._db, t.id_counters, [first])
            return 1
        return int(moved[0]) - 1

    def _take_read_id(self, behind: WriteBehind, entity: str) -> int:
        counters: dict[str, int] | None = behind.kept.get(_IDS)
        if counters is None:
            counters = behind.kept[_IDS] = {row[0]: int(row[1]) for row in behind.first_rows(1) or ()}
        taken = counters.get(entity, 1)
        counters[entity] = taken + 1
        if taken == 1:
            first = {"tenant_id": self._tenant, "entity": entity, "next_id": 2}
            self._prepared.insert(self._db, t.id_counters, [first])
        else:
            moved = {"k_tenant": self._tenant, "k_entity": entity, "k_next": taken + 1}
            self._prepared.first(self._db, q.SET_ID, moved)
        return taken

    def _first(self, statement: sa.Executable, **params: Any) -> Any:
        """The first row (SQLAlchemy's, or ``prepared.Row``, read the same way), or None."""
        return self._prepared.first(self._db, statement, {"tenant": self._tenant, **params})

    def _record(self, kind: type[R], statement: sa.Executable, **params: Any) -> R | None:
        """The first row as a ``kind`` record, or None."""
        row = self._first(statement, **params)
        return record(kind, row) if row else None

    def _kept_list(
        self, kind: str, found_by: Hashable, make: Callable[[Any], R], statement: sa.Executable, **params: Any
    ) -> list[R]:
        """The statement's rows made into records, kept with the catalogue (``kept_catalogue.py``)
        under ``kind`` and ``found_by``: for rows written only as the sandbox's data is made."""

        def read() -> tuple[R, ...]:
            return tuple(make(row) for row in self._rows(statement, **params))

        return list(self._catalogue.record(kind, found_by, read) or ())

    def _rows(self, statement: sa.Executable, **params: Any) -> list[Any]:
        return self._prepared.all(self._db, statement, {"tenant": self._tenant, **params})

    def _rows_together(self, *runs: tuple[sa.Executable, Mapping[str, Any]]) -> list[list[Any]]:
        """Each statement's rows, sent together where a round trip each would be the cost."""
        tenant = {"tenant": self._tenant}
        return all_together(self._prepared, self._db, [(s, {**tenant, **params}) for s, params in runs])

    def _name_ahead(self, statement: sa.Executable, **params: Any) -> None:
        """A read this transaction will make soon, sent with its next one where each is a round
        trip (on PostgreSQL: a plain read's, ``database/read_ahead.py``; a handler's write's,
        ``database/write_behind.py``); elsewhere nothing."""
        behind = write_behind(self._db)
        if behind is None and not plain_read(self._db):
            return
        prepared, given = self._prepared.bound(statement, {"tenant": self._tenant, **params})
        if prepared is not None:
            (behind or ahead_of(self._db)).name(prepared, given)

    def _answer_as(self, kept: Run, asked: Run) -> bool:
        """Whether the rows of ``kept``, a read named ahead, are there to answer ``asked``, the
        same read keyed otherwise (on PostgreSQL, where reads are named ahead); if so they will."""
        behind = write_behind(self._db)
        holder = behind if behind is not None else read_ahead(self._db)
        if holder is None:
            return False
        bound = [
            self._prepared.bound(statement, {"tenant": self._tenant, **params})
            for statement, params in (kept, asked)
        ]
        (kept_read, kept_given), (asked_read, asked_given) = bound
        if kept_read is None or asked_read is None:
            return False
        return holder.answer_as((kept_read, kept_given), (asked_read, asked_given))

    def _count(self, statement: sa.Executable, **params: Any) -> int:
        row = self._first(statement, **params)
        assert row is not None, "a count has one row"
        return int(row[0])

    def _delete(self, statement: sa.Delete, **params: Any) -> None:
        """Prepared, as an insert is: a PostgreSQL handler's write sends it with its next statement."""
        self._prepared.delete(self._db, statement, {"tenant": self._tenant, **params})

    def _update(self, statement: sa.Update, row_id: int, changes: Mapping[str, Any]) -> None:
        params = {"k_tenant": self._tenant, "k_id": row_id, **db_values(changes)}
        self._prepared.update(self._db, statement, params)

    def _insert(self, table: sa.Table, record_: Any) -> None:
        self._insert_row(table, record_row(self._tenant, record_))

    def _insert_row(self, table: sa.Table, row: Mapping[str, Any]) -> None:
        self._prepared.insert(self._db, table, [row])
