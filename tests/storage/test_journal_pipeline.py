"""PostgreSQL's journal batch: its reads in one round trip, its writes and their transaction in
one more, whatever it holds; a statement failing among the writes leaves nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.control.journal_appends import TRIM, TRIM_BYTES, ShardAppends
from mockserver.storage.control.journal_schema import coverage
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.database.engine import create_engine, writing
from mockserver.storage.tenancy.sandbox_rows import insert_sandbox
from tests.storage.test_journal_appends import rows, stored
from tests.storage.traces import libpq_trace

DIGESTS = ["c" * 64, "d" * 64, "e" * 64]


def counts(digest: str) -> list[dict[str, Any]]:
    return [
        {
            "sandbox_hash": digest,
            "api": "reservekit-v1",
            "kind": "operation",
            "item": item,
            "status": 200,
            "count": 1,
        }
        for item in ("GET /bookings", "POST /bookings")
    ]


def covered(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        c = coverage.c
        return [
            tuple(row)
            for row in connection.execute(
                sa.select(c.sandbox_hash, c.item, c.count).order_by(c.sandbox_hash, c.item)
            )
        ]


@pytest.fixture
def slot(postgres: PostgresServer) -> Iterator[tuple[sa.Engine, ShardAppends, sa.Connection]]:
    """A database with the sandboxes, its journal's appends, and this process's slot leased."""
    engine = create_engine(postgres.create_database())
    shards = JournalShards(engine)  # makes the journal's tables
    appends = ShardAppends(engine.dialect)
    with writing(engine) as connection:
        for seed, digest in enumerate(DIGESTS):
            insert_sandbox(connection, digest=digest, seed=seed, clock=SandboxClock())
    lease = shards.lease()
    assert lease is not None
    yield engine, appends, lease
    appends.close()
    shards.close()
    engine.dispose()


@contextmanager
def synced(connection: sa.Connection, tmp_path: Path) -> Iterator[list[str]]:
    """The times the server said it was ready for the next query on ``connection`` (libpq's
    own trace of the protocol's messages): once a round trip, a statement's or a pipeline's
    sync, however quickly each answer came."""
    said: list[str] = []
    pgconn = connection.connection.driver_connection.pgconn  # type: ignore[union-attr]
    with libpq_trace(pgconn, tmp_path) as lines:
        yield said
    said.extend(line for line in lines if "ReadyForQuery" in line)


def test_a_postgresql_batch_goes_in_two_round_trips_whatever_it_holds(
    slot: tuple[sa.Engine, ShardAppends, sa.Connection], tmp_path: Path
) -> None:
    engine, appends, lease = slot
    with appends.transaction(engine, lease) as appending:
        assert appending.newest_id() == 0  # once a process: the writer keeps the id after
    with synced(lease, tmp_path) as trips, appends.transaction(engine, lease) as appending:
        found = appending.clock_rows(DIGESTS)
        for n, digest in enumerate(DIGESTS):
            appending.insert(rows(1 + 2 * n, 2, digest))
            appending.count(counts(digest))
            appending.trim(digest, 1, max_bytes=1 << 20)
    assert [found[digest].seed for digest in DIGESTS] == [0, 1, 2]
    assert len(trips) == 2, "the clock rows in one, the writes with BEGIN and COMMIT in one"
    kept = stored(engine)
    assert [row[0] for row in kept] == ["2", "4", "6"], "each sandbox's trim ran after its insert"
    assert covered(engine) == [
        (digest, item, 1) for digest in DIGESTS for item in ("GET /bookings", "POST /bookings")
    ]


def test_a_statement_failing_among_the_writes_leaves_nothing_written_and_the_next_batch_goes_in(
    slot: tuple[sa.Engine, ShardAppends, sa.Connection],
) -> None:
    engine, appends, lease = slot
    digest = DIGESTS[0]
    with appends.transaction(engine, lease) as appending:
        appending.insert(rows(1, 1, digest))
    with pytest.raises(psycopg.errors.UniqueViolation):  # as the block ends and its writes go
        write_a_taken_id(appends, engine, lease, digest)
    assert [row[0] for row in stored(engine)] == ["1"]
    assert covered(engine) == [], "the counts before the failure were rolled back with it"
    with appends.transaction(engine, lease) as appending:
        appending.insert(rows(2, 1, digest))
        appending.count(counts(digest))
    assert [row[0] for row in stored(engine)] == ["1", "2"]
    assert len(covered(engine)) == 2


def write_a_taken_id(appends: ShardAppends, engine: sa.Engine, lease: sa.Connection, digest: str) -> None:
    with appends.transaction(engine, lease) as appending:
        appending.count(counts(digest))
        appending.insert(rows(2, 1, digest))
        appending.insert(rows(1, 1, digest))  # taken: the pipeline stops here
        appending.insert(rows(3, 1, digest))


def test_the_slots_trims_walk_a_sandboxs_newest_entries_along_the_index_before_any_statistics(
    slot: tuple[sa.Engine, ShardAppends, sa.Connection],
) -> None:
    engine, appends, lease = slot
    for first in range(1, 3000, 500):  # three sandboxes' entries, as the writer leaves them
        with appends.transaction(engine, lease) as appending:
            for n, digest in enumerate(DIGESTS):
                appending.insert(rows(first + n * 10_000, 500, digest))
    with appends.transaction(engine, lease) as appending:
        appending.trim(DIGESTS[0], 1000)  # leaves dead entries behind, as every trim does
    given = {"digest": DIGESTS[0], "skipped": 999, "max_bytes": 1 << 20}
    for trim in (TRIM, TRIM_BYTES):
        compiled = trim.compile(dialect=engine.dialect)
        params = {name: given.get(name, value) for name, value in compiled.params.items()}
        [(plan,)] = lease.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compiled}", params).all()
        nodes = json.dumps(plan)
        # Backwards along (sandbox, id, size), stopping at the limit: never every index entry the
        # sandbox ever had (a bitmap), nor the whole table (the planner's guesses without
        # statistics, which the table has none of until autovacuum first analyses it).
        assert '"Scan Direction": "Backward"' in nodes, nodes
        assert "Bitmap" not in nodes, nodes
        assert "Seq Scan" not in nodes, nodes
    lease.rollback()
