"""Bounded sandboxes: the cap refuses a new key, idle sandboxes go, and nothing of them stays.

The wall clock idleness is measured on is a hand-moved ``FakeWall``, so nothing waits.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.domain.kernel.errors import SandboxLimitReached
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.urls import database_url
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.eviction import Occupancy, SandboxLimits
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import ANCHOR, API, book_monday_slot

IDLE = 600.0


class FakeWall:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make_store(
    db: str, wall: FakeWall, *, most: int, idle_after: float = 0.0
) -> tuple[SandboxStore, list[str]]:
    blueprint = load_blueprint(fixture_path("default-world"))
    evicted: list[str] = []
    store = SandboxStore(
        str(db),
        42,
        lambda seed: generate_world(blueprint, seed),
        now=lambda: ANCHOR,
        occupancy=Occupancy(SandboxLimits(most, idle_after), wall),
        on_evict=evicted.extend,
    )
    return store, evicted


def rows_of(db: str, digest: str) -> dict[str, int]:
    """How many rows each table holds for the sandbox ``digest`` (only tables that hold any)."""
    engine = sa.create_engine(database_url(db))
    counts: dict[str, int] = {}
    with engine.connect() as connection:
        tenants = list(
            connection.execute(sa.select(t.tenants.c.id).where(t.tenants.c.sandbox_hash == digest)).scalars()
        )
        for table in t.metadata.sorted_tables:
            if "tenant_id" in table.c:
                where = table.c.tenant_id.in_(tenants)
            elif "sandbox_hash" in table.c:
                where = table.c.sandbox_hash == digest
            elif "key_hash" in table.c and table is not t.tenants:
                where = table.c.key_hash == digest
            else:
                continue
            found = connection.execute(
                sa.select(sa.func.count()).select_from(table).where(where)
            ).scalar_one()
            if found:
                counts[table.name] = found
    engine.dispose()
    return counts


def test_a_new_key_past_the_cap_is_refused_and_the_kept_ones_work_on(database: str) -> None:
    store, _ = make_store(database, FakeWall(), most=2)
    first = book_monday_slot(store, "sk_rsv_first_key", "jane@example.com")
    book_monday_slot(store, "sk_rsv_second_key", "jane@example.com")
    with pytest.raises(SandboxLimitReached) as refused:
        store.open(API, "sk_rsv_third_key", write=False).__enter__()
    assert refused.value.retry_after is None  # nothing is ever evicted: waiting will not help
    assert "at most 2 sandboxes" in refused.value.message
    with pytest.raises(SandboxLimitReached):
        store.state("sk_rsv_third_key")  # the control API's way in is bounded too
    assert rows_of(database, sandbox_hash("sk_rsv_third_key")) == {}
    with store.open(API, "sk_rsv_first_key", write=False) as sandbox:
        assert sandbox.ledger.get_booking(first) is not None
    # A key the server keeps opens a second API within the cap: the cap counts keys.
    assert set(store.ensure_tenants("sk_rsv_first_key", ("merchant",))) == {"merchant"}


def test_an_idle_sandbox_is_evicted_with_every_row_it_had(database: str) -> None:
    db = database
    wall = FakeWall()
    store, evicted = make_store(db, wall, most=2, idle_after=IDLE)
    kept = book_monday_slot(store, "sk_rsv_kept_key", "jane@example.com")
    book_monday_slot(store, "sk_rsv_idle_key", "jane@example.com")
    store.ensure_tenants("sk_rsv_idle_key", ("merchant", "lifecycle", "bardge-v3"))
    idle = sandbox_hash("sk_rsv_idle_key")
    with store.engine.begin() as connection:  # control rows of its own, which must go too
        connection.execute(
            sa.insert(t.metadata.tables["webhooks"]).values(
                sandbox_hash=idle, url="http://127.0.0.1:9/", events=[], secret="s", created_at=ANCHOR
            )
        )
    assert {"tenants", "bookings", "sandboxes", "sandbox_use", "webhooks"} <= set(rows_of(db, idle))

    wall.now += IDLE / 2
    with store.open(API, "sk_rsv_kept_key", write=False):  # used: its idle time starts again
        pass
    wall.now += IDLE / 2 + 1
    with store.open(API, "sk_rsv_third_key", write=False):  # needs room: the idle one goes
        pass

    assert evicted == [idle]
    assert rows_of(db, idle) == {}
    with store.open(API, "sk_rsv_kept_key", write=False) as sandbox:
        assert sandbox.ledger.get_booking(kept) is not None


def test_the_refusal_says_when_an_idle_sandbox_will_go(database: str) -> None:
    wall = FakeWall()
    store, _ = make_store(database, wall, most=1, idle_after=IDLE)
    store.state("sk_rsv_first_key")
    wall.now += 100
    with pytest.raises(SandboxLimitReached) as refused:
        store.state("sk_rsv_second_key")
    assert refused.value.retry_after == IDLE - 100
    wall.now += IDLE - 100 + 1
    assert store.state("sk_rsv_second_key").apis == ()


def test_a_sandbox_in_use_is_never_evicted(database: str) -> None:
    wall = FakeWall()
    store, evicted = make_store(database, wall, most=12, idle_after=IDLE)
    booking = book_monday_slot(store, "sk_rsv_busy_key", "jane@example.com")
    for minute in range(30):  # three idle times of one request a minute
        wall.now += 60
        with store.open(API, "sk_rsv_busy_key", write=False) as sandbox:
            assert sandbox.ledger.get_booking(booking) is not None
        store.state(f"sk_rsv_newcomer_{minute}")
    assert sandbox_hash("sk_rsv_busy_key") not in evicted
    assert len(evicted) > 0  # the newcomers themselves went idle and were evicted


def test_a_worker_that_remembers_an_evicted_tenant_never_opens_another_keys(database: str) -> None:
    """Two stores on one file stand for two worker processes. The first remembers the
    idle key's tenant id; the second evicts that key and gives the freed id to a new key."""
    db = database
    wall = FakeWall()
    first, _ = make_store(db, wall, most=1, idle_after=IDLE)
    second, _ = make_store(db, wall, most=1, idle_after=IDLE)
    booking = book_monday_slot(first, "sk_rsv_idle_key", "jane@example.com")
    wall.now += IDLE + 1
    newcomer = book_monday_slot(second, "sk_rsv_newcomer", "newcomer@example.com")
    assert newcomer == booking  # the same id in the newcomer's own world: the test means something

    wall.now += IDLE + 1  # the newcomer idles too, so the old key may come back
    with first.open(API, "sk_rsv_idle_key", write=False) as sandbox:
        found = sandbox.ledger.get_booking(booking)
    assert found is None  # a fresh world, not the newcomer's booking


def test_a_forgotten_sandbox_leaves_no_row_and_a_worker_that_knew_it_starts_it_anew(database: str) -> None:
    """``DELETE /_sandbox/sandbox`` in one worker; the other had the key's tenants in mind and
    exported them, which raised (a 500) where it trusted what it kept."""
    from mockserver.storage.snapshots.snapshots import export_state  # noqa: PLC0415

    wall = FakeWall()
    first, _ = make_store(database, wall, most=2)
    second, _ = make_store(database, wall, most=2)
    key = "sk_rsv_thrown_away"
    booking = book_monday_slot(first, key, "jane@example.com")
    assert export_state(first, key, (API, "merchant"))["apis"][API]["bookings"]
    second.forget(key)
    assert rows_of(database, sandbox_hash(key)) == {}
    again = export_state(first, key, (API, "merchant"))
    assert booking not in [row["id"] for row in again["apis"][API]["bookings"]]
    with first.open(API, key, write=False) as sandbox:
        assert sandbox.ledger.get_booking(booking) is None
    second.forget("sk_rsv_never_used")  # nothing to forget: no fault
