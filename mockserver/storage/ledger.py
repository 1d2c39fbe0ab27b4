"""``SqlLedger``: the domain's ``Ledger`` port over one connection and one tenant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.contact import email_key
from mockserver.domain.model import (
    Booking,
    BookingStatus,
    Customer,
    Location,
    PriceType,
    Service,
    ServiceKind,
    TimeSlot,
)

from . import schema as t

PLACE_HOLDING = [status.value for status in BookingStatus if status.holds_a_place]


def to_db_time(value: datetime) -> datetime:
    """Stored times are naive UTC, which every backend compares correctly."""
    return value.astimezone(UTC).replace(tzinfo=None)


def from_db_time(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


class SqlLedger:
    def __init__(self, connection: sa.Connection, tenant_id: int) -> None:
        self._db = connection
        self._tenant = tenant_id

    def _one(self, table: sa.Table, entity_id: int) -> sa.Row[Any] | None:
        query = sa.select(table).where(table.c.tenant_id == self._tenant, table.c.id == entity_id)
        return self._db.execute(query).first()

    def _page(
        self, table: sa.Table, condition: sa.ColumnElement[bool], offset: int, limit: int
    ) -> tuple[list[sa.Row[Any]], int]:
        where = sa.and_(table.c.tenant_id == self._tenant, condition)
        total = self._db.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar_one()
        rows = self._db.execute(
            sa.select(table).where(where).order_by(table.c.id).offset(offset).limit(limit)
        ).all()
        return list(rows), total

    def allocate_id(self, entity: str) -> int:
        counter = t.id_counters
        key = sa.and_(counter.c.tenant_id == self._tenant, counter.c.entity == entity)
        current = self._db.execute(sa.select(counter.c.next_id).where(key)).scalar()
        if current is None:
            self._db.execute(sa.insert(counter).values(tenant_id=self._tenant, entity=entity, next_id=2))
            return 1
        self._db.execute(sa.update(counter).where(key).values(next_id=current + 1))
        return int(current)

    # catalogue

    def get_service(self, service_id: int) -> Service | None:
        row = self._one(t.services, service_id)
        return _service(row) if row else None

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]:
        rows, total = self._page(t.services, sa.true(), offset, limit)
        return [_service(row) for row in rows], total

    def get_location(self, location_id: int) -> Location | None:
        row = self._one(t.locations, location_id)
        if row is None:
            return None
        m = row._mapping
        return Location(**{k: m[k] for k in Location.__dataclass_fields__})

    def get_time_slot(self, slot_id: int) -> TimeSlot | None:
        row = self._one(t.time_slots, slot_id)
        return _slot(row) if row else None

    def list_time_slots(
        self, service_id: int, weekday: int | None, offset: int, limit: int
    ) -> tuple[list[TimeSlot], int]:
        condition = t.time_slots.c.service_id == service_id
        if weekday is not None:
            condition = sa.and_(condition, t.time_slots.c.weekday == weekday)
        rows, total = self._page(t.time_slots, condition, offset, limit)
        return [_slot(row) for row in rows], total

    # customers

    def get_customer(self, customer_id: int) -> Customer | None:
        row = self._one(t.customers, customer_id)
        return _customer(row) if row else None

    def customers_by_id(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        c = t.customers.c
        rows = self._db.execute(
            sa.select(t.customers).where(c.tenant_id == self._tenant, c.id.in_(sorted(customer_ids)))
        ).all()
        return {row.id: _customer(row) for row in rows}

    def find_customer(self, *, email: str | None, phone: str | None) -> Customer | None:
        c = t.customers.c
        for column, value in ((c.email_key, email_key(email)), (c.phone, phone)):
            if value is None:
                continue
            query = (
                sa.select(t.customers)
                .where(c.tenant_id == self._tenant, column == value)
                .order_by(c.id)
                .limit(1)
            )
            row = self._db.execute(query).first()
            if row is not None:
                return _customer(row)
        return None

    def insert_customer(self, customer: Customer) -> None:
        self._db.execute(sa.insert(t.customers).values(**customer_row(self._tenant, customer)))

    def update_customer(self, customer_id: int, changes: Mapping[str, Any]) -> None:
        values = _db_values(changes)
        if "email" in changes:
            values["email_key"] = email_key(changes["email"])
        self._update(t.customers, customer_id, values)

    # bookings

    def get_booking(self, booking_id: int) -> Booking | None:
        row = self._one(t.bookings, booking_id)
        return _booking(row) if row else None

    def list_bookings(self, service_id: int, offset: int, limit: int) -> tuple[list[Booking], int]:
        rows, total = self._page(t.bookings, t.bookings.c.service_id == service_id, offset, limit)
        return [_booking(row) for row in rows], total

    def count_places_taken(self, time_slot_id: int, day: date) -> int:
        b = t.bookings.c
        query = sa.select(sa.func.count()).where(
            b.tenant_id == self._tenant,
            b.time_slot_id == time_slot_id,
            b.date == day,
            b.status.in_(PLACE_HOLDING),
        )
        return int(self._db.execute(query).scalar_one())

    def customer_holds_place(
        self, customer_id: int, time_slot_id: int, day: date, excluding: int | None = None
    ) -> bool:
        b = t.bookings.c
        query = sa.select(b.id).where(
            b.tenant_id == self._tenant,
            b.customer_id == customer_id,
            b.time_slot_id == time_slot_id,
            b.date == day,
            b.status.in_(PLACE_HOLDING),
        )
        if excluding is not None:
            query = query.where(b.id != excluding)
        return self._db.execute(query.limit(1)).first() is not None

    def insert_booking(self, booking: Booking) -> None:
        self._db.execute(sa.insert(t.bookings).values(**booking_row(self._tenant, booking)))

    def update_booking(self, booking_id: int, changes: Mapping[str, Any]) -> None:
        self._update(t.bookings, booking_id, _db_values(changes))

    def delete_booking(self, booking_id: int) -> None:
        b = t.bookings.c
        self._db.execute(sa.delete(t.bookings).where(b.tenant_id == self._tenant, b.id == booking_id))

    def _update(self, table: sa.Table, entity_id: int, values: Mapping[str, Any]) -> None:
        self._db.execute(
            sa.update(table)
            .where(table.c.tenant_id == self._tenant, table.c.id == entity_id)
            .values(**values)
        )


def _db_values(changes: Mapping[str, Any]) -> dict[str, Any]:
    converted: dict[str, Any] = {}
    for name, value in changes.items():
        if isinstance(value, datetime):
            value = to_db_time(value)
        elif isinstance(value, BookingStatus):
            value = value.value
        converted[name] = value
    return converted


def customer_row(tenant_id: int, customer: Customer) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "id": customer.id,
        "name": customer.name,
        "email": customer.email,
        "email_key": email_key(customer.email),
        "phone": customer.phone,
        "created_at": to_db_time(customer.created_at),
        "updated_at": to_db_time(customer.updated_at),
    }


def booking_row(tenant_id: int, booking: Booking) -> dict[str, Any]:
    row = _db_values({name: getattr(booking, name) for name in Booking.__dataclass_fields__})
    row["tenant_id"] = tenant_id
    return row


def _service(row: sa.Row[Any]) -> Service:
    m = row._mapping
    values = {k: m[k] for k in Service.__dataclass_fields__}
    values["kind"] = ServiceKind(values["kind"])
    values["price_type"] = PriceType(values["price_type"])
    return Service(**values)


def _slot(row: sa.Row[Any]) -> TimeSlot:
    m = row._mapping
    return TimeSlot(**{k: m[k] for k in TimeSlot.__dataclass_fields__})


def _customer(row: sa.Row[Any]) -> Customer:
    m = row._mapping
    values = {k: m[k] for k in Customer.__dataclass_fields__}
    values["created_at"] = from_db_time(values["created_at"])
    values["updated_at"] = from_db_time(values["updated_at"])
    return Customer(**values)


def _booking(row: sa.Row[Any]) -> Booking:
    m = row._mapping
    values = {k: m[k] for k in Booking.__dataclass_fields__}
    for name in ("starts_at", "ends_at", "created_at", "updated_at"):
        values[name] = from_db_time(values[name])
    values["status"] = BookingStatus(values["status"])
    return Booking(**values)
