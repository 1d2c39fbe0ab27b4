"""``SqlCalendar``: the domain's ``CalendarLedger`` port over one connection and one tenant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import sqlalchemy as sa

from mockserver.domain.calendar.model import (
    BlockedTime,
    Participant,
    Reservation,
    StaffMember,
    StaffOverlaps,
    StaffShift,
)
from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.model import BookingStatus, Customer, Location, Provider
from mockserver.storage.calendar import queries as cq
from mockserver.storage.calendar import schema as ct
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel.catalogue import customer_record
from mockserver.storage.kernel.records import RecordReader
from mockserver.storage.kernel.rows import TenantRows, db_values, record
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time

# The longest stored entry: a reservation is at most 24 h, an all-day block on a
# daylight-saving day 25 h. Overlap queries look back this far from a range start.
LONGEST_ENTRY = timedelta(hours=48)


class SqlCalendar(TenantRows):
    def get_provider(self, provider_id: int) -> Provider | None:
        return self._catalogue.record(
            "provider", provider_id, lambda: self._record(Provider, cq.PROVIDER, id=provider_id)
        )

    def providers(self) -> list[Provider]:
        return self._kept_list("providers", None, partial(record, Provider), q.PROVIDERS)

    def provider_by_slug(self, slug: str) -> Provider | None:
        return self._catalogue.record(
            "provider by slug", slug, lambda: self._record(Provider, cq.PROVIDER_BY_SLUG, slug=slug)
        )

    def locations_of(self, provider_id: int) -> list[Location]:
        return self._kept_list(
            "locations of provider",
            provider_id,
            partial(record, Location),
            cq.LOCATIONS_OF,
            provider=provider_id,
        )

    # Staff and their shifts are written only as the sandbox's data is made: kept with the
    # catalogue, they cost a create or an availability no statement after the first.
    def staff_at_location(self, location_id: int) -> list[StaffMember]:
        return self._kept_list(
            "staff at location",
            location_id,
            partial(record, StaffMember),
            cq.STAFF_AT_LOCATION,
            location=location_id,
        )

    def shifts_on(self, staff_id: int, weekday: int) -> list[StaffShift]:
        return self._kept_list(
            "shifts on",
            (staff_id, weekday),
            partial(record, StaffShift),
            cq.SHIFTS_ON,
            staff=staff_id,
            weekday=weekday,
        )

    def overlaps(
        self, staff_id: int, starts_at: datetime, ends_at: datetime, excluding: int | None = None
    ) -> StaffOverlaps:
        # Ids start at 1, so 0 excludes nothing.
        params = {"staff": staff_id, "excluding": excluding or 0, **_range(starts_at, ends_at)}
        row = self._first(cq.STAFF_OVERLAPS, **params)
        return StaffOverlaps(blocked=bool(row.blocked), booked=bool(row.booked))

    def get_reservation(self, reservation_id: int) -> Reservation | None:
        row = self._first(cq.RESERVATION, id=reservation_id)
        return reservation_record(row) if row else None

    def group_session_at(self, service_id: int, starts_at: datetime) -> Reservation | None:
        row = self._first(cq.GROUP_SESSION_AT, service=service_id, at=to_db_time(starts_at))
        return reservation_record(row) if row else None

    def insert_reservation(self, reservation: Reservation) -> None:
        self._insert(ct.reservations, reservation)

    def update_reservation(self, reservation_id: int, changes: Mapping[str, Any]) -> None:
        self._update(cq.UPDATE_RESERVATION, reservation_id, changes)

    def reservations_between(self, provider_id: int, start: datetime, end: datetime) -> list[Reservation]:
        rows = self._rows(cq.RESERVATIONS_BETWEEN, provider=provider_id, **_range(start, end))
        return [reservation_record(row) for row in rows]

    def next_reserved_start(self, provider_id: int, after: datetime) -> datetime | None:
        row = self._first(cq.NEXT_RESERVED_START, provider=provider_id, after=to_db_time(after))
        return from_db_time(row[0]) if row is not None and row[0] is not None else None

    def blocked_between(self, provider_id: int, start: datetime, end: datetime) -> list[BlockedTime]:
        rows = self._rows(cq.BLOCKED_BETWEEN, provider=provider_id, **_range(start, end))
        return [record(BlockedTime, row) for row in rows]

    def taken_between(
        self, provider_id: int, start: datetime, end: datetime
    ) -> tuple[list[Reservation], list[BlockedTime]]:
        bounds = {"provider": provider_id, **_range(start, end)}
        reserved, blocked = self._rows_together(
            (cq.RESERVATIONS_BETWEEN, bounds), (cq.BLOCKED_BETWEEN, bounds)
        )
        return [reservation_record(row) for row in reserved], [record(BlockedTime, row) for row in blocked]

    def latest_participation(self, reservation_id: int, customer_id: int) -> Participant | None:
        row = self._first(cq.LATEST_PARTICIPATION, reservation=reservation_id, customer=customer_id)
        return participant_record(row) if row else None

    def active_participants(self, reservation_ids: list[int]) -> list[Participant]:
        if not reservation_ids:
            return []
        rows = self._rows(cq.ACTIVE_PARTICIPANTS, reservations=reservation_ids)
        return sorted((participant_record(row) for row in rows), key=lambda participant: participant.id)

    def attendees(self, reservation_ids: list[int]) -> list[tuple[Participant, Customer]]:
        if not reservation_ids:
            return []
        rows = self._rows(cq.ATTENDEES, **attendees_of(reservation_ids))
        attendees = [(participant_record(row), customer_record(row, cq.HOLDER)) for row in rows]
        return sorted(attendees, key=lambda attendee: attendee[0].id)

    def insert_participant(self, participant: Participant) -> None:
        self._insert(ct.participants, participant)

    def update_participants(self, participant_ids: list[int], changes: Mapping[str, Any]) -> None:
        if participant_ids:
            params = {"k_tenant": self._tenant, "k_ids": participant_ids, **db_values(changes)}
            self._db.execute(cq.UPDATE_PARTICIPANTS, params)


def attendees_of(reservation_ids: list[int]) -> dict[str, Any]:
    """``ATTENDEES``' parameters as ``attendees`` gives them (a read named ahead must match)."""
    return {"reservations": reservation_ids}


def _range(start: datetime, end: datetime) -> dict[str, datetime]:
    return {
        "start": to_db_time(start),
        "end": to_db_time(end),
        "earliest": to_db_time(start - LONGEST_ENTRY),
    }


reservation_record = RecordReader(Reservation, status=BookingStatus)
participant_record = RecordReader(Participant, status=BookingStatus)


def reads_for_create(tenant_id: int, request: MerchantBooking) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """What a merchant's create of ``request`` will read, known from the request alone (a
    PostgreSQL write sends it with its locks, ``database/write_behind.py``): each customer it
    names, as ``Roster.resolve`` looks them up (staff and shifts are kept with the catalogue)."""
    return [read for ref in request.customers for read in customer_reads(tenant_id, ref)]


def customer_reads(tenant_id: int, ref: CustomerRef) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """The read that finds the customer ``ref`` names: by uuid (``Roster`` for a known customer,
    ``Principals`` for the customer a token names), else by their contact details."""
    if ref.uuid is not None:
        return [(q.CUSTOMER_BY_UUID, {"tenant": tenant_id, "value": ref.uuid})]
    return q.customer_reads(tenant_id, ContactDetails(name="", email=ref.email, phone=ref.phone))
