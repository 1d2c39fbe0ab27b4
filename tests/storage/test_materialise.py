"""Seeding a new tenant: a world's fixed rows are made once, and only while it is the seed's world;
a tenant holds the tables of its API's bounded contexts."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as hs

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from mockserver.storage.calendar import schema as ct
from mockserver.storage.kernel import schema as t
from mockserver.storage.lifecycle import schema as lt
from mockserver.storage.slots import schema as st
from mockserver.storage.tenancy.materialise import CONTEXTS, WorldRows, calendar_counts
from mockserver.storage.tenancy.sandboxes import SandboxStore

ANCHOR = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
API = "reservekit-v1"


def rows_of(store: SandboxStore, table: sa.Table, tenant_id: int) -> list[dict[str, object]]:
    selected = sa.select(table).where(table.c.tenant_id == tenant_id).order_by(table.c.id)
    with store.engine.connect() as connection:
        return [
            {k: v for k, v in row._mapping.items() if k != "tenant_id"}
            for row in connection.execute(selected)
        ]


def tenant_of(store: SandboxStore, key: str) -> int:
    with store.open(API, key, write=False) as sandbox:
        return sandbox.tenant_id


def test_each_new_tenant_gets_its_seeds_world_as_it_is_at_that_moment(database_at_head: str) -> None:
    blueprint = load_blueprint(fixture_path("default-world"))
    worlds = {42: generate_world(blueprint, 42), 7: generate_world(blueprint, 7)}
    given: dict[int, World] = {42: worlds[42]}
    store = SandboxStore(database_at_head, 42, lambda seed: given[seed], now=lambda: ANCHOR)
    first, second = tenant_of(store, "sk_rsv_first_tenant"), tenant_of(store, "sk_rsv_second_tenant")
    given[42] = worlds[7]  # the fixture changed on disk: seed 42's world is another one now
    changed = tenant_of(store, "sk_rsv_third_tenant")

    assert rows_of(store, t.providers, first) == rows_of(store, t.providers, second)
    assert [p["name"] for p in rows_of(store, t.providers, first)] == [p.name for p in worlds[42].providers]
    assert [p["name"] for p in rows_of(store, t.providers, changed)] == [p.name for p in worlds[7].providers]
    assert worlds[7].providers != worlds[42].providers
    # Each tenant has its own copy of the kept rows, under its own id.
    slots = [len(rows_of(store, st.time_slots, tenant)) for tenant in (first, second, changed)]
    assert slots == [len(worlds[42].time_slots)] * 2 + [len(worlds[7].time_slots)]
    store.dispose()


def test_a_tenant_holds_the_kernel_and_its_apis_contexts_only(database_at_head: str) -> None:
    """A tenant is seeded with the tables of its API's bounded contexts (a merchant's tenant has
    no time slots, a ReserveKit one no reservations), and with the whole world's id counters, so
    an id it gives next is the same whichever contexts it holds."""
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    contexts = {"reservekit-v1": frozenset({"slots"}), "merchant": frozenset({"calendar"})}
    store = SandboxStore(database_at_head, 42, lambda seed: world, now=lambda: ANCHOR, contexts=contexts.get)
    key = "sk_rsv_context_tenants"
    tenants = {}
    for api in (*contexts, "lifecycle"):
        with store.open(api, key, write=False) as sandbox:
            tenants[api] = sandbox.tenant_id
    held = {
        api: {table.name for table in CONTEXT_TABLES if rows_of(store, table, tenant)}
        for api, tenant in tenants.items()
    }
    assert held["reservekit-v1"] == {"time_slots", "bookings", "staff"}
    assert held["merchant"] == {"staff", "staff_shifts", "blocked_times", "reservations", "participants"}
    # An API named nothing of holds every context (a world's whole).
    assert held["lifecycle"] >= held["reservekit-v1"] | held["merchant"] | {"folios", "reseller_clients"}
    for tenant in tenants.values():
        assert len(rows_of(store, t.providers, tenant)) == len(world.providers)  # the kernel, always
    counters = [
        {(row["entity"], row["next_id"]) for row in rows_of_counters(store, tenant)}
        for tenant in tenants.values()
    ]
    assert counters[0] == counters[1] == counters[2]
    # Each counter is one past the ids the whole world's rows use (the lifecycle tenant's).
    next_ids = dict(counters[2])
    whole = tenants["lifecycle"]
    for entity, table in (
        ("reservation", ct.reservations),
        ("participant", ct.participants),
        ("blocked_time", ct.blocked_times),
        ("order_entry", lt.order_entries),
    ):
        assert next_ids[entity] == max(row["id"] for row in rows_of(store, table, whole)) + 1, entity
    series = [row["series_id"] or 0 for row in rows_of(store, ct.reservations, whole)]
    assert next_ids["series"] == max(series) + 1
    store.dispose()


CONTEXT_TABLES = [table for tables in CONTEXTS.values() for table in tables]


def rows_of_counters(store: SandboxStore, tenant_id: int) -> list[dict[str, object]]:
    selected = sa.select(t.id_counters).where(t.id_counters.c.tenant_id == tenant_id)
    with store.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(selected)]


@settings(max_examples=40, deadline=None)
@given(
    seed=hs.sampled_from([1, 7, 42]),
    anchor=hs.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1), timezones=hs.just(UTC)),
)
def test_a_worlds_calendar_counts_are_the_same_from_any_start(seed: int, anchor: datetime) -> None:
    """The counts a tenant holding neither the calendar nor the lifecycle context is given
    (``WorldRows.calendar_counts``) are those its rows would have, whenever it starts."""
    world = _world(seed)
    assert calendar_counts(world, anchor) == WorldRows(world).calendar_counts


@functools.cache
def _world(seed: int) -> Any:
    return generate_world(load_blueprint(fixture_path("default-world")), seed)
