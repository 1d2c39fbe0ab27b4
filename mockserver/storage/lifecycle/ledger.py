"""``SqlLifecycle``: the domain's ``LifecycleLedger`` port over one connection and one tenant.

Folios keep their add-on choices and pending edit as JSON; this module is the
one place that turns them back into records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import cached_property, partial
from typing import Any

import sqlalchemy as sa

from mockserver.domain.calendar.model import Participant, Reservation, StaffMember
from mockserver.domain.kernel.model import BookingStatus, Service
from mockserver.domain.lifecycle.folios import (
    AddOnChoice,
    BookingByUuid,
    BookingFolio,
    ParticipantState,
    PendingEdit,
)
from mockserver.domain.lifecycle.orders import EntryKind, Order, OrderChange, OrderEntry
from mockserver.domain.lifecycle.ports import StoredBooking
from mockserver.domain.lifecycle.terms import AddOn, FeeTier, FieldKind, FormField, ServiceTerms
from mockserver.storage.calendar import queries as cq
from mockserver.storage.calendar.ledger import attendees_of, participant_record, reservation_record
from mockserver.storage.kernel.catalogue import ServicePages, service_record
from mockserver.storage.kernel.records import RecordReader
from mockserver.storage.kernel.rows import db_values, record
from mockserver.storage.kernel.stored_times import as_stored, from_db_time, to_db_time
from mockserver.storage.lifecycle import queries as lq
from mockserver.storage.lifecycle import schema as lt


class SqlLifecycle(ServicePages):
    def service_by_uuid(self, service_uuid: str) -> Service | None:
        return self._catalogue.record("service by uuid", service_uuid, lambda: self._service(service_uuid))

    def _service(self, service_uuid: str) -> Service | None:
        row = self._first(lq.SERVICE_BY_UUID, uuid=service_uuid)
        return service_record(row) if row else None

    def terms_of(self, service_id: int) -> ServiceTerms | None:
        return self._catalogue.record("service terms", service_id, lambda: self._terms(service_id))

    def _terms(self, service_id: int) -> ServiceTerms | None:
        row = self._first(lq.SERVICE_TERMS, id=service_id)
        if row is None:
            return None
        return ServiceTerms(
            service_id=row.id,
            can_instant_book=row.can_instant_book,
            can_edit_service_options=row.can_edit_service_options,
            check_in_minutes=row.check_in_minutes,
            fee_tiers=tuple(FeeTier(**tier) for tier in row.fee_tiers),
        )

    # A service's add-ons and form are written only as the sandbox's data is made: kept with the
    # catalogue, a page of services shows its add-ons with no statement a service.
    def add_ons_of(self, service_id: int) -> list[AddOn]:
        return self._kept_list(
            "add-ons of service", service_id, partial(record, AddOn), lq.ADD_ONS_OF, service=service_id
        )

    def form_of(self, service_id: int) -> list[FormField]:
        return self._kept_list("form of service", service_id, _form_field, lq.FORM_OF, service=service_id)

    def staff_by_uuid(self, staff_uuid: str) -> StaffMember | None:
        return self._catalogue.record(
            "staff by uuid", staff_uuid, lambda: self._record(StaffMember, lq.STAFF_BY_UUID, uuid=staff_uuid)
        )

    def get_staff(self, staff_id: int) -> StaffMember | None:
        return self._catalogue.record(
            "staff", staff_id, lambda: self._record(StaffMember, lq.STAFF, id=staff_id)
        )

    def booking_by_uuid(self, booking_uuid: str) -> StoredBooking | None:
        if (shown := self._shown.get(booking_uuid)) is not None:
            # Read again after a change (``BookingCases.reload``): its places and lines go in
            # the booking's own round trip, after the writes, not in one of their own after it.
            self._name_shown(*shown)
        row = self._first(lq.BOOKING_BY_UUID, uuid=booking_uuid)
        if row is None:
            return None
        # A joined part's id is read by name: a whole mapping of the row (some forty columns)
        # was made for it.
        reservation = (
            reservation_record(row, lq.AS_RESERVATION)
            if getattr(row, lq.AS_RESERVATION + "id") is not None
            else None
        )
        order = record(Order, row, lq.AS_ORDER) if getattr(row, lq.AS_ORDER + "id") is not None else None
        if reservation is not None and order is not None:
            # A booking found is shown with its places and its order's lines, which need its
            # ids: on PostgreSQL both were read with it where its request named it (by its
            # uuid, ``booking_reads``), else go with the next read, one round trip, not one each.
            self._shown[booking_uuid] = (reservation.id, order.id)
            self._name_shown(reservation.id, order.id, found_by=booking_uuid)
        return StoredBooking(_folio(row), reservation, order)

    @cached_property
    def _shown(self) -> dict[str, tuple[int, int]]:
        """The bookings this transaction found, by uuid: their reservation's and order's ids."""
        return {}

    def _name_shown(self, reservation_id: int, order_id: int, *, found_by: str | None = None) -> None:
        shown = (
            (lq.ATTENDEES_BY_UUID, cq.ATTENDEES, attendees_of([reservation_id])),
            (lq.ENTRIES_BY_UUID, lq.ENTRIES_OF, entries_of(order_id)),
        )
        for by_uuid, statement, params in shown:
            if found_by is None or not self._answer_as((by_uuid, {"uuid": found_by}), (statement, params)):
                self._name_ahead(statement, **params)

    def folio_by_number(self, number: str) -> BookingFolio | None:
        row = self._first(lq.FOLIO_BY_NUMBER, number=number)
        return _folio(row) if row else None

    def folios_by_id(self, folio_ids: list[int]) -> dict[int, BookingFolio]:
        if not folio_ids:
            return {}
        return {row.id: _folio(row) for row in self._rows(lq.FOLIOS_BY_ID, ids=folio_ids)}

    def insert_folio(self, folio: BookingFolio) -> None:
        self._insert_row(lt.folios, folio_row(self._tenant, folio))

    def update_folio(self, folio_id: int, changes: Mapping[str, Any]) -> None:
        stored = dict(changes)
        if "add_ons" in stored:
            stored["add_ons"] = _choices_json(stored["add_ons"])
        if "pending_edit" in stored:
            stored["pending_edit"] = _edit_json(stored["pending_edit"])
        self._update(lq.UPDATE_FOLIO, folio_id, stored)

    def series_members(self, series_id: int) -> list[Reservation]:
        return [reservation_record(row) for row in self._rows(lq.SERIES_MEMBERS, series=series_id)]

    def participants_of(self, reservation_id: int) -> list[Participant]:
        return [participant_record(row) for row in self._rows(lq.PARTICIPANTS_OF, reservation=reservation_id)]

    def update_participant(self, participant_id: int, changes: Mapping[str, Any]) -> None:
        self._update(lq.UPDATE_PARTICIPANT, participant_id, changes)

    def get_order(self, order_id: int) -> Order | None:
        return self._record(Order, lq.ORDER, id=order_id)

    def insert_order(self, order: Order) -> None:
        self._insert(lt.orders, order)
        self._opened[order.id] = []

    def save_order_change(self, change: OrderChange) -> None:
        order = change.order
        self._update(
            lq.UPDATE_ORDER,
            order.id,
            {
                "total_minor": order.total_minor,
                "paid_minor": order.paid_minor,
                "refunded_minor": order.refunded_minor,
                "updated_at": order.updated_at,
            },
        )
        written = self._opened.get(order.id)
        for kind, description, amount in change.entries:
            entry = OrderEntry(0, order.id, kind, description, amount, order.updated_at)
            entry_id = self.allocate_id("order_entry")
            self._insert_row(lt.order_entries, entry_row(self._tenant, entry, entry_id))
            if written is not None:  # as the row reads back: its id, its time as stored
                written.append(replace(entry, id=entry_id, created_at=as_stored(entry.created_at)))

    def entries_of(self, order_id: int) -> list[OrderEntry]:
        if (written := self._opened.get(order_id)) is not None:
            # An order this transaction opened has only the lines it wrote, in the order of
            # their ids: a new booking's answer shows them without reading them back, so its
            # writes go with the COMMIT (on PostgreSQL one round trip, not two).
            return list(written)
        return [_order_entry(row) for row in self._rows(lq.ENTRIES_OF, **entries_of(order_id))]

    @cached_property
    def _opened(self) -> dict[int, list[OrderEntry]]:
        """The orders this transaction opened, by id, and the lines it wrote on each."""
        return {}


_form_field = RecordReader(FormField, kind=FieldKind, options=tuple)


_order_entry = RecordReader(OrderEntry, kind=EntryKind)


def entries_of(order_id: int) -> dict[str, Any]:
    """``ENTRIES_OF``' parameters as ``entries_of`` gives them (a read named ahead must match)."""
    return {"order": order_id}


def folio_row(tenant_id: int, folio: BookingFolio) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "id": folio.id,
        "uuid": folio.uuid,
        "number": folio.number,
        "kiosk_hash": folio.kiosk_hash,
        "owner_id": folio.owner_id,
        "add_ons": _choices_json(folio.add_ons),
        "pending_edit": _edit_json(folio.pending_edit),
    }


def entry_row(tenant_id: int, entry: OrderEntry, entry_id: int) -> dict[str, Any]:
    row = db_values(
        {
            "order_id": entry.order_id,
            "kind": entry.kind,
            "description": entry.description,
            "amount_minor": entry.amount_minor,
            "created_at": entry.created_at,
        }
    )
    return {"tenant_id": tenant_id, "id": entry_id, **row}


def _choices_json(choices: tuple[AddOnChoice, ...]) -> list[list[int]]:
    return [[choice.add_on_id, choice.quantity] for choice in choices]


def _edit_json(edit: PendingEdit | None) -> dict[str, Any] | None:
    if edit is None:
        return None
    return {
        "started_at": to_db_time(edit.started_at).isoformat(),
        "starts_at": to_db_time(edit.starts_at).isoformat(),
        "ends_at": to_db_time(edit.ends_at).isoformat(),
        "staff_id": edit.staff_id,
        "add_ons": _choices_json(edit.add_ons),
        "participants": [
            [p.participant_id, p.status.value, p.can_edit, p.attending_virtually, p.display_name]
            for p in edit.participants
        ],
        "total_minor": edit.total_minor,
    }


def _stored_time(value: str) -> datetime:
    return from_db_time(datetime.fromisoformat(value))


def _folio(row: sa.Row[Any]) -> BookingFolio:
    edit = row.pending_edit
    return BookingFolio(
        id=row.id,
        uuid=row.uuid,
        number=row.number,
        kiosk_hash=row.kiosk_hash,
        owner_id=row.owner_id,
        add_ons=tuple(AddOnChoice(a, n) for a, n in row.add_ons),
        pending_edit=None
        if edit is None
        else PendingEdit(
            started_at=_stored_time(edit["started_at"]),
            starts_at=_stored_time(edit["starts_at"]),
            ends_at=_stored_time(edit["ends_at"]),
            staff_id=edit["staff_id"],
            add_ons=tuple(AddOnChoice(a, n) for a, n in edit["add_ons"]),
            participants=tuple(
                ParticipantState(pid, BookingStatus(status), can_edit, virtual, name)
                for pid, status, can_edit, virtual, name in edit["participants"]
            ),
            total_minor=edit["total_minor"],
        ),
    )


def booking_reads(tenant_id: int, ref: BookingByUuid) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """The reads that find the booking ``ref`` names and what showing it reads, as
    ``booking_by_uuid`` asks them: what a request on one booking sends with its first read
    (``database/read_ahead.py``) or its locks (``database/write_behind.py``)."""
    given = {"tenant": tenant_id, "uuid": ref.uuid}
    return [(lq.BOOKING_BY_UUID, given), (lq.ATTENDEES_BY_UUID, given), (lq.ENTRIES_BY_UUID, given)]
