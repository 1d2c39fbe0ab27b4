"""Journal shards: one file per writing process, slots taken by lock and given back."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage import migrations
from mockserver.storage.control.journal_schema import journal
from mockserver.storage.control.journal_shards import SHARD_CACHE_KIB, SHARD_SLOTS, JournalShards, entry_id
from mockserver.storage.database.engine import create_engine


def test_each_process_writes_its_own_shard_and_reads_every_shard(tmp_path: Path) -> None:
    main = create_engine(str(tmp_path / "s.db"))
    first, second = JournalShards(main), JournalShards(main)
    assert first.own()[0] == 0
    assert second.own()[0] == 1
    assert first.own()[0] == 0, "a process keeps its slot"
    shard_files = sorted(p.name for p in (tmp_path / "s.db.journal").glob("shard-*.db"))
    assert shard_files == ["shard-0.db", "shard-1.db"]
    assert len(first.readers()) == len(second.readers()) == 2


def test_a_shards_connections_keep_a_bounded_page_cache_and_the_sandboxes_database_sqlites(
    tmp_path: Path,
) -> None:
    main = create_engine(str(tmp_path / "s.db"))
    writer, reader = JournalShards(main), JournalShards(main)
    shards = [writer.own()[1], *reader.readers()]
    assert len(shards) == 2, "its own shard, and the same file as another process reads it"

    def cache_size(engine: sa.Engine) -> int:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())

    assert [cache_size(shard) for shard in shards] == [-SHARD_CACHE_KIB] * 2
    assert SHARD_CACHE_KIB < 2000, "smaller than SQLite's own 2 MB"
    assert cache_size(main) == -2000, "the sandboxes' pages are read again and again: SQLite's default"


def test_a_slot_is_free_again_once_its_process_is_gone(tmp_path: Path) -> None:
    main = create_engine(str(tmp_path / "s.db"))
    first, second = JournalShards(main), JournalShards(main)
    first.own()
    second.own()
    first.close()
    assert JournalShards(main).own()[0] == 0, "the lowest free slot, so files stay few"


def test_postgresql_keeps_one_shard_in_itself_and_leases_slots_across_hosts(postgres: PostgresServer) -> None:
    """Processes on several hosts share one table; a slot is a session lock, so no two
    processes anywhere hold one, and a closed process's slot is free again."""
    main = create_engine(postgres.create_database())
    elsewhere = create_engine(str(main.url))  # another host's engine: no pool, no memory shared
    first, second = JournalShards(main), JournalShards(elsewhere)
    assert first.readers() == [main]
    assert first.own() == (0, main)
    assert second.own() == (1, elsewhere)
    assert "journal" in sa.inspect(main).get_table_names()
    first.close()
    assert JournalShards(main).own()[0] == 0, "the lowest free slot"
    second.close()
    main.dispose()
    elsewhere.dispose()


def test_entry_ids_follow_time_stay_apart_across_slots_and_always_increase() -> None:
    assert entry_id(1_000, 3, 0) == 1_000 * SHARD_SLOTS + 3
    assert entry_id(1_000, 3, 0) < entry_id(1_001, 0, 0)
    assert entry_id(1_000, 3, 0) != entry_id(1_000, 4, 0)
    stalled = entry_id(1_000, 3, 0)
    assert entry_id(999, 3, stalled) == stalled + SHARD_SLOTS, "a clock step back does not reorder"
    ahead = entry_id(5_000, 7, 0)  # another host's entry, its clock ahead of ours
    assert entry_id(1_000, 3, ahead) % SHARD_SLOTS == 3, "still our slot: never another process's id"
    assert entry_id(1_000, 3, ahead) > ahead


def test_a_new_shard_after_the_first_is_sent_what_the_first_was_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every app of a test process makes a new shard: the first of a process by ``create_all``,
    the next by what it sent, sent again; each holds the same tables and indexes."""
    monkeypatch.setattr(migrations, "MADE_WHOLE", {})
    made = []
    for name in ("first", "second"):
        shards = JournalShards(create_engine(str(tmp_path / name / "s.db")))
        engine = shards.own()[1]
        with engine.connect() as connection:
            query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            made.append([tuple(row) for row in connection.exec_driver_sql(query)])
        shards.close()
        assert [key[2] for key in migrations.MADE_WHOLE] == ["journal shard"], "what create_all sent is kept"
    assert made[0] == made[1]
    assert {row[1] for row in made[0]} >= {"journal", *(index.name for index in journal.indexes)}
