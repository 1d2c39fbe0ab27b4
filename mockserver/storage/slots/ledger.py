"""``SqlLedger``: the domain's ``Ledger`` port over one connection and one tenant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.ids import IdMint
from mockserver.domain.kernel.model import BookingStatus, Customer, Location, Service
from mockserver.domain.slots.bookings import BookingById, NewBooking
from mockserver.domain.slots.model import Booking, OccurrencePlaces, TimeSlot
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.catalogue import ServicePages, customer_record, customer_row, service_record
from mockserver.storage.kernel.records import RecordReader
from mockserver.storage.kernel.rows import record
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.slots import queries as sq
from mockserver.storage.slots import schema as st
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.kept_catalogue import TenantCatalogue


class SqlLedger(ServicePages):
    def __init__(
        self,
        connection: sa.Connection,
        tenant_id: int,
        ids: IdMint,
        prepared: PreparedStatements,
        catalogue: TenantCatalogue,
        *,
        reading: bool = False,
    ) -> None:
        super().__init__(connection, tenant_id, prepared, catalogue)
        self.ids = ids
        # A read's bookings come with their customers, kept for the ``get_customer`` or
        # ``customers_by_id`` that shows them: one statement, not two (on PostgreSQL one round
        # trip). A read writes nothing that could make them stale; a write may change a customer.
        self._with_owner = reading
        self._owners: dict[int, Customer] = {}

    # catalogue

    def get_service(self, service_id: int) -> Service | None:
        return self._catalogue.record("service", service_id, lambda: self._service(service_id))

    def _service(self, service_id: int) -> Service | None:
        row = self._first(q.SERVICE, id=service_id)
        return service_record(row) if row else None

    def get_location(self, location_id: int) -> Location | None:
        return self._catalogue.record(
            "location", location_id, lambda: self._record(Location, q.LOCATION, id=location_id)
        )

    def get_time_slot(self, slot_id: int) -> TimeSlot | None:
        return self._catalogue.record(
            "time slot", slot_id, lambda: self._record(TimeSlot, sq.TIME_SLOT, id=slot_id)
        )

    def list_time_slots(
        self, service_id: int, weekday: int | None, offset: int, limit: int
    ) -> tuple[list[TimeSlot], int]:
        page, count = (
            (sq.SLOTS_PAGE, sq.SLOTS_COUNT)
            if weekday is None
            else (sq.SLOTS_ON_WEEKDAY_PAGE, sq.SLOTS_ON_WEEKDAY_COUNT)
        )
        asked = (
            {"service_id": service_id} if weekday is None else {"service_id": service_id, "weekday": weekday}
        )
        rows, [total] = self._rows_together(
            (page, {**asked, "offset": offset, "limit": limit}), (count, asked)
        )
        return [record(TimeSlot, row) for row in rows], int(total[0])

    # customers

    def get_customer(self, customer_id: int) -> Customer | None:
        if (owner := self._owners.get(customer_id)) is not None:
            return owner
        row = self._first(q.CUSTOMER, id=customer_id)
        return customer_record(row) if row else None

    def customers_by_id(self, customer_ids: set[int]) -> dict[int, Customer]:
        if not customer_ids:
            return {}
        if customer_ids <= self._owners.keys():  # the bookings that named them brought them
            return {customer_id: self._owners[customer_id] for customer_id in customer_ids}
        rows = self._rows(q.CUSTOMERS_BY_IDS, ids=sorted(customer_ids))
        return {row.id: customer_record(row) for row in rows}

    def find_customer(self, *, email: str | None, phone: str | None) -> Customer | None:
        for statement, value in q.customer_lookups(email, phone):
            row = self._first(statement, value=value)
            if row is not None:
                return customer_record(row)
        return None

    def insert_customer(self, customer: Customer) -> None:
        self._insert_row(t.customers, customer_row(self._tenant, customer))

    def find_customer_by_uuid(self, customer_uuid: str) -> Customer | None:
        row = self._first(q.CUSTOMER_BY_UUID, value=customer_uuid)
        return customer_record(row) if row else None

    def update_customer(self, customer_id: int, changes: Mapping[str, Any]) -> None:
        values = dict(changes)
        if "email" in changes:
            values["email_key"] = email_key(changes["email"])
        self._update(q.UPDATE_CUSTOMER, customer_id, values)

    # bookings

    def get_booking(self, booking_id: int) -> Booking | None:
        if not self._with_owner:
            row = self._first(sq.BOOKING, id=booking_id)
            return _booking(row) if row else None
        row = self._first(sq.BOOKING_WITH_OWNER, id=booking_id)
        if row is None:
            return None
        self._keep_owner(row)
        return _booking(row)

    def list_bookings(self, service_id: int, offset: int, limit: int) -> tuple[list[Booking], int]:
        page = sq.BOOKINGS_PAGE_WITH_OWNERS if self._with_owner else sq.BOOKINGS_PAGE
        rows, [count] = self._rows_together(
            (page, {"service_id": service_id, "offset": offset, "limit": limit}),
            (sq.BOOKINGS_COUNT, {"service_id": service_id}),
        )
        if self._with_owner:
            for row in rows:
                self._keep_owner(row)
        return [_booking(row) for row in rows], int(count[0])

    def _keep_owner(self, row: Any) -> None:
        if getattr(row, sq.OWNER + "id") is not None:  # by name: no mapping of the whole row
            self._owners[row.customer_id] = customer_record(row, sq.OWNER)

    def bookings_on(self, time_slot_ids: list[int], first_day: date, last_day: date) -> list[Booking]:
        rows = self._rows(sq.BOOKINGS_ON, slots=time_slot_ids, first=first_day, last=last_day)
        return [_booking(row) for row in rows]

    def next_booked_start(self, time_slot_ids: list[int], after: datetime) -> datetime | None:
        if not time_slot_ids:
            return None
        # A day before: a slot's local date can lie a day behind the instant's UTC date.
        params = {"slots": time_slot_ids, "day": after.date() - timedelta(days=1), "after": to_db_time(after)}
        row = self._first(sq.NEXT_BOOKED_START, **params)
        return from_db_time(row[0]) if row is not None and row[0] is not None else None

    def places_at(
        self, time_slot_id: int, day: date, customer_id: int, excluding: int | None = None
    ) -> OccurrencePlaces:
        holders = self._rows(sq.HOLDERS_AT, slot=time_slot_id, day=day)
        held = any(row.customer_id == customer_id and row.id != excluding for row in holders)
        return OccurrencePlaces(len(holders), held)

    def places_taken_by_slot(self, time_slot_ids: list[int], day: date) -> dict[int, int]:
        if not time_slot_ids:
            return {}
        rows = self._rows(sq.PLACES_TAKEN_BY_SLOT, slots=time_slot_ids, day=day)
        return dict.fromkeys(time_slot_ids, 0) | {int(row[0]): int(row[1]) for row in rows}

    def insert_booking(self, booking: Booking) -> None:
        self._insert(st.bookings, booking)

    def update_booking(self, booking_id: int, changes: Mapping[str, Any]) -> None:
        self._update(sq.UPDATE_BOOKING, booking_id, changes)

    def delete_booking(self, booking_id: int) -> None:
        self._delete(sq.DELETE_BOOKING, id=booking_id)


def reads_for_create(tenant_id: int, request: NewBooking) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """What a create of ``request`` will read, known from the request alone (a PostgreSQL
    write sends it with its locks, ``database/write_behind.py``): the customer it names, as
    ``find_customer`` asks, and the occurrence's holders, as ``places_at`` does."""
    tenant = {"tenant": tenant_id}
    reads = [(sq.HOLDERS_AT, {**tenant, "slot": request.time_slot_id, "day": request.day})]
    return reads + q.customer_reads(tenant_id, request.contact)


def booking_reads(tenant_id: int, ref: BookingById) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """The read that finds the booking ``ref`` names, as a write's ``get_booking`` asks it (a
    write reads its customer apart: it may change them): what a change of one booking sends
    with its locks (``database/write_behind.py``)."""
    return [(sq.BOOKING, {"tenant": tenant_id, "id": ref.booking_id})]


_booking = RecordReader(Booking, status=BookingStatus)
