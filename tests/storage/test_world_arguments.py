"""A world's fixed rows, their driver's arguments made once (``tenancy/world_arguments.py``):
a tenant's rows are the rows the plain insert makes, on both backends."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import schema as t
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.materialise import WorldRows
from mockserver.storage.tenancy.world_arguments import _tenant_place, insert_for_tenant, made_for


def _rows_of(connection: sa.Connection, table: sa.Table, tenant_id: int) -> list[dict[str, Any]]:
    found = connection.execute(sa.select(table).where(table.c.tenant_id == tenant_id)).mappings()
    rows = [{k: v for k, v in row.items() if k != "tenant_id"} for row in found]
    return sorted(rows, key=repr)


TENANTS = (90_001, 90_002, 90_003)


def test_each_fixed_table_holds_what_the_plain_insert_puts_there(database_at_head: str) -> None:
    world = WorldRows(generate_world(load_blueprint(fixture_path("default-world")), 42))
    engine = create_engine(database_at_head)
    prepared = PreparedStatements(engine.dialect)
    at = datetime(2027, 1, 6, 15)
    with engine.begin() as connection:
        connection.execute(sa.insert(t.sandboxes).values(key_hash="s" * 64, seed=42, created_at=at))
        for tenant in TENANTS:
            made = {"id": tenant, "key_hash": str(tenant), "sandbox_hash": "s" * 64, "api": "reservekit-v1"}
            connection.execute(sa.insert(t.tenants).values(**made, created_at=at))
        for table, rows in world.tables:
            made = made_for(prepared, table, rows)
            # Most rows of a world are its time slots; a table whose arguments carry a driver's
            # wrapper (a JSON column on PostgreSQL) is inserted the plain way, as below.
            assert made is not None or table.name != "time_slots", "the time slots' arguments are made once"
            insert_for_tenant(connection, prepared, table, rows, made=made, tenant_id=90_001)
            insert_for_tenant(connection, prepared, table, rows, made=made, tenant_id=90_002)
            insert_for_tenant(connection, prepared, table, rows, made=None, tenant_id=90_003)
            plain = _rows_of(connection, table, 90_003)
            assert len(plain) == len(rows), table.name
            assert _rows_of(connection, table, 90_001) == plain, table.name
            assert _rows_of(connection, table, 90_002) == plain, table.name
    engine.dispose()


def test_the_tenants_place_is_the_one_argument_that_moves_with_it() -> None:
    assert _tenant_place([7, 0, "a"], [7, 1, "a"]) == 1
    assert _tenant_place({"t": 0, "n": 7}, {"t": 1, "n": 7}) == "t"
    # A processor between the id and its argument, or the id in two places: worked out per row.
    assert _tenant_place(["0", 7], ["1", 7]) is None
    assert _tenant_place([0, 0], [1, 1]) is None
    assert _tenant_place([0, 7], [0, 7]) is None
    assert _tenant_place({"t": 0}, {"u": 1}) is None


def test_a_worlds_rows_keep_the_arguments_of_a_few_sets_of_statements_at_once(database_at_head: str) -> None:
    """Apps of one process seed from one ``WorldRows``: each set of statements (a PostgreSQL
    app's own) keeps its arguments beside the others', and those of apps long gone are let go."""
    world = WorldRows(generate_world(load_blueprint(fixture_path("default-world")), 42))
    engine = create_engine(database_at_head)
    sets = [PreparedStatements(engine.dialect) for _ in range(10 * len(world.tables))]
    table, rows = next((table, rows) for table, rows in world.tables if table.name == "time_slots")
    at = datetime(2027, 1, 6, 15)
    with engine.begin() as connection:
        connection.execute(sa.insert(t.sandboxes).values(key_hash="s" * 64, seed=42, created_at=at))
        for n, prepared in enumerate(sets + sets[:2]):
            tenant = 91_000 + n
            made = {"id": tenant, "key_hash": str(tenant), "sandbox_hash": "s" * 64, "api": "reservekit-v1"}
            connection.execute(sa.insert(t.tenants).values(**made, created_at=at))
            world.insert(connection, prepared, table, rows, tenant)
            assert len(_rows_of(connection, table, tenant)) == len(rows)
            assert world._made[id(prepared), table][0] is prepared
            assert len(world._made) <= 8 * len(world.tables)
    engine.dispose()
