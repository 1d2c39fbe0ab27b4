"""Turn a seeded ``World`` into one tenant's rows, anchored at the sandbox's creation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mockserver.domain.kernel.model import Customer
from mockserver.domain.reseller.model import Client, IssuedPass
from mockserver.domain.slots.model import Booking
from mockserver.seeding.world import World
from mockserver.storage.calendar import schema as ct
from mockserver.storage.calendar.seeded import SeededCalendar, weekday_after
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.catalogue import customer_row
from mockserver.storage.kernel.rows import record_row
from mockserver.storage.lifecycle import schema as lt
from mockserver.storage.lifecycle.ledger import entry_row, folio_row
from mockserver.storage.lifecycle.seeded import SeededFolios
from mockserver.storage.lifecycle.seeded import terms_row as _terms_row
from mockserver.storage.reseller import schema as pt
from mockserver.storage.reseller.ledger import client_row
from mockserver.storage.slots import schema as st
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.world_arguments import Made, Rows, insert_for_tenant, made_for

# Each bounded context's own tables; the kernel's (providers, locations, services, their hours,
# customers and id counters) every tenant holds. A tenant holds those of its API's contexts only:
# the rest of the world is a quarter to a half of the rows, which no request of the API reads.
CONTEXTS: dict[str, frozenset[sa.Table]] = {
    "slots": frozenset({st.time_slots, st.bookings, ct.staff}),  # a time slot names its staff
    "calendar": frozenset({ct.staff, ct.staff_shifts, ct.blocked_times, ct.reservations, ct.participants}),
    "lifecycle": frozenset(
        {lt.service_terms, lt.add_ons, lt.form_fields, lt.folios, lt.orders, lt.order_entries}
    ),
    "reseller": frozenset({pt.reseller_clients, pt.issued_passes}),
}


class WorldRows:
    """The rows of a world that do not move with a sandbox's creation (the catalogue, its
    hours, staff, slots and lifecycle terms), made once per world: ``asdict`` copies each
    record deeply, and was half of seeding a new sandbox (a few hundred of them each time)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.tables: list[tuple[sa.Table, Rows]] = [
            (table, rows)
            for table, rows in (
                (t.providers, [asdict(x) for x in world.providers]),
                (t.locations, [asdict(x) for x in world.locations]),
                (ct.staff, [asdict(x) for x in world.staff]),
                (t.services, [asdict(x) for x in world.services]),
                (t.opening_hours, [asdict(x) for x in world.opening_hours]),
                (st.time_slots, [asdict(x) for x in world.time_slots]),
                (ct.staff_shifts, [asdict(x) for x in world.staff_shifts]),
                (lt.service_terms, [_terms_row(terms) for terms in world.service_terms]),
                (lt.add_ons, [asdict(x) for x in world.add_ons]),
                (lt.form_fields, [asdict(x) for x in world.form_fields]),
            )
            if rows
        ]
        # Each table's arguments, by the statements they are for: a process's SQLite apps share
        # one set; each PostgreSQL app has its own, and a process may hold several at once.
        self._made: dict[tuple[int, sa.Table], tuple[PreparedStatements, Made]] = {}

    @cached_property
    def calendar_counts(self) -> dict[str, int]:
        """The id counters the world's calendar and lifecycle rows use: their dates move with a
        sandbox's start, their number does not, so a tenant holding neither context makes none."""
        return calendar_counts(self.world, COUNTED_AT)

    def insert(
        self,
        connection: sa.Connection,
        prepared: PreparedStatements,
        table: sa.Table,
        rows: Rows,
        tenant_id: int,
    ) -> None:
        """One table's fixed rows for ``tenant_id``, their arguments made once (``world_arguments.py``)."""
        kept = self._made.get((id(prepared), table))
        if kept is None or kept[0] is not prepared:
            if len(self._made) >= 8 * len(self.tables):  # the sets of apps gone since
                self._made.clear()
            kept = self._made[id(prepared), table] = (prepared, made_for(prepared, table, rows))
        insert_for_tenant(connection, prepared, table, rows, made=kept[1], tenant_id=tenant_id)


def world_rows(world: World) -> WorldRows:
    """The ``WorldRows`` of the last few worlds of the process (a server's world of a few seeds,
    the worlds resets gave): a world is generated once a process and seed (``seeding.worlds``),
    and every app of a process seeds from the same one. Made for each app, they were a
    sixtieth of the test suite's samples."""
    rows = _WORLD_ROWS.get(id(world))
    if rows is None or rows.world is not world:
        if len(_WORLD_ROWS) >= 16:
            _WORLD_ROWS.clear()
        rows = _WORLD_ROWS[id(world)] = WorldRows(world)
    return rows


_WORLD_ROWS: dict[int, WorldRows] = {}
"""A memo of rows made from worlds, each kept beside its world (so its id is not reused)."""


def insert_world(
    connection: sa.Connection,
    tenant_id: int,
    world_rows: WorldRows,
    anchor: datetime,
    prepared: PreparedStatements,
    *,
    contexts: frozenset[str] | None = None,
) -> None:
    world = world_rows.world
    kept = {
        table for name, tables in CONTEXTS.items() if contexts is None or name in contexts for table in tables
    }
    # The tables of contexts the tenant does not hold: their rows are neither built nor inserted.
    skipped = {table for tables in CONTEXTS.values() for table in tables} - kept

    def insert(table: sa.Table, rows: Rows) -> None:
        if rows and table not in skipped:
            prepared.insert(connection, table, rows)

    for table, plain in world_rows.tables:
        if table not in skipped:
            world_rows.insert(connection, prepared, table, plain, tenant_id)

    customers = [_customer(seed, anchor) for seed in world.customers]
    insert(t.customers, [customer_row(tenant_id, c) for c in customers])
    # The id counters stay the whole world's: the next id a tenant gives is the same whichever
    # contexts it holds.
    bookings = seeded_bookings(world, anchor) if st.bookings not in skipped else []
    insert(st.bookings, [record_row(tenant_id, b) for b in bookings])
    if ct.reservations not in skipped or lt.folios not in skipped:
        calendar = SeededCalendar(world, anchor)
        if ct.reservations not in skipped:
            for table, records in (
                (ct.blocked_times, calendar.blocked_times),
                (ct.reservations, calendar.reservations),
                (ct.participants, calendar.participants),
            ):
                insert(table, [record_row(tenant_id, r) for r in records])
        if lt.folios not in skipped:
            lifecycle = SeededFolios(world, calendar)
            insert(lt.folios, [folio_row(tenant_id, f) for f in lifecycle.folios])
            insert(lt.orders, [record_row(tenant_id, o) for o in lifecycle.orders])
            insert(lt.order_entries, [entry_row(tenant_id, e, e.id) for e in lifecycle.entries])
    programme_counts = insert_programme(insert, tenant_id, world, anchor)
    counts = {
        **programme_counts,
        **world_rows.calendar_counts,
        "customer": len(customers),
        "booking": len(world.bookings),
    }
    counters = [{"tenant_id": tenant_id, "entity": name, "next_id": n + 1} for name, n in counts.items()]
    insert(t.id_counters, counters)


COUNTED_AT = datetime(2000, 1, 3, tzinfo=UTC)
"""Any start: the counts are the same for every one (``test_materialise.py`` holds them so)."""


def calendar_counts(world: World, anchor: datetime) -> dict[str, int]:
    calendar = SeededCalendar(world, anchor)
    return {
        "order_entry": len(SeededFolios(world, calendar).entries),
        "blocked_time": len(calendar.blocked_times),
        "reservation": len(calendar.reservations),
        "participant": len(calendar.participants),
        # Seeded weekly series already use these ids; a new one must not join them.
        "series": max((r.series_id or 0 for r in calendar.reservations), default=0),
    }


def insert_programme(
    insert: Callable[[sa.Table, Rows], None], tenant_id: int, world: World, anchor: datetime
) -> dict[str, int]:
    """The reseller programme's clients and their passes; returns the id counters they use."""
    seeded = world.programme
    created = anchor - timedelta(days=30)
    clients = [
        client_row(
            tenant_id,
            Client(
                id=c.customer_id,
                uuid="",
                reseller_id=c.reseller_id,
                user_id=c.user_id,
                issuer_id=c.issuer_id,
                member_number=c.member_number,
                name=None,
                email=None,
                credits=c.credits,
                copay_visits=0,
                lookup_enabled=c.lookup_enabled,
                created_at=created,
            ),
        )
        for c in seeded.clients
    ]
    passes = []
    for seed in seeded.issued_passes:
        starts_at = anchor - timedelta(days=seed.started_days_ago)
        passes.append(
            record_row(
                tenant_id,
                IssuedPass(
                    id=seed.id,
                    reseller_id=seed.reseller_id,
                    client_id=seed.client_id,
                    user_id=seed.user_id,
                    pass_id=seed.pass_id,
                    status=seed.status,
                    starts_at=starts_at,
                    expires_at=starts_at + timedelta(days=seed.valid_days),
                    created_at=starts_at,
                    updated_at=starts_at,
                ),
            )
        )
    insert(pt.reseller_clients, clients)
    insert(pt.issued_passes, passes)
    return {"issued_pass": len(passes)}


def _customer(seed: Any, anchor: datetime) -> Customer:
    registered = anchor - timedelta(days=seed.registered_days_ago)
    return Customer(seed.id, seed.uuid, seed.name, seed.email, seed.phone, registered, registered)


def seeded_bookings(world: World, anchor: datetime) -> list[Booking]:
    slots = {slot.id: slot for slot in world.time_slots}
    services = {service.id: service for service in world.services}
    zones = {location.id: ZoneInfo(location.timezone) for location in world.locations}
    bookings = []
    for seed in world.bookings:
        slot = slots[seed.time_slot_id]
        zone = zones[services[slot.service_id].location_id]
        day = weekday_after(anchor.astimezone(zone).date(), slot.weekday, seed.weeks_ahead)
        booked_at = anchor - timedelta(days=seed.booked_days_ago)
        starts_at, ends_at = slot.instants_on(day, zone)
        bookings.append(
            Booking(
                id=seed.id,
                service_id=slot.service_id,
                time_slot_id=slot.id,
                customer_id=seed.customer_id,
                date=day,
                starts_at=starts_at,
                ends_at=ends_at,
                status=seed.status,
                cancel_reason=None,
                message=seed.message,
                created_at=booked_at,
                updated_at=booked_at,
            )
        )
    return bookings
