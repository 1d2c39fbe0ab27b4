"""One broken sandbox per inventory rule: each removes exactly that rule from the domain or storage.

``BREAKAGES`` maps a rule id to what breaks it; ``test_detection.py`` serves each
breakage and runs only that rule's scenarios, which must fail. Breakages are
plausible vendor bugs (a check left out, a status written wrong), not sabotage
of the test itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.apis.bardge import client_handlers as bardge_clients
from mockserver.apis.bardge import people_wire
from mockserver.apis.bardge import programme_handlers as bardge_programme
from mockserver.apis.bardge import vocabulary as bardge_words
from mockserver.apis.bardge import wire as bardge_wire
from mockserver.apis.bardge.booking_handlers import BookingHandlers
from mockserver.apis.bardge.vocabulary import BardgeAdapter
from mockserver.apis.lifecycle.vocabulary import LifecycleAdapter
from mockserver.apis.merchant import handlers as merchant_handlers
from mockserver.apis.merchant import wire as merchant_wire
from mockserver.domain.calendar import recurrence, reservations, roster, staffing
from mockserver.domain.calendar.model import StaffOverlaps
from mockserver.domain.kernel import customers
from mockserver.domain.kernel.errors import (
    AccessDenied,
    AlreadyCancelled,
    FieldProblem,
    InvalidInput,
    NotFound,
)
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle import booking_lifecycle, cases, forms, personalization, rebooking
from mockserver.domain.lifecycle import instant as instant_booking
from mockserver.domain.reseller import lookups, visits
from mockserver.domain.reseller import session as reseller_session
from mockserver.domain.reseller.model import Flow, VisitStatus
from mockserver.domain.slots import bookings
from mockserver.domain.slots import catalogue as slot_catalogue
from mockserver.storage.calendar import queries as calendar_queries
from mockserver.storage.calendar import schema as calendar_tables
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.lifecycle.ledger import SqlLifecycle
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.slots.ledger import SqlLedger

Breakage = Callable[[pytest.MonkeyPatch], None]


def _swallowing(method: Callable[..., Any], error: type[Exception]) -> Callable[..., Any]:
    """``method``, answering success (None) where it would refuse with ``error``."""

    def swallowed(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except error:
            return None

    return swallowed


# --- ReserveKit -----------------------------------------------------------------------------


def created_confirmed(mp: pytest.MonkeyPatch) -> None:
    create = bookings.BookingDesk.create

    def confirmed(self: Any, request: Any) -> Any:
        booking = create(self, request)
        self._ledger.update_booking(booking.id, {"status": BookingStatus.CONFIRMED})
        return replace(booking, status=BookingStatus.CONFIRMED)

    mp.setattr(bookings.BookingDesk, "create", confirmed)


def cancel_without_reason(mp: pytest.MonkeyPatch) -> None:
    def only_a_stray_reason(booking: Any, changes: Any, target: BookingStatus) -> None:
        cancelling = target is BookingStatus.CANCELLED and booking.status is not target
        if changes.cancel_reason is not None and not cancelling:
            raise InvalidInput("cancel_reason without cancel", problems=(FieldProblem("cancel_reason", "x"),))

    mp.setattr(bookings.BookingDesk, "_check_cancel_reason", staticmethod(only_a_stray_reason))


def delete_only_cancels(mp: pytest.MonkeyPatch) -> None:
    def soft_delete(self: SqlLedger, booking_id: int) -> None:
        self.update_booking(booking_id, {"status": BookingStatus.CANCELLED, "cancel_reason": "deleted"})

    mp.setattr(SqlLedger, "delete_booking", soft_delete)


def pages_overlap(mp: pytest.MonkeyPatch) -> None:
    def off_by_one(self: Any, service_id: int, page: int, page_size: int) -> Any:
        offset = max(0, (page - 1) * page_size - 1)  # each page repeats the last of the one before
        items, total = self._ledger.list_bookings(service_id, offset, page_size)
        return bookings.Page(tuple(items), page, page_size, total)

    mp.setattr(bookings.BookingDesk, "list_for_service", off_by_one)


def newest_first(mp: pytest.MonkeyPatch) -> None:
    def reversed_pages(self: Any, service_id: int, page: int, page_size: int) -> Any:
        _, total = self._ledger.list_bookings(service_id, 0, 1)
        everything, _ = self._ledger.list_bookings(service_id, 0, max(total, 1))
        newest = list(reversed(everything))[(page - 1) * page_size : page * page_size]
        return bookings.Page(tuple(newest), page, page_size, total)

    mp.setattr(bookings.BookingDesk, "list_for_service", reversed_pages)


def message_unsaved(mp: pytest.MonkeyPatch) -> None:
    update = SqlLedger.update_booking

    def without_message(self: Any, booking_id: int, changes: Any) -> None:
        update(self, booking_id, {k: v for k, v in changes.items() if k != "message"})

    mp.setattr(SqlLedger, "update_booking", without_message)


def updated_at_still(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(bookings, "next_revision_time", lambda clock, previous: previous)


def customer_update_unsaved(mp: pytest.MonkeyPatch) -> None:
    update = customers.CustomerBook.update

    def answered_not_stored(self: Any, customer_id: int, contact: Any) -> Any:
        self._ledger.update_customer = lambda *args: None
        try:
            return update(self, customer_id, contact)
        finally:
            del self._ledger.update_customer

    mp.setattr(customers.CustomerBook, "update", answered_not_stored)


# --- merchant -------------------------------------------------------------------------------


def group_capacity_unchecked(mp: pytest.MonkeyPatch) -> None:
    seat = roster.Roster.seat

    def without_limit(self: Any, reservation: Any, service: Any, customers: Any, *, seated: int) -> None:
        seat(self, reservation, replace(service, max_participants=10_000), customers, seated=seated)

    mp.setattr(roster.Roster, "seat", without_limit)


def joining_twice_allowed(mp: pytest.MonkeyPatch) -> None:
    join = reservations.ReservationDesk._join

    def join_again(self: Any, customer: Any, service: Any, request: Any) -> Any:
        self._calendar.latest_participation = lambda *args: None  # the duplicate check sees nobody
        try:
            return join(self, customer, service, request)
        finally:
            del self._calendar.latest_participation

    mp.setattr(reservations.ReservationDesk, "_join", join_again)


def leaving_keeps_the_place(mp: pytest.MonkeyPatch) -> None:
    cancel = reservations.ReservationDesk.cancel_as_customer

    def cancel_keeping_participants(self: Any, *args: Any) -> None:
        self._calendar.update_participants = lambda *a, **k: None  # the participant stays seated
        try:
            cancel(self, *args)
        finally:
            del self._calendar.update_participants

    mp.setattr(reservations.ReservationDesk, "cancel_as_customer", cancel_keeping_participants)


def merchant_cancels_twice(mp: pytest.MonkeyPatch) -> None:
    desk = reservations.ReservationDesk
    mp.setattr(desk, "cancel_as_customer", _swallowing(desk.cancel_as_customer, AlreadyCancelled))


def strangers_see_bookings(mp: pytest.MonkeyPatch) -> None:
    latest = SqlCalendar.latest_participation

    def anyone(self: SqlCalendar, reservation_id: int, customer_id: int) -> Any:
        seated = self.active_participants([reservation_id])
        return latest(self, reservation_id, customer_id) or (seated[0] if seated else None)

    mp.setattr(SqlCalendar, "latest_participation", anyone)


def appointments_overbooked(mp: pytest.MonkeyPatch) -> None:
    def first_working(self: Any, locations: Any, starts_at: Any, ends_at: Any) -> Any:
        return locations[0], self._calendar.staff_at_location(locations[0].id)[0]

    mp.setattr(staffing.Staffing, "free_member_at", first_working)


def moves_unchecked(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(staffing.Staffing, "check_member", lambda *args: None)


def calendar_ignores_its_range(mp: pytest.MonkeyPatch) -> None:
    taken = SqlCalendar.taken_between

    def a_month_around(self: SqlCalendar, provider_id: int, start: Any, end: Any) -> Any:
        month = taken(self, provider_id, start - timedelta(days=30), end + timedelta(days=30))
        return month[0], taken(self, provider_id, start, end)[1]

    mp.setattr(SqlCalendar, "taken_between", a_month_around)


def series_ignore_their_interval(mp: pytest.MonkeyPatch) -> None:
    expand = recurrence.occurrences

    def every_week(rule: Any, first: Any, zone: Any) -> Any:
        return expand(replace(rule, interval=1), first, zone)

    mp.setattr(reservations, "occurrences", every_week)


# --- lifecycle ------------------------------------------------------------------------------


def occupied_slots_rebooked(mp: pytest.MonkeyPatch) -> None:
    overlaps = SqlCalendar.overlaps

    def never_booked(self: SqlCalendar, *args: Any, **kwargs: Any) -> StaffOverlaps:
        return replace(overlaps(self, *args, **kwargs), booked=False)

    mp.setattr(SqlCalendar, "overlaps", never_booked)


def cancelled_keep_their_slot(mp: pytest.MonkeyPatch) -> None:
    """Availability and the overlap check count cancelled reservations as if they still held time."""
    r = calendar_tables.reservations.c
    overlapping = calendar_queries._overlapping(r)  # the real queries' range, without their status filter
    mp.setattr(
        calendar_queries,
        "RESERVATIONS_BETWEEN",
        sa.select(calendar_tables.reservations)
        .where(*overlapping, r.provider_id == sa.bindparam("provider"))
        .order_by(r.starts_at, r.id),
    )
    overlap = (
        sa.select(r.id)
        .where(*overlapping, r.staff_id == sa.bindparam("staff"), r.id != sa.bindparam("excluding"))
        .limit(1)
    )
    mp.setattr(calendar_queries, "RESERVATION_OVERLAP", overlap)
    both = (sa.exists(calendar_queries.BLOCK_OVERLAP).label("blocked"), sa.exists(overlap).label("booked"))
    mp.setattr(calendar_queries, "STAFF_OVERLAPS", sa.select(*both))


def cancel_any_status(mp: pytest.MonkeyPatch) -> None:
    preview = booking_lifecycle.BookingLifecycle._preview

    def as_if_active(self: Any, case: Any, whole_series: bool | None) -> Any:
        active = replace(case, reservation=replace(case.reservation, status=BookingStatus.CONFIRMED))
        return preview(self, active, whole_series)

    mp.setattr(booking_lifecycle.BookingLifecycle, "_preview", as_if_active)


def fee_tiers_in_days(mp: pytest.MonkeyPatch) -> None:
    """The policy's "hours before" read as days: a cancellation weeks ahead lands in a later tier."""
    quote = booking_lifecycle.quote_cancellation

    def days(tiers: Any, *args: Any) -> Any:
        return quote(tuple(replace(tier, hours_before=tier.hours_before * 24) for tier in tiers), *args)

    mp.setattr(booking_lifecycle, "quote_cancellation", days)


def cancelled_editable(mp: pytest.MonkeyPatch) -> None:
    def any_status(self: Any, caller: Any, booking_uuid: str) -> Any:
        return self._cases.managed_by(caller, booking_uuid)

    mp.setattr(rebooking.BookingEditor, "_editable", any_status)


def others_read_bookings(mp: pytest.MonkeyPatch) -> None:
    view = booking_lifecycle.BookingLifecycle.view

    def owner_unchecked(self: Any, caller: Any, booking_uuid: str) -> Any:
        try:
            return view(self, caller, booking_uuid)
        except AccessDenied:
            return self._cases.view(self._cases.find(booking_uuid, settle=False), caller)

    mp.setattr(booking_lifecycle.BookingLifecycle, "view", owner_unchecked)


def numbers_not_found(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(SqlLifecycle, "folio_by_number", lambda *args: None)


def every_service_instant(mp: pytest.MonkeyPatch) -> None:
    """Instant booking never reads the service's flag (the services still show it)."""
    terms_of = SqlLifecycle.terms_of

    def instant(self: Any, service_id: int) -> Any:
        terms = terms_of(self, service_id)
        return None if terms is None else replace(terms, can_instant_book=True)

    original = instant_booking.InstantBooking.book

    def book(self: Any, caller: Any, request: Any) -> Any:
        self._cases.books.terms_of = functools.partial(instant, self._cases.books)
        try:
            return original(self, caller, request)
        finally:
            del self._cases.books.terms_of

    mp.setattr(instant_booking.InstantBooking, "book", book)


def edits_cannot_be_cancelled(mp: pytest.MonkeyPatch) -> None:
    def nothing_reverted(self: Any, caller: Any, booking_uuid: str) -> Any:
        case = self._cases.managed_by(caller, booking_uuid)
        return self._cases.view(case, caller)

    mp.setattr(rebooking.BookingEditor, "cancel_edit", nothing_reverted)


def required_fields_optional(mp: pytest.MonkeyPatch) -> None:
    checked = forms.checked_answers

    def nothing_required(form: Any, answers: Any) -> Any:
        return checked([replace(field, required=False) for field in form], answers)

    mp.setattr(personalization, "checked_answers", nothing_required)


def options_always_editable(mp: pytest.MonkeyPatch) -> None:
    edit = rebooking.BookingEditor.edit_service_options

    def flag_unread(self: Any, caller: Any, booking_uuid: str, requests: Any) -> Any:
        editable = self._editable

        def allowing(who: Any, uuid: str) -> Any:
            case = editable(who, uuid)
            return replace(case, terms=replace(case.terms, can_edit_service_options=True))

        self._editable = allowing
        try:
            return edit(self, caller, booking_uuid, requests)
        finally:
            del self._editable

    mp.setattr(rebooking.BookingEditor, "edit_service_options", flag_unread)


def rebooking_unchecked(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(rebooking, "check_bookable", lambda *args, **kwargs: None)


# --- Bardge ---------------------------------------------------------------------------------


def places_never_taken(mp: pytest.MonkeyPatch) -> None:
    """No class instance or spa slot ever counts a place as taken."""
    places_at = SqlReseller.places_at
    mp.setattr(SqlReseller, "places_at", lambda *args: replace(places_at(*args), taken=0))
    mp.setattr(SqlReseller, "places_taken_between", lambda *args: {})


def clients_book_twice(mp: pytest.MonkeyPatch) -> None:
    places_at = SqlReseller.places_at
    mp.setattr(SqlReseller, "places_at", lambda *args: replace(places_at(*args), held_by_customer=False))


def cancel_keeps_the_spot(mp: pytest.MonkeyPatch) -> None:
    move = reseller_session.ResellerSession.move

    def visit_only(self: Any, view: Any, status: VisitStatus, **fields: Any) -> Any:
        if status is not VisitStatus.CANCELLED:
            return move(self, view, status, **fields)
        self.ledger.update_visit(view.visit.id, {"status": status, **fields})  # the core booking stays
        return replace(view, visit=replace(view.visit, status=status, **fields))

    mp.setattr(reseller_session.ResellerSession, "move", visit_only)


def second_cancel_conflicts(mp: pytest.MonkeyPatch) -> None:
    table = tuple(
        (kind, 409, "already_cancelled") if kind is AlreadyCancelled else (kind, status, code)
        for kind, status, code in bardge_words._DOMAIN_ERRORS
    )
    mp.setattr(bardge_words, "_DOMAIN_ERRORS", table)


def cancelled_confirmable(mp: pytest.MonkeyPatch) -> None:
    confirm = visits.VisitDesk.confirm

    def revive(self: Any, flow: Any, public_id: str, choice: Any) -> Any:
        view = self._s.visit(public_id, write=True)
        if view.visit.status is VisitStatus.CANCELLED:
            return self._s.move(view, VisitStatus.CONFIRMED)
        return confirm(self, flow, public_id, choice)

    mp.setattr(visits.VisitDesk, "confirm", revive)


def reschedule_keeps_the_original(mp: pytest.MonkeyPatch) -> None:
    move = reseller_session.ResellerSession.move

    def original_untouched(self: Any, view: Any, status: VisitStatus, **fields: Any) -> Any:
        if status is VisitStatus.RESCHEDULED:
            return view
        return move(self, view, status, **fields)

    mp.setattr(reseller_session.ResellerSession, "move", original_untouched)


def resellers_share_bookings(mp: pytest.MonkeyPatch) -> None:
    def any_reseller(self: Any, public_id: str, *, write: bool) -> Any:
        visit = self.ledger.visit(public_id)
        if visit is None:
            raise NotFound("booking", public_id)
        return self.view_of(visit, write=write)

    mp.setattr(reseller_session.ResellerSession, "visit", any_reseller)


def visits_never_complete(mp: pytest.MonkeyPatch) -> None:
    settled = reseller_session.ResellerSession._settled_status

    def not_completed(self: Any, visit: Any, booking: Any) -> VisitStatus:
        status: VisitStatus = settled(self, visit, booking)
        return visit.status if status is VisitStatus.COMPLETED else status

    mp.setattr(reseller_session.ResellerSession, "_settled_status", not_completed)


def reschedule_keys_ignored(mp: pytest.MonkeyPatch) -> None:
    """Bardge: an Idempotency-Key is honoured on creation, not on rescheduling."""
    replayable = BookingHandlers._replayable

    def on_creation_only(self: Any, user: str, operation: str, body: Any, run: Any, ahead: Any = ()) -> Any:
        if operation.startswith("reschedule_booking:"):
            with self._session(user, write=True, ahead=ahead) as session:
                return run(session)
        return replayable(self, user, operation, body, run, ahead)

    mp.setattr(BookingHandlers, "_replayable", on_creation_only)


def location_not_readable(mp: pytest.MonkeyPatch) -> None:
    """Merchant: the 201's Location names the merchant's path, which takes no GET."""
    created = merchant_handlers._created

    def merchants_path(booking_id: int) -> dict[str, str]:
        headers = created(booking_id)
        return {**headers, "Location": headers["Location"].replace("/customer/", "/merchant/")}

    mp.setattr(merchant_handlers, "_created", merchants_path)


def price_formatted_in_minor_units(mp: pytest.MonkeyPatch) -> None:
    """Merchant: the formatted price shows the minor units as if they were major (2500 -> 2,500.00)."""
    money = merchant_wire.money

    def shifted(amount: int, currency: str) -> dict[str, Any]:
        return {**money(amount, currency), "formatted": f"{amount:,.2f} {currency}"}

    mp.setattr(merchant_wire, "money", shifted)


def error_status_says_400(adapter: type) -> Breakage:
    """Every 4xx's body names 400, whatever the HTTP status it came with."""

    def breakage(mp: pytest.MonkeyPatch) -> None:
        error_body = adapter.error_body

        def said_400(self: Any, report: Any) -> Any:
            body = error_body(self, report)
            for error in body.get("errors", []):
                if "status" in error:
                    error["status"] = "400"
            if "status" in body:
                body["status"] = 400
            return body

        mp.setattr(adapter, "error_body", said_400)

    return breakage


class _Earlier:
    """A clock that reads ``by`` earlier than ``clock``."""

    def __init__(self, clock: Any, by: timedelta) -> None:
        self._clock, self._by = clock, by

    def now(self) -> Any:
        return self._clock.now() - self._by

    def __getattr__(self, name: str) -> Any:
        return getattr(self._clock, name)


def deadline_from_the_end(mp: pytest.MonkeyPatch) -> None:
    """Merchant: the cancellation deadline counted back from the booking's end, not its start."""
    cancel = reservations.ReservationDesk.cancel_as_customer

    def from_the_end(self: Any, customer: Any, reservation_id: int, slug: str) -> None:
        real = self._clock
        reservation = self.view_as_customer(customer, reservation_id).reservation
        self._clock = _Earlier(real, reservation.ends_at - reservation.starts_at)
        try:
            cancel(self, customer, reservation_id, slug)
        finally:
            self._clock = real

    mp.setattr(reservations.ReservationDesk, "cancel_as_customer", from_the_end)


def any_code_verifies(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a lookup is verified whatever code is sent."""
    verify = lookups.LookupDesk.verify
    mp.setattr(
        lookups.LookupDesk,
        "verify",
        lambda self, lookup_id, code: verify(self, lookup_id, lookups.SANDBOX_CODE),
    )


def token_minted_with_the_lookup(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a lookup's client token is minted when the lookup is made, and shown from then
    on, before any code is checked."""
    initiate, shown = lookups.LookupDesk.initiate, people_wire.lookup

    def early(self: Any, issuer_id: int, identifier: str) -> Any:
        lookup, client = initiate(self, issuer_id, identifier)
        token = {"client_token": f"ctok_{'0' * 28}{lookup.id:04x}", "token_expires_at": lookup.expires_at}
        self._s.ledger.update_lookup(lookup.id, token)
        return replace(lookup, **token), client

    def with_its_token(found: Any, client: Any, attempts_allowed: int) -> dict[str, Any]:
        return {**shown(found, client, attempts_allowed), "client_token": found.client_token}

    mp.setattr(lookups.LookupDesk, "initiate", early)
    mp.setattr(people_wire, "lookup", with_its_token)


def prices_in_major_units(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a service's price shown in dollars (20 for 2000), its cost in credits as it was."""
    preview = bardge_wire.service_preview

    def in_dollars(service: Any, programme: Any) -> dict[str, Any]:
        shown = preview(service, programme)
        return {**shown, "price": shown["price"] // 100}

    mp.setattr(bardge_wire, "service_preview", in_dollars)


def cursor_ignored(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a client's bookings always list from the first page, whatever ``starting_after`` says."""
    for_client = visits.VisitDesk.for_client
    mp.setattr(
        visits.VisitDesk,
        "for_client",
        lambda self, client, starting_after, status, limit: for_client(self, client, None, status, limit),
    )


def services_pages_overlap(mp: pytest.MonkeyPatch) -> None:
    """ReserveKit: each page of services starts one early, repeating the last of the page before."""
    mp.setattr(
        slot_catalogue.Catalogue,
        "services",
        lambda self, page, page_size: self._ledger.list_services(
            max(0, (page - 1) * page_size - 1), page_size
        ),
    )


def unpaged_lists_one_page(mp: pytest.MonkeyPatch) -> None:
    """ReserveKit: ``no_pagination`` and a service's own time-slots list answer the first page only."""
    mp.setattr(
        slot_catalogue.Catalogue,
        "every_time_slot",
        lambda self, service_id, on=None: self.time_slots(service_id, on, 1, 10)[0],
    )


def cursor_inclusive(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a catalogue page starts at the ``starting_after`` item instead of after it."""

    def from_the_cursor(items: Any, limit: int, starting_after: object, key: Any, render: Any) -> Any:
        ids = [key(item) for item in items]
        start = ids.index(starting_after) if starting_after in ids else 0
        page = items[start : start + limit]
        return bardge_wire.listing([render(i) for i in page], start + limit < len(items), "/"), 200

    mp.setattr(bardge_programme, "listing_page", from_the_cursor)
    mp.setattr(bardge_clients, "listing_page", from_the_cursor)


def named_customers_after_the_first_dropped(mp: pytest.MonkeyPatch) -> None:
    """Merchant: a booking by the merchant keeps only the first customer it names by id."""
    made = merchant_wire.merchant_booking

    def first_named_only(body: Any) -> Any:
        booking = made(body)
        named = [customer for customer in booking.customers if customer.uuid is not None]
        kept = tuple(c for c in booking.customers if c.uuid is None or c is named[0])
        return replace(booking, customers=kept)

    mp.setattr(merchant_wire, "merchant_booking", first_named_only)


def add_ons_charged_once(mp: pytest.MonkeyPatch) -> None:
    """Lifecycle: an add-on is charged once, whatever its quantity."""
    lines = cases.price_lines
    mp.setattr(
        cases,
        "price_lines",
        lambda service, minutes, people, add_ons: lines(service, minutes, people, dict.fromkeys(add_ons, 1)),
    )


def flows_mixed(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(Flow, "offers", lambda self, service: True)


BREAKAGES: dict[str, tuple[str, Breakage]] = {
    "RK-CREATE-PENDING": ("new bookings are created confirmed", created_confirmed),
    "RK-CANCEL-REASON-REQUIRED": ("a cancel needs no reason", cancel_without_reason),
    "RK-DELETE": ("delete only cancels", delete_only_cancels),
    "RK-LIST-BY-SERVICE": ("pages overlap by one booking", pages_overlap),
    "RK-LIST-OLDEST-FIRST": ("a service's bookings listed newest first", newest_first),
    "RK-READ-AFTER-WRITE": ("a booking's message is answered but not stored", message_unsaved),
    "RK-TIMESTAMPS": ("updated_at stays where the booking was made", updated_at_still),
    "RK-CUSTOMER-UPDATE": ("a customer update is answered but not stored", customer_update_unsaved),
    "MR-CAPACITY": ("a group takes anyone", group_capacity_unchecked),
    "MR-GROUP-JOIN": ("a customer joins a group twice", joining_twice_allowed),
    "MR-GROUP-LEAVE": ("leaving a group keeps the place", leaving_keeps_the_place),
    "MR-CANCEL-ONCE": ("a second cancel answers 200", merchant_cancels_twice),
    "MR-FORBIDDEN": ("any customer reads any booking", strangers_see_bookings),
    "MR-SLOT-TAKEN": ("an employee is booked twice at once", appointments_overbooked),
    "MR-UPDATE-NO-CONFLICT": ("a merchant moves a booking anywhere", moves_unchecked),
    "MR-CALENDAR": ("the calendar shows a month around the range asked", calendar_ignores_its_range),
    "MR-RECURRING": ("a series ignores its interval", series_ignore_their_interval),
    "LC-SLOT-UNAVAILABLE": ("an occupied slot is booked again", occupied_slots_rebooked),
    "LC-CANCEL-FREES": ("cancelled bookings keep their time", cancelled_keep_their_slot),
    "LC-CANCELABLE-STATUSES": ("a canceled booking is cancelled again", cancel_any_status),
    "LC-FEE-TIERS": ("fee tiers counted in days, not hours", fee_tiers_in_days),
    "LC-EDIT-ACCEPTED-ONLY": ("a canceled booking is edited", cancelled_editable),
    "LC-OWNER-ONLY": ("another customer reads a booking", others_read_bookings),
    "LC-LOOKUP-BY-NUMBER": ("no booking number is ever found", numbers_not_found),
    "LC-INSTANT-FLAG": ("every service books instantly", every_service_instant),
    "LC-CANCEL-EDIT": ("cancelling an edit reverts nothing", edits_cannot_be_cancelled),
    "LC-PERSONALIZATION": ("no custom form field is required", required_fields_optional),
    "LC-EDIT-OPTIONS-FLAG": ("every service's options can be edited", options_always_editable),
    "LC-REBOOK-REPRICED": ("a booking moves onto a taken time", rebooking_unchecked),
    "BG-CAPACITY": ("a class is never full", places_never_taken),
    "BG-DUPLICATE": ("a client books an instance twice", clients_book_twice),
    "BG-CANCEL-RELEASES": ("a cancel keeps the spot", cancel_keeps_the_spot),
    "BG-CANCEL-IDEMPOTENT": ("a second cancel answers 409 already_cancelled", second_cancel_conflicts),
    "BG-CANCEL-IRREVERSIBLE": ("a cancelled booking can be confirmed", cancelled_confirmable),
    "BG-RESCHEDULE": ("a reschedule leaves the original open", reschedule_keeps_the_original),
    "BG-ISOLATION": ("resellers see each other's bookings", resellers_share_bookings),
    "BG-COMPLETED": ("a visit never completes", visits_never_complete),
    "BG-SPA-FLOW": ("a spa slot is never full", places_never_taken),
    "BG-RESCHEDULE-IDEMPOTENT": ("a reschedule's retry moves the booking again", reschedule_keys_ignored),
    "MR-CREATED-READABLE": ("the 201's Location names a path that takes no GET", location_not_readable),
    "MR-PRICE-FORMATTED": ("the formatted price shows minor units as major", price_formatted_in_minor_units),
    "LC-ERROR-STATUS": ("every error object says status 400", error_status_says_400(LifecycleAdapter)),
    "BG-ERROR-STATUS": ("every error body says status 400", error_status_says_400(BardgeAdapter)),
    "MR-DEADLINE-BOUNDARY": ("the cancellation deadline counted from the end", deadline_from_the_end),
    "BG-VERIFIED-CLIENT": ("any code verifies a lookup", any_code_verifies),
    "BG-TOKEN-AFTER-VERIFY": ("a lookup's token is minted with it", token_minted_with_the_lookup),
    "BG-CREDITS-PRICE": ("prices shown in major units", prices_in_major_units),
    "BG-CLIENT-LIST": ("the list ignores its cursor", cursor_ignored),
    "RK-LIST-PAGES": ("each page of services repeats the last of the one before", services_pages_overlap),
    "RK-TIME-SLOTS-AGREE": ("no_pagination answers the first page only", unpaged_lists_one_page),
    "BG-LIST-PAGES": ("a catalogue page starts at its cursor, not after it", cursor_inclusive),
    "MR-MERCHANT-CUSTOMERS": (
        "a merchant's booking keeps only the first customer named by id",
        named_customers_after_the_first_dropped,
    ),
    "LC-ADDONS-REPRICED": ("an add-on is charged once, whatever its quantity", add_ons_charged_once),
    "BG-FLOWS-SEPARATE": ("a class instance books as a spa slot", flows_mixed),
}
