"""Turn a seeded ``World`` into one tenant's rows, anchored at the sandbox's creation."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mockserver.domain.calendar.model import BlockedTime, Participant, Reservation
from mockserver.domain.kernel.model import BookingStatus, Customer
from mockserver.domain.reseller.model import Client, IssuedPass
from mockserver.domain.slots.model import Booking
from mockserver.seeding.world import World

from . import programme_schema as pt
from . import schema as t
from .ledger import customer_row
from .lifecycle_ledger import entry_row, folio_row
from .reseller_ledger import client_row
from .rows import record_row
from .seeded_folios import SeededFolios
from .seeded_folios import terms_row as _terms_row


def insert_world(connection: sa.Connection, tenant_id: int, world: World, anchor: datetime) -> None:
    plain_rows: list[tuple[sa.Table, list[dict[str, Any]]]] = [
        (t.providers, [asdict(x) for x in world.providers]),
        (t.locations, [asdict(x) for x in world.locations]),
        (t.staff, [asdict(x) for x in world.staff]),
        (t.services, [asdict(x) for x in world.services]),
        (t.opening_hours, [asdict(x) for x in world.opening_hours]),
        (t.time_slots, [asdict(x) for x in world.time_slots]),
        (t.staff_shifts, [asdict(x) for x in world.staff_shifts]),
    ]
    for table, rows in plain_rows:
        for row in rows:
            row["tenant_id"] = tenant_id
        connection.execute(sa.insert(table), rows)

    customers = [_customer(seed, anchor) for seed in world.customers]
    connection.execute(sa.insert(t.customers), [customer_row(tenant_id, c) for c in customers])
    bookings = seeded_bookings(world, anchor)
    if bookings:
        connection.execute(sa.insert(t.bookings), [record_row(tenant_id, b) for b in bookings])
    calendar = SeededCalendar(world, anchor)
    for table, records in (
        (t.blocked_times, calendar.blocked_times),
        (t.reservations, calendar.reservations),
        (t.participants, calendar.participants),
    ):
        if records:
            connection.execute(sa.insert(table), [record_row(tenant_id, r) for r in records])
    lifecycle = SeededFolios(world, calendar)
    for table, rows in (
        (t.service_terms, [_terms_row(terms) for terms in world.service_terms]),
        (t.add_ons, [asdict(x) for x in world.add_ons]),
        (t.form_fields, [asdict(x) for x in world.form_fields]),
        (t.folios, [folio_row(tenant_id, f) for f in lifecycle.folios]),
        (t.orders, [record_row(tenant_id, o) for o in lifecycle.orders]),
        (t.order_entries, [entry_row(tenant_id, e, e.id) for e in lifecycle.entries]),
    ):
        for row in rows:
            row["tenant_id"] = tenant_id
        if rows:
            connection.execute(sa.insert(table), rows)
    programme_counts = insert_programme(connection, tenant_id, world, anchor)
    counts = {
        **programme_counts,
        "order_entry": len(lifecycle.entries),
        "customer": len(customers),
        "booking": len(bookings),
        "blocked_time": len(calendar.blocked_times),
        "reservation": len(calendar.reservations),
        "participant": len(calendar.participants),
    }
    connection.execute(
        sa.insert(t.id_counters),
        [{"tenant_id": tenant_id, "entity": name, "next_id": n + 1} for name, n in counts.items()],
    )


def insert_programme(
    connection: sa.Connection, tenant_id: int, world: World, anchor: datetime
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
    for table, rows in ((pt.reseller_clients, clients), (pt.issued_passes, passes)):
        if rows:
            connection.execute(sa.insert(table), rows)
    return {"issued_pass": len(passes)}


def _customer(seed: Any, anchor: datetime) -> Customer:
    registered = anchor - timedelta(days=seed.registered_days_ago)
    return Customer(seed.id, seed.uuid, seed.name, seed.email, seed.phone, registered, registered)


class SeededCalendar:
    """The world's calendar entries as dated records, relative to ``anchor``."""

    def __init__(self, world: World, anchor: datetime) -> None:
        zones = {location.id: ZoneInfo(location.timezone) for location in world.locations}
        staff = {member.id: member for member in world.staff}
        services = {service.id: service for service in world.services}
        booked_at = anchor - timedelta(days=7)
        self.blocked_times: list[BlockedTime] = []
        self.reservations: list[Reservation] = []
        self.participants: list[Participant] = []
        for block in world.blocked_times:
            zone = zones[staff[block.staff_id].location_id]
            day = weekday_after(anchor.astimezone(zone).date(), block.weekday, block.weeks_ahead)
            local_start = datetime.combine(day, block.starts or time(0), zone)
            local_end = (
                datetime.combine(day + timedelta(days=1), time(0), zone)
                if block.starts is None
                else local_start + timedelta(minutes=block.minutes)
            )
            self.blocked_times.append(
                BlockedTime(
                    id=block.id,
                    provider_id=block.provider_id,
                    staff_id=block.staff_id,
                    name=block.name,
                    starts_at=local_start.astimezone(UTC),
                    ends_at=local_end.astimezone(UTC),
                    all_day=block.starts is None,
                    icon=block.icon,
                    blocked_type_id=block.blocked_type_id,
                )
            )
        for seed in world.reservations:
            service = services[seed.service_id]
            zone = zones[service.location_id]
            day = weekday_after(anchor.astimezone(zone).date(), seed.weekday, seed.weeks_ahead)
            starts_at = datetime.combine(day, seed.starts, zone).astimezone(UTC)
            self.reservations.append(
                Reservation(
                    id=seed.id,
                    provider_id=service.provider_id,
                    service_id=service.id,
                    location_id=service.location_id,
                    staff_id=seed.staff_id,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=service.duration_minutes),
                    status=seed.status,
                    customer_note=seed.customer_note,
                    merchant_note=seed.merchant_note,
                    series_id=seed.series_id,
                    cancelled_by_merchant_on=None,
                    cancellation_reason=None,
                    created_at=booked_at,
                    updated_at=booked_at,
                )
            )
            guests = [(c, BookingStatus.CONFIRMED) for c in seed.customer_ids]
            guests += [(c, BookingStatus.INVITED) for c in seed.invited_ids]
            for customer_id, status in guests:
                self.participants.append(
                    Participant(len(self.participants) + 1, seed.id, customer_id, status, booked_at, None)
                )


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


def weekday_after(today: date, weekday: int, weeks_ahead: int) -> date:
    """The first such weekday strictly after ``today``, plus whole weeks."""
    days = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=days + 7 * weeks_ahead)
