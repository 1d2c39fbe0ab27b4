"""Turn a seeded ``World`` into one tenant's rows, anchored at the sandbox's creation."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mockserver.domain.model import Booking, Customer, TimeSlot
from mockserver.seeding.world import World

from . import schema as t
from .ledger import booking_row, customer_row


def insert_world(connection: sa.Connection, tenant_id: int, world: World, anchor: datetime) -> None:
    plain_rows: list[tuple[sa.Table, list[dict[str, Any]]]] = [
        (t.providers, [asdict(x) for x in world.providers]),
        (t.locations, [asdict(x) for x in world.locations]),
        (t.staff, [asdict(x) for x in world.staff]),
        (t.services, [asdict(x) for x in world.services]),
        (t.opening_hours, [asdict(x) for x in world.opening_hours]),
        (t.time_slots, [asdict(x) for x in world.time_slots]),
    ]
    for table, rows in plain_rows:
        for row in rows:
            row["tenant_id"] = tenant_id
        connection.execute(sa.insert(table), rows)

    customers = [_customer(seed, anchor) for seed in world.customers]
    connection.execute(sa.insert(t.customers), [customer_row(tenant_id, c) for c in customers])
    bookings = seeded_bookings(world, anchor)
    if bookings:
        connection.execute(sa.insert(t.bookings), [booking_row(tenant_id, b) for b in bookings])
    connection.execute(
        sa.insert(t.id_counters),
        [
            {"tenant_id": tenant_id, "entity": "customer", "next_id": len(customers) + 1},
            {"tenant_id": tenant_id, "entity": "booking", "next_id": len(bookings) + 1},
        ],
    )


def _customer(seed: Any, anchor: datetime) -> Customer:
    registered = anchor - timedelta(days=seed.registered_days_ago)
    return Customer(seed.id, seed.name, seed.email, seed.phone, registered, registered)


def seeded_bookings(world: World, anchor: datetime) -> list[Booking]:
    slots = {slot.id: slot for slot in world.time_slots}
    services = {service.id: service for service in world.services}
    zones = {location.id: ZoneInfo(location.timezone) for location in world.locations}
    bookings = []
    for seed in world.bookings:
        slot = slots[seed.time_slot_id]
        zone = zones[services[slot.service_id].location_id]
        day = occurrence_after(anchor.astimezone(zone).date(), slot, seed.weeks_ahead)
        booked_at = anchor - timedelta(days=seed.booked_days_ago)
        bookings.append(
            Booking(
                id=seed.id,
                service_id=slot.service_id,
                time_slot_id=slot.id,
                customer_id=seed.customer_id,
                date=day,
                starts_at=datetime.combine(day, slot.start_time, zone).astimezone(UTC),
                ends_at=datetime.combine(day, slot.end_time, zone).astimezone(UTC),
                status=seed.status,
                cancel_reason=None,
                message=seed.message,
                created_at=booked_at,
                updated_at=booked_at,
            )
        )
    return bookings


def occurrence_after(today: date, slot: TimeSlot, weeks_ahead: int) -> date:
    """The slot's first weekday strictly after ``today``, plus whole weeks."""
    days = (slot.weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=days + 7 * weeks_ahead)
