"""What a process compiles once for all its apps (issue 64, round 47): SQLite engines made alike
share their prepared statements (``statements_for``), and every app seeds a world's sandboxes
from one set of its fixed rows (``world_rows``); each still reads and writes its own file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.json_columns import load_json
from mockserver.storage.migrations import ensure_schema
from mockserver.storage.statements.prepared_statements import statements_for
from mockserver.storage.tenancy.materialise import world_rows

AT = datetime(2027, 1, 6, 15, tzinfo=UTC)


def _store_with_one_sandbox(engine: sa.Engine, key_hash: str) -> None:
    ensure_schema(engine)
    with engine.begin() as connection:
        connection.execute(sa.insert(t.sandboxes).values(key_hash=key_hash, seed=42, created_at=AT))


def test_two_stores_of_a_process_share_what_they_prepared_and_each_reads_its_own_file(
    database_at_head: str, backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = str(tmp_path_factory.mktemp("other") / "sandbox.db") if backend == "sqlite" else database_at_head
    first, second = create_engine(database_at_head), create_engine(other)
    try:
        _store_with_one_sandbox(first, "a" * 64)
        if other != database_at_head:
            _store_with_one_sandbox(second, "b" * 64)
        shared = statements_for(first.dialect)
        if backend == "postgresql":
            # Its dialect learns the server's settings at its first connection: each keeps its own.
            assert statements_for(second.dialect) is not shared
            return
        assert statements_for(second.dialect) is shared
        assert statements_for(first.dialect) is shared
        select = sa.select(t.sandboxes.c.key_hash).where(t.sandboxes.c.key_hash == sa.bindparam("hash"))
        with first.connect() as connection:
            assert shared.first(connection, select, {"hash": "a" * 64}).key_hash == "a" * 64
        prepared = shared.get(select)
        with second.connect() as connection:
            # The statement the first store prepared, run on the second's connection: its own rows.
            assert shared.get(select) is prepared
            assert shared.first(connection, select, {"hash": "a" * 64}) is None
            assert shared.first(connection, select, {"hash": "b" * 64}).key_hash == "b" * 64
            assert shared.all(connection, q.TENANT_BY_KEY, {"key_hash": "x"}) == []
    finally:
        first.dispose()
        second.dispose()


@pytest.mark.sqlite_only("an engine's options, not its server")
def test_an_engine_made_otherwise_prepares_its_own(database: str) -> None:
    ours = create_engine(database)
    made_otherwise = sa.create_engine(f"sqlite:///{database}", json_deserializer=load_json)
    plain = sa.create_engine(f"sqlite:///{database}")
    try:
        kept = {id(statements_for(engine.dialect)) for engine in (ours, made_otherwise, plain)}
        assert len(kept) == 3, "a dialect with other JSON processors shared another's statements"
        assert statements_for(sa.create_engine(f"sqlite:///{database}").dialect) is statements_for(
            plain.dialect
        )
    finally:
        for engine in (ours, made_otherwise, plain):
            engine.dispose()


@pytest.mark.sqlite_only("no database: a world's rows")
def test_a_world_is_made_into_rows_once_and_another_world_into_its_own() -> None:
    blueprint = load_blueprint(fixture_path("default-world"))
    world, other = generate_world(blueprint, 42), generate_world(blueprint, 43)
    rows = world_rows(world)
    assert world_rows(world) is rows
    assert rows.world is world
    assert world_rows(other) is not rows
    assert world_rows(other).world is other
    # Equal worlds made apart are two worlds (each kept beside its rows, by identity).
    twin = generate_world(blueprint, 42)
    assert world_rows(twin).world is twin
