"""A SQLite shard's entries are appended on the driver's connection exactly as SQLAlchemy would
write them (``storage.control.journal_appends``); PostgreSQL's go through SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.control.journal_entries import Recorded, entry_row
from mockserver.storage.control.journal_appends import ShardAppends
from mockserver.storage.control.journal_schema import journal
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.engine import create_engine, writing

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
