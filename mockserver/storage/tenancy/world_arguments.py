"""A world's fixed rows as the driver's arguments, worked out once per world and statement.

A new sandbox inserts the same catalogue rows as every other sandbox of its world, its own
tenant id aside: a few hundred rows (252 time slots of the default world). Each row went
through a dict merge and its insert's parameter plan, every column through its type's
processor, for every sandbox: 25 us a time slot, two thirds of the rows' insert. Here the
arguments are made once per world, with the tenant id's place found by making them for two
ids and comparing, and a sandbox's are those with its id put in that place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from mockserver.storage.database.write_behind import write_behind
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.statements.prepared_statements import PreparedStatements

Rows = list[dict[str, Any]]
Made = tuple[Prepared, list[Any], Any] | None
"""The insert, each row's arguments for tenant 0, and where the tenant id goes (an index of
positional arguments or a key of named ones); None where it cannot be worked out so."""


def made_for(prepared: PreparedStatements, table: sa.Table, rows: Rows) -> Made:
    keys = ("tenant_id", *rows[0])
    statement = prepared.prepared_insert(table, keys)
    if statement is None or any(tuple(row) != keys[1:] for row in rows[1:]):
        return None
    first = [statement.queued({**row, "tenant_id": 0})[1] for row in rows]
    second = statement.queued({**rows[0], "tenant_id": 1})[1]
    place = _tenant_place(first[0], second)
    return None if place is None else (statement, first, place)


def _tenant_place(zero: Any, one: Any) -> Any:
    """Where the tenant id is in the arguments made for tenants 0 and 1: the one place they
    differ, holding the ids as given (no processor between)."""
    if isinstance(zero, list) and isinstance(one, list):
        places: Sequence[Any] = [n for n, (a, b) in enumerate(zip(zero, one, strict=True)) if a != b]
    elif isinstance(zero, dict) and isinstance(one, dict) and zero.keys() == one.keys():
        places = [key for key in zero if zero[key] != one[key]]
    else:
        return None
    if len(places) != 1 or zero[places[0]] != 0 or one[places[0]] != 1:
        return None
    return places[0]


def insert_for_tenant(
    connection: sa.Connection,
    prepared: PreparedStatements,
    table: sa.Table,
    rows: Rows,
    *,
    made: Made,
    tenant_id: int,
) -> None:
    """``rows`` inserted for ``tenant_id``: through ``made`` where it could be worked out."""
    if made is None or write_behind(connection) is not None:
        prepared.insert(connection, table, [{**row, "tenant_id": tenant_id} for row in rows])
        return
    statement, arguments, place = made
    given: list[Any]
    if isinstance(place, int):
        given = [[*a[:place], tenant_id, *a[place + 1 :]] for a in arguments]
    else:
        given = [{**a, place: tenant_id} for a in arguments]
    statement.send_many(connection, given)
