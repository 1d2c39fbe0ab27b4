"""A shard's entries and coverage counts are appended on the driver's cursor exactly as
SQLAlchemy would write them (``storage.control.journal_appends``): a SQLite shard on a
connection kept for the process, PostgreSQL's table on the connection holding the slot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.control.journal_entries import Recorded, entry_row
from mockserver.domain.kernel.clock import SandboxClock
from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.control.journal_appends import ShardAppends
from mockserver.storage.control.journal_schema import coverage, journal
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.database.engine import create_engine, writing
from mockserver.storage.tenancy.sandbox_rows import insert_sandbox

DIGEST, OTHER = "a" * 64, "b" * 64


def rows(first_id: int, count: int, digest: str = DIGEST) -> list[dict[str, Any]]:
    exchange = Recorded(
        kind="request",
        api="reservekit-v1",
        method="POST",
        path="/v1/bookings",
        query="service_id=3",
        status=201,
        duration_ms=1.25,
        request_headers=[("authorization", "Bearer sk_rsv_secret"), ("x-note", "caf\u00e9 \u2615")],
        request_body=b'{"date": "2027-01-11"}',
        response_headers=[("content-type", "application/json")],
        response_body=b"\xff not utf-8 \xe2\x82\xac",
        url=None,
        fault_id=7,
        fault_kind=None,
        rule="slot_full",
        error="The time slot is full",
    )
    at = datetime(2027, 3, 14, 6, 30, 1, 250)
    return [entry_row(first_id + n, digest, at, exchange) for n in range(count)]


def stored(engine: sa.Engine) -> list[tuple[Any, ...]]:
    # As text, not SQLAlchemy's types, so a value stored differently shows.
    columns = [sa.cast(column, sa.String) for column in journal.columns]
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.select(*columns).order_by(journal.c.id))]


@pytest.fixture
def shard(tmp_path: Path) -> Iterator[sa.Engine]:
    shards = JournalShards(create_engine(str(tmp_path / "sandbox.db")))
    yield shards.own()[1]
    shards.close()


def test_a_sqlite_shard_stores_what_sqlalchemy_would(shard: sa.Engine, tmp_path: Path) -> None:
    appends = ShardAppends(shard.dialect)
    with appends.transaction(shard) as appending:
        assert appending.newest_id() == 0
        appending.insert(rows(1, 3))
        assert appending.newest_id() == 3  # its own uncommitted rows: one transaction
    with appends.transaction(shard) as appending:
        appending.insert(rows(4, 1))
    appends.close()

    shards = JournalShards(create_engine(str(tmp_path / "theirs.db")))
    theirs = shards.own()[1]
    with writing(theirs) as connection:
        connection.execute(sa.insert(journal), rows(1, 3))
        connection.execute(sa.insert(journal), rows(4, 1))
    assert stored(shard) == stored(theirs)
    assert len(stored(shard)) == 4
    shards.close()


def test_the_trim_keeps_a_sandboxs_newest_entries_and_no_other_sandboxs(shard: sa.Engine) -> None:
    appends = ShardAppends(shard.dialect)
    with appends.transaction(shard) as appending:
        appending.insert(rows(1, 6) + rows(100, 2, digest=OTHER))
        appending.trim(DIGEST, 4)
        appending.trim(OTHER, 4)
    assert [row[0] for row in stored(shard)] == ["3", "4", "5", "6", "100", "101"]
    appends.close()


def test_the_bytes_trim_walks_the_running_sums_only_when_the_entries_are_over_the_bound(
    shard: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []
    raw_connection = sa.Engine.raw_connection

    def traced(engine: sa.Engine) -> Any:
        connection = raw_connection(engine)
        connection.driver_connection.set_trace_callback(sent.append)  # type: ignore[union-attr]
        return connection

    monkeypatch.setattr(sa.Engine, "raw_connection", traced)
    appends = ShardAppends(shard.dialect)
    each = rows(1, 1)[0]["stored_bytes"]
    with appends.transaction(shard) as appending:
        appending.insert(rows(1, 6))
        sent.clear()
        appending.trim(DIGEST, 10, max_bytes=6 * each)  # all six fit, to the byte
    assert not [statement for statement in sent if " OVER " in statement], sent
    with appends.transaction(shard) as appending:
        appending.trim(DIGEST, 10, max_bytes=4 * each)
    assert [statement for statement in sent if " OVER " in statement]
    assert [row[0] for row in stored(shard)] == ["3", "4", "5", "6"]
    appends.close()


def test_a_shard_says_which_of_some_ids_it_holds(shard: sa.Engine) -> None:
    """(What a retry after a commit of unknown outcome asks first: ``control/journal_doubts``.)"""
    appends = ShardAppends(shard.dialect)
    with appends.transaction(shard) as appending:
        appending.insert(rows(1, 3))
        assert appending.present([2, 3, 9]) == {2, 3}
        assert appending.present([9]) == set()
    appends.close()


def test_a_block_that_raises_leaves_nothing_and_the_shard_free_for_the_next_writer(
    shard: sa.Engine,
) -> None:
    appends = ShardAppends(shard.dialect)

    def failing() -> None:
        with appends.transaction(shard) as appending:
            appending.insert(rows(1, 2))
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        failing()
    # Another process's writer (the journal's clear) passes the gate and SQLite's lock at once.
    with writing(shard) as connection:
        connection.execute(sa.insert(journal), rows(10, 1))
    with appends.transaction(shard) as appending:
        appending.insert(rows(11, 1))
    assert [row[0] for row in stored(shard)] == ["10", "11"]
    appends.close()


def test_transactions_follow_each_other_on_one_kept_connection(
    shard: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    appends = ShardAppends(shard.dialect)
    opened: list[object] = []
    raw_connection = sa.Engine.raw_connection

    def counted(engine: sa.Engine) -> Any:
        opened.append(engine)
        return raw_connection(engine)

    monkeypatch.setattr(sa.Engine, "raw_connection", counted)
    for n in range(5):
        with appends.transaction(shard) as appending:
            appending.insert(rows(n + 1, 1))
    assert len(opened) == 1
    appends.close()


def counts(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [
        {
            "sandbox_hash": DIGEST,
            "api": "reservekit-v1",
            "kind": "status",
            "item": item,
            "status": status,
            "count": 1,
        }
        for item, status in rows
    ]


def covered(engine: sa.Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        query = sa.select(coverage.c.item, coverage.c.status, coverage.c["count"]).order_by(
            coverage.c.item, coverage.c.status
        )
        return [tuple(row) for row in connection.execute(query)]


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_coverage_counts_add_up_on_either_backend(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "sqlite":
        main = create_engine(str(tmp_path / "sandbox.db"))
    else:
        main = create_engine(request.getfixturevalue("postgres").create_database())
    shards = JournalShards(main)
    shard = shards.own()[1]
    appends = ShardAppends(shard.dialect)
    try:
        with appends.transaction(shard, shards.lease()) as appending:
            appending.count(counts([("GET /bookings", 200), ("GET /bookings", 200), ("POST /bookings", 201)]))
        with appends.transaction(shard, shards.lease()) as appending:
            appending.count(counts([("POST /bookings", 201), ("GET /bookings", 404)]))
        assert covered(shard) == [
            ("GET /bookings", 200, 2),
            ("GET /bookings", 404, 1),
            ("POST /bookings", 201, 2),
        ]
    finally:
        appends.close()
        shards.close()
        main.dispose()


def test_postgresql_entries_go_out_on_the_slots_connection_as_sqlalchemy_would_write_them(
    postgres: PostgresServer,
) -> None:
    ours, theirs = create_engine(postgres.create_database()), create_engine(postgres.create_database())
    shards = JournalShards(ours)
    lease = shards.lease()
    assert lease is not None
    appends = ShardAppends(ours.dialect)
    try:
        with writing(ours) as connection:
            clock = SandboxClock(frozen_at=datetime(2027, 3, 14, 6, 30, tzinfo=UTC))
            insert_sandbox(connection, digest=DIGEST, seed=7, clock=clock)
        with appends.transaction(ours, lease) as appending:
            assert appending.newest_id() == 0
            appending.insert(rows(1, 3))
            found = appending.clock_rows([DIGEST, OTHER])
            assert list(found) == [DIGEST], "none for a sandbox that has no row"
            assert (found[DIGEST].seed, found[DIGEST].clock_offset_us) == (7, 0)
        with appends.transaction(ours, lease) as appending:
            assert appending.newest_id() == 3
        with appends.transaction(ours, lease) as appending:
            appending.insert(rows(4, 1))
        JournalShards(theirs).close()  # its schema
        with writing(theirs) as connection:
            connection.execute(sa.insert(journal), rows(1, 3))
            connection.execute(sa.insert(journal), rows(4, 1))
        assert stored(ours) == stored(theirs)
        assert len(stored(ours)) == 4
    finally:
        appends.close()
        shards.close()
        ours.dispose()
        theirs.dispose()
