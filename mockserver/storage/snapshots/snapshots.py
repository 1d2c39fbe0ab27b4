"""A sandbox's whole state as JSON, and back.

The document holds the sandbox's seed, scenario and clock, and every row of
every tenant table of each API, in primary-key order with values in one
canonical text form, so exporting, importing and exporting again gives the same
bytes. An import is checked completely before anything is written, and written
in one transaction.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import EARLIEST, LATEST, SandboxClock
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.seeding.worlds import world_document
from mockserver.storage.database.engine import snapshot, writing
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.snapshots.snapshot_checks import invariant_problems
from mockserver.storage.snapshots.snapshot_columns import integer, naive_utc, row_values, whole_row
from mockserver.storage.tenancy.forgotten import SandboxGone, made_again
from mockserver.storage.tenancy.sandbox_rows import (
    clear_tenant,
    clock_columns,
    new_made_id,
    sandbox_hash,
    shared_row,
    tenant_tables,
    tenants_of,
    tenants_within,
)
from mockserver.storage.tenancy.sandbox_worlds import WorldChange
from mockserver.storage.tenancy.sandboxes import SandboxStore

FORMAT = "booking-sandbox-state"
VERSION = 1

Tables = dict[str, list[dict[str, Any]]]


# A document broken everywhere still gets an answer of bounded size.
MAX_PROBLEMS = 100


@made_again
def export_state(store: SandboxStore, sandbox_key: str, apis: tuple[str, ...]) -> dict[str, Any]:
    tenants = store.ensure_tenants(sandbox_key, apis)
    digest = sandbox_hash(sandbox_key)
    with snapshot(store.engine) as connection:
        shared = shared_row(connection, digest)
        if not set(tenants.values()) <= {tenant.id for tenant in tenants_of(connection, digest)}:
            raise SandboxGone(digest)  # and made anew since, without those tables
        data = {api: _tables_of(connection, tenants[api]) for api in sorted(apis)}
        world = json.loads(store.worlds.text(connection, shared.world)) if shared.world else None
    return {
        "format": FORMAT,
        "version": VERSION,
        "seed": shared.seed,
        "scenario": shared.scenario,
        # Its own world whole (a reset gave it one), or null: the importing server's world.
        "world": world,
        "clock": {
            "offset_us": shared.clock_offset_us,
            "frozen_at": shared.clock_frozen_at.isoformat() if shared.clock_frozen_at else None,
        },
        "apis": data,
    }


@made_again
def import_state(
    store: SandboxStore, sandbox_key: str, document: Mapping[str, Any], apis: tuple[str, ...]
) -> None:
    """Replaces the key's sandbox with ``document``; served APIs it leaves out are reseeded, or,
    where the key has not used them yet, seeded on first use as a new key's are."""
    seed, scenario, clock, data = checked_document(document, apis)
    # A world enters whole too: checked as a reset's is, before anything is written.
    given = document.get("world")
    world: WorldChange = "server"
    if given is not None:
        world = world_document(given)
        store.worlds.prepare(world, seed)  # before the write lock: the APIs left out are seeded
    digest = store.ensure_sandbox(sandbox_key)
    with writing(store.engine, digest) as connection:
        shared_row(connection, digest)  # SandboxGone where a forget of the key came first
        # A tenant the key has not used yet is made empty here, not seeded first only to be
        # cleared (two thirds of an import into a new sandbox); a refused import leaves none.
        # One of an API the document leaves out is not made at all: seeding it here was a third
        # of the explorer's import of one API into a fresh sandbox before each walk.
        used = {tenant.api for tenant in tenants_of(connection, digest)}
        tenants = tenants_within(
            connection,
            sandbox_key=sandbox_key,
            digest=digest,
            apis=tuple(api for api in apis if api in data or api in used),
            at=clock.now(),
        )
        named = store.worlds.change(connection, digest, world)
        connection.execute(
            sa.update(t.sandboxes)
            .where(t.sandboxes.c.key_hash == digest)
            .values(seed=seed, scenario=scenario, made_id=new_made_id(), **clock_columns(clock))
        )
        for api, tenant_id in tenants.items():
            if api in used:  # one made just now is empty: a delete from each table finds nothing
                clear_tenant(connection, tenant_id)
            if api not in data:
                store.fill(
                    connection,
                    api=api,
                    tenant_id=tenant_id,
                    seed=seed,
                    world=named,
                    scenario=scenario,
                    clock=clock,
                    digest=digest,
                )
                continue
            for table in tenant_tables():
                rows = [{**row, "tenant_id": tenant_id} for row in data[api].get(table.name, [])]
                if not rows:
                    continue
                try:
                    connection.execute(sa.insert(table), rows)
                except sa.exc.IntegrityError as error:
                    raise InvalidInput(
                        f"the {api} {table.name} rows do not fit together: {error.orig}",
                        problems=(FieldProblem(f"apis.{api}.{table.name}", "duplicate or missing key"),),
                    ) from None
    store.clocks_changed()


def _tables_of(connection: sa.Connection, tenant_id: int) -> Tables:
    tables: Tables = {}
    for read in _reads():
        rows = tables[read.table] = []
        for row in connection.execute(read.statement, {"tenant": tenant_id}):
            values = list(row)
            for position in read.times:
                if values[position] is not None:
                    values[position] = values[position].isoformat()
            rows.append(dict(zip(read.names, values, strict=True)))
    return tables


@dataclass(frozen=True)
class _Read:
    """One table's export: its select (the tenant a parameter), its column names and which of
    them hold times."""

    table: str
    statement: sa.Select[Any]
    names: tuple[str, ...]
    times: tuple[int, ...]


@functools.cache
def _reads() -> tuple[_Read, ...]:
    """Built once: building each table's select again was a third of an export's time (and
    a statement kept is compiled once, by SQLAlchemy's cache, not looked up anew)."""
    reads: list[_Read] = []
    for table in tenant_tables():
        order = [column for column in table.primary_key.columns if column.name != "tenant_id"]
        columns = [column for column in table.columns if column.name != "tenant_id"]
        # Which columns hold times is known from the table: a value-by-value check and the
        # row's mapping view were most of an export's time (a few thousand rows).
        times = tuple(position for position, column in enumerate(columns) if _holds_times(column))
        selected = sa.select(*columns).where(table.c.tenant_id == sa.bindparam("tenant")).order_by(*order)
        reads.append(_Read(table.name, selected, tuple(column.name for column in columns), times))
    return tuple(reads)


def _holds_times(column: sa.Column[Any]) -> bool:
    try:
        return column.type.python_type in (datetime, date, time)
    except NotImplementedError:
        return False


def checked_document(
    document: Mapping[str, Any], apis: tuple[str, ...]
) -> tuple[int, str | None, SandboxClock, dict[str, Tables]]:
    """The document's seed, scenario, clock and rows by type, or InvalidInput naming every problem."""
    problems: list[FieldProblem] = []
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise InvalidInput(
            f"not a {FORMAT} document, version {VERSION}", problems=(FieldProblem("format", "unknown"),)
        )
    seed = document.get("seed")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < 2**31:
        problems.append(FieldProblem("seed", "must be an integer from 0 to 2147483647"))
    scenario = document.get("scenario")
    clock = SandboxClock()
    try:
        raw_clock = document["clock"]
        frozen = raw_clock["frozen_at"]
        clock = SandboxClock(
            timedelta(microseconds=integer(raw_clock["offset_us"], within=None)),
            from_db_time(naive_utc(datetime.fromisoformat(frozen))) if frozen is not None else None,
        )
        if not EARLIEST <= clock.now() <= LATEST:
            raise ValueError(clock)
    except (KeyError, TypeError, ValueError, OverflowError):
        problems.append(
            FieldProblem(
                "clock",
                "needs offset_us (integer) and frozen_at (instant or null), reading a time in 1900 to 2999",
            )
        )
    data: dict[str, Tables] = {}
    columns_of = {table.name: table for table in tenant_tables()}
    for api, tables in dict(document.get("apis") or {}).items():
        if api not in apis:
            problems.append(FieldProblem(f"apis.{api}", f"not served here (serving {', '.join(apis)})"))
            continue
        data[api] = {}
        for name, rows in dict(tables).items():
            table = columns_of.get(name)
            if table is None or not isinstance(rows, list):
                problems.append(FieldProblem(f"apis.{api}.{name}", "not a table of the sandbox"))
                continue
            data[api][name] = _rows(table, rows, f"apis.{api}.{name}", problems)
        if not problems:
            problems += invariant_problems(api, data[api], to_db_time(clock.now()))
    if problems:
        raise InvalidInput(
            "the state document is not valid; nothing was changed", problems=tuple(problems[:MAX_PROBLEMS])
        )
    assert isinstance(seed, int)
    return seed, scenario if isinstance(scenario, str) else None, clock, data


def _rows(table: sa.Table, rows: list[Any], where: str, problems: list[FieldProblem]) -> list[dict[str, Any]]:
    checked = []
    for index, row in enumerate(rows):
        at = f"{where}[{index}]"
        values = row_values(table, row, at, problems)
        # A row that is no object is one problem, not one for each column it lacks.
        checked.append(whole_row(table, values, at, problems) if isinstance(row, dict) else values)
    return checked
