"""Broken sandboxes for the rule families the documents imply beyond their stated rules: money
given back, what a list counts and still shows, and the headers every answer carries. Each is a
plausible vendor bug, as in ``broken_rules``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from mockserver.apis.bardge.booking_handlers import BookingHandlers
from mockserver.apis.lifecycle.handlers import LifecycleHandlers
from mockserver.domain.calendar.events import MerchantCalendar
from mockserver.domain.reseller.model import Refund, VisitView
from mockserver.domain.reseller.payment import Payment
from mockserver.domain.slots import bookings
from mockserver.http.request_ids import RequestIds
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.slots.ledger import SqlLedger

Breakage = Callable[[pytest.MonkeyPatch], None]


def copay_refunded_less_a_fee(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a co-pay is refunded less a 1 % processing fee the documents never mention."""
    refund = Payment.refund

    def less_a_fee(self: Payment, view: VisitView) -> Refund:
        given = refund(self, view)
        return replace(given, amount_minor=given.amount_minor - given.amount_minor // 100)

    mp.setattr(Payment, "refund", less_a_fee)


def refund_deadline_from_the_end(mp: pytest.MonkeyPatch) -> None:
    """Bardge: the refund deadline counted back from the visit's end, not its start."""
    refund = Payment.refund

    def from_the_end(self: Payment, view: VisitView) -> Refund:
        return refund(self, replace(view, booking=replace(view.booking, starts_at=view.booking.ends_at)))

    mp.setattr(Payment, "refund", from_the_end)


def deleted_still_listed(mp: pytest.MonkeyPatch) -> None:
    """ReserveKit: a delete hides the booking from GET only; the service's list still shows it."""
    deleted: set[int] = set()
    get = SqlLedger.get_booking

    def hidden(self: SqlLedger, booking_id: int) -> Any:
        return None if booking_id in deleted else get(self, booking_id)

    mp.setattr(SqlLedger, "delete_booking", lambda self, booking_id: deleted.add(booking_id))
    mp.setattr(SqlLedger, "get_booking", hidden)


def calendar_without_blocked_times(mp: pytest.MonkeyPatch) -> None:
    """Merchant: the calendar answers its bookings and never its blocked times."""
    between = MerchantCalendar.between

    def bookings_only(self: MerchantCalendar, *args: Any) -> Any:
        return replace(between(self, *args), blocked=())

    mp.setattr(MerchantCalendar, "between", bookings_only)


def total_counts_one_more(mp: pytest.MonkeyPatch) -> None:
    """ReserveKit: total_count (and so total_pages) counts one booking more than the list holds."""
    listed = bookings.BookingDesk.list_for_service

    def one_more(self: Any, service_id: int, page: int, page_size: int) -> Any:
        found = listed(self, service_id, page, page_size)
        return replace(found, total_count=found.total_count + 1)

    mp.setattr(bookings.BookingDesk, "list_for_service", one_more)


def errors_without_request_id(mp: pytest.MonkeyPatch) -> None:
    """Bardge: a refusal carries no X-Request-Id; only successes do."""
    call = RequestIds.__call__

    async def successes_only(self: RequestIds, scope: Scope, receive: Receive, send: Send) -> None:
        async def strip_on_errors(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 400:
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"]
                message = {**message, "headers": headers}
            await send(message)

        await call(self, scope, receive, strip_on_errors)

    mp.setattr(RequestIds, "__call__", successes_only)


def location_names_the_number(mp: pytest.MonkeyPatch) -> None:
    """Lifecycle: the 201's Location names the booking by its number, which no GET takes."""
    create = LifecycleHandlers.create_instant_booking

    def by_number(self: LifecycleHandlers, user: str, body: dict[str, Any]) -> Any:
        document, status, headers = create(self, user, body)
        data = document["data"]
        location = headers["Location"].replace(data["id"], data["attributes"]["number"])
        return document, status, {**headers, "Location": location}

    mp.setattr(LifecycleHandlers, "create_instant_booking", by_number)


def first_answer_kept(handlers: type, method: str) -> Breakage:
    """A read served from a cache filled by its first answer and never told of a change."""

    def breakage(mp: pytest.MonkeyPatch) -> None:
        read = getattr(handlers, method)
        kept: dict[str, Any] = {}

        @functools.wraps(read)  # Connexion passes what the handler's own signature names
        def cached(self: Any, *args: Any, **kwargs: Any) -> Any:
            # Handlers are called with keyword arguments: a cache that took positional ones
            # only answered 500, which proved a crash, not the stale read this breakage is.
            key = repr((args, sorted(kwargs.items())))
            if key not in kept:
                kept[key] = read(self, *args, **kwargs)
            return kept[key]

        mp.setattr(handlers, method, cached)

    return breakage


def move_keeps_its_time(mp: pytest.MonkeyPatch) -> None:
    """Merchant: a move is checked and answered 200, but only its note is stored."""
    update = SqlCalendar.update_reservation

    def note_only(self: SqlCalendar, reservation_id: int, changes: Any) -> None:
        kept = {k: v for k, v in changes.items() if k not in ("starts_at", "ends_at")}
        update(self, reservation_id, kept)

    mp.setattr(SqlCalendar, "update_reservation", note_only)


def participant_flags_unsaved(mp: pytest.MonkeyPatch) -> None:
    """Lifecycle: a participant's changed flags are answered but not stored."""
    update = SqlCalendar.update_participants

    def flags_dropped(self: SqlCalendar, participant_ids: list[int], changes: Any) -> None:
        update(self, participant_ids, {k: v for k, v in changes.items() if k != "attending_virtually"})

    mp.setattr(SqlCalendar, "update_participants", flags_dropped)


DOCUMENTED_BREAKAGES: dict[str, tuple[str, Breakage]] = {
    "BG-REFUND": ("a co-pay refunded less a 1 % fee", copay_refunded_less_a_fee),
    "BG-REFUND-DEADLINE-BOUNDARY": (
        "the refund deadline counted from the visit's end",
        refund_deadline_from_the_end,
    ),
    "BG-REQUEST-ID": ("refusals carry no X-Request-Id", errors_without_request_id),
    "LC-CREATED-READABLE": ("the 201's Location names the booking number", location_names_the_number),
    "LC-CANCEL-SHOWN": (
        "the look-up by number answers from a cache",
        first_answer_kept(LifecycleHandlers, "get_booking_by_number"),
    ),
    "BG-CANCEL-SHOWN": (
        "a booking's status answers from a cache",
        first_answer_kept(BookingHandlers, "get_booking_status"),
    ),
    "MR-UPDATE-READ-BACK": ("a move stores its note but not its time", move_keeps_its_time),
    "LC-EDIT-APPLIED": ("a participant's changed flags are not stored", participant_flags_unsaved),
}
