"""Vendor bugs in families no directed scenario names: each shows only after a second operation,
on a neighbour of the changed booking, or to another caller. The explorer must catch each (its
invariants, ``mockserver/rule_engine/invariants.py``); the directed scenarios must not, or the
proof would prove nothing the kit did not already know.

``FAMILY_BREAKAGES`` maps an invariant's inventory id to a plausible bug that breaks it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.apis.lifecycle import handlers as lifecycle_handlers
from mockserver.apis.merchant import wire as merchant_wire
from mockserver.apis.merchant.handlers import MerchantHandlers
from mockserver.domain.calendar import reservations
from mockserver.domain.kernel.errors import NotEditable
from mockserver.domain.kernel.idempotency import Replays
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.orders import reprice
from mockserver.domain.lifecycle.personalization import Personalization
from mockserver.domain.lifecycle.rebooking import BookingEditor
from mockserver.domain.reseller import offerings, visits
from mockserver.domain.reseller.model import Flow, PaymentMethod, VisitStatus
from mockserver.domain.reseller.session import ResellerSession
from mockserver.domain.slots.bookings import BookingChanges, BookingDesk
from mockserver.domain.slots.catalogue import Catalogue
from mockserver.http.connection.guard import replaying
from mockserver.storage.calendar import schema as ct
from mockserver.storage.calendar.ledger import SqlCalendar, participant_record
from mockserver.storage.reseller.ledger import SqlReseller
from tests.contract.broken_catalogues import (
    a_booking_touches_its_time_slot,
    a_service_shows_its_last_order,
    a_spa_booking_labels_its_service,
)
from tests.contract.broken_invitations import an_answer_leaves_the_booking_unstamped
from tests.contract.broken_quotes import (
    a_cancel_refunds_the_whole_payment,
    a_cancel_takes_its_fee_on_what_was_paid,
)
from tests.contract.mutants import RewriteResponses, whole_body

Breakage = Callable[[pytest.MonkeyPatch, Any], Any]
"""Breaks the domain (with the monkeypatch) or wraps the app; returns the app to serve."""


def a_move_drops_the_message(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A new date is written with the row's other columns from the request: the note is lost."""
    update = BookingDesk.update

    def moved(self: BookingDesk, booking_id: int, changes: BookingChanges) -> Any:
        before = self.get(booking_id)
        done = update(self, booking_id, changes)
        if done.date != before.date and changes.message is None and done.message is not None:
            self._ledger.update_booking(booking_id, {"message": None})
            return replace(done, message=None)
        return done

    mp.setattr(BookingDesk, "update", moved)
    return app


def confirming_one_confirms_the_sessions_others(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A confirmation is applied to the session, not the booking: every pending booking of the
    same time slot and date is confirmed with it."""
    update = BookingDesk.update

    def confirmed(self: BookingDesk, booking_id: int, changes: BookingChanges) -> Any:
        done = update(self, booking_id, changes)
        if changes.status is BookingStatus.CONFIRMED:
            for other in self._ledger.bookings_on([done.time_slot_id], done.date, done.date):
                if other.id != booking_id and other.status is BookingStatus.PENDING:
                    self._ledger.update_booking(other.id, {"status": BookingStatus.CONFIRMED})
        return done

    mp.setattr(BookingDesk, "update", confirmed)
    return app


class PartSavedFirst:
    """ASGI middleware: a vendor that saves part of a change in a request of its own before the
    rest of the change is checked (each request its own transaction, as a service with no unit of
    work has), so a change refused still leaves that part behind. ``part`` gives, from the sent
    body, the body of the request sent first (None: none is)."""

    def __init__(self, app: Any, method: str, path: str, part: Callable[[Any], Any]) -> None:
        self.app, self.method, self.path, self.part = app, method, re.compile(path), part

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != self.method
            or not self.path.fullmatch(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        body = await whole_body(receive)
        first = self.part(_json(body))
        if first is not None:
            sent_first = json.dumps(first).encode()
            await self.app(_with_length(scope, sent_first), replaying(sent_first, _disconnected), _discard)
        await self.app(scope, replaying(body, receive), send)


def a_refused_change_keeps_its_message(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A change's note is saved first, so a change refused for its status or reason still
    leaves its message behind."""

    def note(sent: Any) -> Any:
        noted = isinstance(sent, dict) and isinstance(sent.get("message"), str) and set(sent) != {"message"}
        return {"message": sent["message"]} if noted else None

    return PartSavedFirst(app, "PATCH", r"/reservekit/v1/bookings/\d+", note)


def a_refused_add_on_list_leaves_none(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A booking's add-ons are replaced by deleting them all first, then checking and inserting
    the new ones: a list refused (an add-on the service does not offer) leaves the booking with
    none, in an edit it never asked for."""

    def cleared(sent: Any) -> Any:
        return {"addons": []} if isinstance(sent, dict) and sent.get("addons") else None

    options = r"/lifecycle/api/v1/bookings/[0-9a-fA-F-]+/edit-service-options"
    return PartSavedFirst(app, "POST", options, cleared)


class IdsAcrossAccounts:
    """ASGI middleware: a ReserveKit vendor whose booking ids are global, and whose customer
    update finds the booking by id alone and acts as the account that made it: another
    account's key changes this account's customer (reads, changes and cancels of the booking
    itself still check the account, and those are what the directed isolation scenario tries)."""

    CREATE = re.compile(r"/reservekit/v1/bookings")
    CUSTOMER = re.compile(r"/reservekit/v1/bookings/(\d+)/customer")

    def __init__(self, app: Any) -> None:
        self.app = app
        self.maker: dict[str, bytes] = {}
        """A booking's id -> the Authorization header of the account whose create answered it."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent_with = _caller(scope)
        updated = self.CUSTOMER.fullmatch(scope["path"])
        mine = self.maker.get(updated[1], sent_with) if updated else sent_with
        # A request with no key is still refused, as every operation's is: only another account's
        # key gets through.
        if updated and scope["method"] == "PATCH" and sent_with and mine != sent_with:
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
            scope = {**scope, "headers": [*headers, (b"authorization", self.maker[updated[1]])]}
        if scope["method"] != "POST" or not self.CREATE.fullmatch(scope["path"]):
            await self.app(scope, receive, send)
            return

        def noting(status: int, made: Any) -> tuple[int, Any]:
            booking = made.get("data") if isinstance(made, dict) else None
            if isinstance(booking, dict) and "id" in booking:
                self.maker[str(booking["id"])] = sent_with
            return status, made

        await RewriteResponses(self.app, "POST", self.CREATE.pattern, noting)(scope, receive, send)


class FirstBookingOfTheCustomer:
    """ASGI middleware: a ReserveKit vendor whose create answers with the id of the customer's
    booking as a look-up by customer finds it after the insert, the customer's first (an ORM's
    ``customer.bookings[0]``): a returning customer is told the id of the booking they made
    first. Every read is right, and the directed scenarios book as a new customer each time."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.first: dict[tuple[bytes, Any], Any] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        caller = _caller(scope)

        def as_first(status: int, answer: Any) -> tuple[int, Any]:
            data = answer.get("data") if isinstance(answer, dict) else None
            if status == 201 and isinstance(data, dict):
                data["id"] = self.first.setdefault((caller, data.get("customer_id")), data.get("id"))
            return status, answer

        await RewriteResponses(self.app, "POST", r"/reservekit/v1/bookings", as_first)(scope, receive, send)


def a_returning_customer_is_told_their_first_booking(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return FirstBookingOfTheCustomer(app)


class ListedAsMade:
    """ASGI middleware: a ReserveKit vendor whose service's bookings list is served from a search
    index written when each booking was made and never again: the list shows every booking as
    its create answered it, while a read by id and each change's answer are right. The target's
    data names one service's list; a walk that books another service's slots never read it."""

    LIST = "/reservekit/v1/bookings"

    def __init__(self, app: Any) -> None:
        self.app = app
        self.made: dict[tuple[bytes, Any], Any] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        caller = _caller(scope)

        def indexed(status: int, answer: Any) -> tuple[int, Any]:
            made = answer.get("data") if isinstance(answer, dict) else None
            if status == 201 and isinstance(made, dict):
                self.made[(caller, made.get("id"))] = copy.deepcopy(made)
            return status, answer

        def from_the_index(status: int, answer: Any) -> tuple[int, Any]:
            data = answer.get("data") if isinstance(answer, dict) else None
            listed = data.get("bookings") if isinstance(data, dict) else None
            if isinstance(listed, list):
                data["bookings"] = [
                    copy.deepcopy(self.made.get((caller, one.get("id")), one))
                    if isinstance(one, dict)
                    else one
                    for one in listed
                ]
            return status, answer

        method = scope.get("method") if scope["type"] == "http" else None
        transform = indexed if method == "POST" else from_the_index
        await RewriteResponses(self.app, method or "", self.LIST, transform)(scope, receive, send)


def a_service_list_shows_each_booking_as_made(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return ListedAsMade(app)


class LocationOfTheLastRow:
    """ASGI middleware: a vendor whose create builds its ``Location`` from the last row it
    inserted, which is the booking's own unless the request had it insert another after it (a
    note, a resource it chose itself): then ``Location`` points at that row, while the body
    (lifecycle) or ``X-Booking-Id`` (merchant) names the booking. ``another_row`` says, from the
    sent body, whether it did. The directed scenarios never send what makes the second row."""

    def __init__(self, app: Any, path: str, another_row: Callable[[Any], bool]) -> None:
        self.app, self.path, self.another_row = app, re.compile(path), another_row

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not self.path.fullmatch(scope["path"]):
            await self.app(scope, receive, send)
            return
        body = await whole_body(receive)
        if not self.another_row(_json(body)):
            await self.app(scope, replaying(body, receive), send)
            return

        async def at_the_last_row(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] == 201:
                headers = [
                    (k, _another_row(v) if k.lower() == b"location" else v)
                    for k, v in message.get("headers", [])
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, replaying(body, receive), at_the_last_row)


def _another_row(location: bytes) -> bytes:
    """The same collection, the id of the row inserted after the booking's."""
    collection, _, booking = location.rpartition(b"/")
    row = str(int(booking) + 1) if booking.isdigit() else booking[::-1].decode()
    return collection + b"/" + row.encode()


def a_lifecycle_location_names_the_resource_it_chose(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return LocationOfTheLastRow(
        app,
        r"/lifecycle/api/v1/bookings/instant",
        lambda sent: isinstance(sent, dict) and not sent.get("resource_id"),
    )


def a_merchant_location_names_the_note(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return LocationOfTheLastRow(
        app,
        r"/merchant/bookings/customer",
        lambda sent: isinstance(sent, dict) and bool(sent.get("customer_note")),
    )


def a_customer_update_finds_any_booking(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return IdsAcrossAccounts(app)


def _caller(scope: Any) -> bytes:
    """Who sent a request, as a vendor that keeps something per caller tells them apart."""
    return dict(scope["headers"]).get(b"authorization", b"") if scope["type"] == "http" else b""


def _as_it_came(scope: Any) -> Any:
    """A request's scope as it came, kept before the app runs: the app's routing writes the
    path's parameters into the scope it is given, and a request built from that scope afterwards
    for another path would carry the first one's (its booking answered 404)."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in scope.items()}


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _with_length(scope: Any, body: bytes) -> Any:
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
    return {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}


async def _disconnected() -> dict[str, Any]:
    return {"type": "http.disconnect"}


async def _discard(message: Any) -> None:
    return None


def a_cancelled_booking_takes_a_new_message(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Only a status change is refused on a closed booking; a note alone goes through."""
    refuse = BookingDesk._refuse_a_closed_change

    def status_only(booking: Any, changes: BookingChanges) -> None:
        if changes.status is None and changes.cancel_reason is None and changes.day is None:
            return
        refuse(booking, changes)

    mp.setattr(BookingDesk, "_refuse_a_closed_change", staticmethod(status_only))
    return app


def a_note_goes_to_the_whole_day(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A merchant's note, written with a move, is saved on every booking of the merchant that
    starts the same day: a day-sheet update where one booking's was meant."""
    reschedule = reservations.ReservationDesk.reschedule

    def noted(self: Any, provider: Any, reservation_id: int, merchant_note: str, *times: Any) -> Any:
        moved = reschedule(self, provider, reservation_id, merchant_note, *times)
        day = moved.starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
        for other in self._calendar.reservations_between(provider.id, day, day + timedelta(days=1)):
            if other.id != moved.id:
                self._calendar.update_reservation(other.id, {"merchant_note": merchant_note or None})
        return moved

    mp.setattr(reservations.ReservationDesk, "reschedule", noted)
    return app


def a_cancelled_booking_goes_back_to_its_edit(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Reverting an edit asks only whether one is in progress, not whether the booking is still
    open: a booking cancelled mid-edit is moved back, and charged again. The explorer found this
    one in the sandbox itself."""
    cancel_edit = BookingEditor.cancel_edit

    def reverted_anyway(self: BookingEditor, caller: Any, booking_uuid: str) -> Any:
        unchecked = copy.copy(self)  # its own: the editor serves other requests meanwhile
        unchecked._editable = self._cases.managed_by  # type: ignore[method-assign]
        return cancel_edit(unchecked, caller, booking_uuid)

    mp.setattr(BookingEditor, "cancel_edit", reverted_anyway)
    return app


def a_cancel_reaches_the_clients_bookings_there(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A cancel is written for the client at the provider, not for the booking (a WHERE clause
    one column short): every confirmed booking the client holds there is cancelled with it.
    (Its holds too, first: the engine now sees a neighbouring hold lose its expiry, and the
    directed Bardge scenarios, which hold several, caught that.)"""
    cancel = visits.VisitDesk.cancel

    def too_wide(self: Any, public_id: str) -> Any:
        done = cancel(self, public_id)
        confirmed = frozenset({VisitStatus.CONFIRMED})
        for other in self._s.ledger.visits_of_client(done.visit.client_id, None, confirmed, 100):
            view = self._s.visit(other.public_id, write=True)
            if other.public_id != public_id and view.provider.id == done.provider.id:
                self._s.move(view, VisitStatus.CANCELLED, hold_expires_at=None)
        return done

    mp.setattr(visits.VisitDesk, "cancel", too_wide)
    return app


def a_refused_move_keeps_its_note(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A merchant's note is saved in a transaction of its own before the move is checked (a
    service with no unit of work): a move refused for its time still leaves its note behind."""
    update = MerchantHandlers.update_booking_by_merchant

    def noted_first(self: MerchantHandlers, user: str, booking_id: int, body: dict[str, Any]) -> Any:
        with self._acting_as(user, "merchant", write=True) as (sandbox, merchant):
            found = sandbox.calendar.get_reservation(booking_id)
            if found is not None and found.provider_id == merchant.id:
                sandbox.calendar.update_reservation(
                    booking_id, {"merchant_note": body["merchant_note"] or None}
                )
        return update(self, user, booking_id, body)

    mp.setattr(MerchantHandlers, "update_booking_by_merchant", noted_first)
    return app


def a_merchants_move_finds_any_booking(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A merchant's move looks the booking up by id alone and acts as the merchant it belongs
    to: another merchant's token moves it (the cancel still checks, and the directed isolation
    scenario tries only the cancel)."""
    reschedule = reservations.ReservationDesk.reschedule

    def as_its_owner(self: Any, provider: Any, reservation_id: int, *rest: Any) -> Any:
        owner = self._calendar.get_provider(self._reservation(reservation_id).provider_id)
        return reschedule(self, owner or provider, reservation_id, *rest)

    mp.setattr(reservations.ReservationDesk, "reschedule", as_its_owner)
    return app


def an_edit_asks_only_that_the_booking_exists(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """An edit finds the booking by its id and checks its status, not who is asking: another
    customer's token edits its add-ons, its participants or its time (reading and cancelling it
    still check, and those are what the directed isolation scenario tries)."""

    def any_callers(self: Any, caller: Any, booking_uuid: str) -> Any:
        case = self._cases.find(booking_uuid, settle=True)
        if case.reservation.status is not BookingStatus.CONFIRMED:
            raise NotEditable("booking not editable", status=case.reservation.status.value)
        return case

    mp.setattr(BookingEditor, "_editable", any_callers)
    return app


Found = Callable[..., Any]
"""``ResellerSession.visit`` as it was: ``found(session, public_id, write=...)``."""


def _visits_found_otherwise_in(
    mp: pytest.MonkeyPatch, operation: str, found_as: Callable[[Any, str, bool, Found], Any]
) -> None:
    """A Bardge vendor whose ``operation`` (a ``VisitDesk`` method) looks its booking up its own
    way: while it runs, ``ResellerSession.visit`` answers ``found_as(session, public_id, write,
    found)``; everywhere else as before."""
    run, found = getattr(visits.VisitDesk, operation), ResellerSession.visit
    inside: ContextVar[bool] = ContextVar(f"inside_{operation}", default=False)

    def running(self: Any, *args: Any, **kwargs: Any) -> Any:
        token = inside.set(True)
        try:
            return run(self, *args, **kwargs)
        finally:
            inside.reset(token)

    def looked_up(self: Any, public_id: str, *, write: bool) -> Any:
        if inside.get():
            return found_as(self, public_id, write, found)
        return found(self, public_id, write=write)

    mp.setattr(visits.VisitDesk, operation, running)
    mp.setattr(ResellerSession, "visit", looked_up)


def a_confirmation_finds_any_hold(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A confirmation looks the hold up by its id alone: another reseller's token confirms (and
    pays for) a hold this reseller made (reading and cancelling it still check the reseller, and
    those are what the directed isolation scenario tries)."""

    def by_id_alone(session: Any, public_id: str, write: bool, found: Found) -> Any:
        visit = session.ledger.visit(public_id)
        return (
            found(session, public_id, write=write) if visit is None else session.view_of(visit, write=write)
        )

    _visits_found_otherwise_in(mp, "confirm", by_id_alone)
    return app


def a_moved_booking_moves_again(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A move asks only that the booking is not cancelled, not that it is confirmed: the original
    of a rescheduled booking (closed by the first move) is moved again, and points at a second new
    booking. A cancel of it is still refused, and that is what the directed scenario tries."""

    def as_if_confirmed(session: Any, public_id: str, write: bool, found: Found) -> Any:
        view = found(session, public_id, write=write)
        if view.visit.status is VisitStatus.RESCHEDULED:
            return replace(view, visit=replace(view.visit, status=VisitStatus.CONFIRMED))
        return view

    _visits_found_otherwise_in(mp, "reschedule", as_if_confirmed)
    return app


def a_cancel_forgets_where_a_moved_booking_came_from(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A cancel clears a booking's move link, as if a cancelled booking left its move behind: the
    booking a move made reads with ``rescheduled_from`` until it is cancelled, and with none after.
    The directed reschedule scenarios cancel that booking only to tidy up, and never read it
    before, so nothing they saw changed."""
    move = ResellerSession.move

    def unlinking(self: Any, view: Any, status: VisitStatus, **fields: Any) -> Any:
        if status is VisitStatus.CANCELLED and view.visit.rescheduled_from is not None:
            fields["rescheduled_from"] = None
        return move(self, view, status, **fields)

    mp.setattr(ResellerSession, "move", unlinking)
    return app


def a_move_files_its_booking_under_another_id(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """The new booking a move makes is minted an id twice: the move answers with the first and
    links the original to it, and the store files the booking under its own. The answer and the
    original agree, and that is what the directed reschedule scenarios read; the new booking is
    never found by the id it was given."""
    insert = SqlReseller.insert_visit

    def filed_otherwise(self: Any, visit: Any) -> None:
        if visit.rescheduled_from is not None:
            visit = replace(visit, public_id="bkg_" + visit.public_id.removeprefix("bkg_")[::-1])
        insert(self, visit)

    mp.setattr(SqlReseller, "insert_visit", filed_otherwise)
    return app


class ReleasedOnRefusal:
    """ASGI middleware: a Bardge vendor that lets go of a hold whose payment was refused (402),
    by cancelling the booking once the refusal is written, so a client that would pay another
    way finds its place gone: a refusal that changed the booking it refused."""

    CONFIRM = re.compile(r"(/bardge/v3/bookings)/(?:class|spa)/([^/]+)/confirm")

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        confirmed = self.CONFIRM.fullmatch(scope["path"]) if scope["type"] == "http" else None
        if confirmed is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        refused = False

        async def noting(message: Any) -> None:
            nonlocal refused
            refused = refused or (message["type"] == "http.response.start" and message["status"] == 402)
            await send(message)

        pristine = _as_it_came(scope)
        await self.app(scope, receive, noting)
        if refused:
            cancel = f"{confirmed[1]}/{confirmed[2]}/cancel"
            released = {**_with_length(pristine, b""), "path": cancel, "raw_path": cancel.encode()}
            await self.app(released, replaying(b"", _disconnected), _discard)


def a_refused_payment_releases_the_hold(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return ReleasedOnRefusal(app)


class DetailsCached:
    """ASGI middleware: a read that serves each booking's details from a cache filled the first
    time it showed the booking to a caller, its status and `updated_at` read afresh each time (a
    status service beside a details cache): a booking moved or paid for since still shows its
    old times, options or payment there, though its cancel shows. ``bookings`` gives, from an
    answer, each booking it shows: its id and the dict of its fields."""

    LIVE = ("status", "updated_at")

    def __init__(
        self, app: Any, path: str, bookings: Callable[[Any], list[tuple[str, dict[str, Any]]]]
    ) -> None:
        self.app, self.path, self.bookings = app, path, bookings
        self.details: dict[tuple[bytes, str], dict[str, Any]] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # One cache a caller: each of the explorer's sandboxes has callers of its own, so a
        # replay meets the details its first run met.
        caller = _caller(scope)

        def from_the_cache(status: int, answer: Any) -> tuple[int, Any]:
            for booking, fields in self.bookings(answer):
                cached = self.details.setdefault((caller, booking), copy.deepcopy(fields))
                live = {name: fields.get(name) for name in self.LIVE if name in fields}
                fields.clear()
                fields.update({**copy.deepcopy(cached), **live})
            return status, answer

        await RewriteResponses(self.app, "GET", self.path, from_the_cache)(scope, receive, send)


def _lifecycle_booking(answer: Any) -> list[tuple[str, dict[str, Any]]]:
    data = answer.get("data") if isinstance(answer, dict) else None
    if isinstance(data, dict) and isinstance(data.get("attributes"), dict):
        return [(str(data.get("id")), data["attributes"])]
    return []


class AnswersKeptByService:
    """ASGI middleware: a lifecycle vendor that keeps a participant's form answers on the
    customer's profile, one set a service, so answering one booking's form answers it on every
    other booking the customer made of that service (a booking read again shows answers no
    request to it gave). A booking's own answers read as they should, and those are what the
    directed personalization scenario reads."""

    BOOKINGS = "/lifecycle/api/v1/bookings"
    ANSWER = re.compile(BOOKINGS + r"/([^/]+)/personalization")

    def __init__(self, app: Any) -> None:
        self.app = app
        self.service: dict[tuple[bytes, str], str] = {}
        """(the caller, a booking it made) -> the booking's service."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        caller = _caller(scope)
        answered = self.ANSWER.fullmatch(scope["path"])
        if scope["path"] == f"{self.BOOKINGS}/instant":
            made = await _answered(self.app, scope, receive, send)
            try:
                data = made["data"]
                self.service[(caller, str(data["id"]))] = str(data["relationships"]["service"]["data"]["id"])
            except (KeyError, TypeError):
                pass
            return
        if answered is None:
            await self.app(scope, receive, send)
            return
        body = await whole_body(receive)
        pristine = _as_it_came(scope)
        if await _answered(self.app, scope, replaying(body, receive), send) is None:
            return
        service = self.service.get((caller, answered[1]))
        for (whose, other), its in list(self.service.items()):
            if whose == caller and its == service and other != answered[1]:
                path = f"{self.BOOKINGS}/{other}/personalization"
                again = {**_with_length(pristine, body), "path": path, "raw_path": path.encode()}
                await self.app(again, replaying(body, _disconnected), _discard)


async def _answered(app: Any, scope: Any, receive: Any, send: Any) -> Any:
    """Sends the request on to ``app``, its answer to ``send``; the answer's JSON if a 2xx."""
    status, chunks = 0, []

    async def noting(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            chunks.append(message.get("body", b""))
        await send(message)

    await app(scope, receive, noting)
    return _json(b"".join(chunks)) if 200 <= status < 300 else None


def answers_kept_by_service(mp: pytest.MonkeyPatch, app: Any) -> Any:
    return AnswersKeptByService(app)


def a_kiosk_shows_the_first_card(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Lifecycle's look-up by number (a kiosk's) shows each booking's first card."""
    return DetailsCached(app, r"/lifecycle/api/v1/bookings/by-number", _lifecycle_booking)


def a_customers_cancel_still_moves(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A merchant's move asks whether the merchant cancelled the booking, not whether it is
    cancelled: one the customer cancelled still moves (a merchant's own cancel still refuses
    it, and that is what the directed scenario tries)."""
    reschedule, owned = reservations.ReservationDesk.reschedule, reservations.ReservationDesk._owned
    moving: ContextVar[bool] = ContextVar("moving", default=False)

    def merchant_cancels_only(self: Any, provider: Any, reservation_id: int, *rest: Any) -> Any:
        status = owned(self, provider, reservation_id).status
        token = moving.set(True)
        try:
            return replace(reschedule(self, provider, reservation_id, *rest), status=status)
        finally:
            moving.reset(token)

    def as_if_open(self: Any, provider: Any, reservation_id: int) -> Any:
        found = owned(self, provider, reservation_id)
        customers_cancel = found.status is BookingStatus.CANCELLED and found.cancelled_by_merchant_on is None
        return replace(found, status=BookingStatus.CONFIRMED) if moving.get() and customers_cancel else found

    mp.setattr(reservations.ReservationDesk, "reschedule", merchant_cancels_only)
    mp.setattr(reservations.ReservationDesk, "_owned", as_if_open)
    return app


def a_move_drops_the_customers_note(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A merchant's move writes the booking back from the merchant's form, which has no field
    for the customer's note: the note the customer left is gone."""
    reschedule = reservations.ReservationDesk.reschedule

    def from_the_merchants_form(self: Any, *args: Any) -> Any:
        moved = reschedule(self, *args)
        self._calendar.update_reservation(moved.id, {"customer_note": None})
        return moved

    mp.setattr(reservations.ReservationDesk, "reschedule", from_the_merchants_form)
    return app


def _stamped_once(mp: pytest.MonkeyPatch, ledger: Any, method: str) -> None:
    update = getattr(ledger, method)

    def unstamped(self: Any, row_id: int, changes: Any) -> None:
        kept = {name: value for name, value in changes.items() if name != "updated_at"}
        if kept:
            update(self, row_id, kept)

    mp.setattr(ledger, method, unstamped)


def a_booking_is_stamped_only_when_made(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """``updated_at`` is the insert's default and no update writes it (an ORM column with no
    on-update): every change reads as if made when the booking was."""
    _stamped_once(mp, SqlCalendar, "update_reservation")
    return app


def a_visit_is_stamped_only_when_made(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """The same on Bardge's visits: a confirmation or cancel leaves ``updated_at`` where the hold
    was made."""
    _stamped_once(mp, SqlReseller, "update_visit")
    return app


def a_personalization_reprices_without_add_ons(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Saving a participant's answers saves the booking, and saving a booking recalculates its
    order from the booking's own row: its add-ons, kept in a table of their own, are left out and
    their price refunded. A booking without add-ons (each directed scenario's) keeps its price."""
    submit = Personalization.submit

    def saved(self: Personalization, caller: Any, booking_uuid: str, answers: Any, email: str | None) -> Any:
        submit(self, caller, booking_uuid, answers, email)
        cases = self._cases
        case = cases.visible_to(caller, booking_uuid, settle=False)
        bare = replace(case, folio=replace(case.folio, add_ons=()))
        change = reprice(case.order, cases.total_of(bare), "booking saved", cases.clock.now())
        cases.books.save_order_change(change)
        return cases.view(cases.reload(case), caller)

    mp.setattr(Personalization, "submit", saved)
    return app


def a_group_price_is_formatted_per_head(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """The calendar's price of a group booking is what everyone in it pays, and its text is
    formatted from the service's price, a head's: they agree while one customer is in."""
    calendar_booking = merchant_wire.calendar_booking

    def per_head(entry: Any) -> Any:
        shown = calendar_booking(entry)
        head = merchant_wire.money(entry.service.price_for(1), entry.service.currency)
        shown["price"] = {**shown["price"], "formatted": head["formatted"]}
        return shown

    mp.setattr(merchant_wire, "calendar_booking", per_head)
    return app


def a_charge_is_written_on_the_clients_bookings_there(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """What a confirmation charges in credits is added for the client at the provider, not for
    the booking alone (an ``UPDATE ... SET credits_charged = credits_charged + ?`` whose WHERE is
    one column short): each booking the client paid there in credits is charged again."""
    confirm = visits.VisitDesk.confirm

    def too_wide(self: Any, flow: Any, public_id: str, choice: Any) -> Any:
        done = confirm(self, flow, public_id, choice)
        if done.visit.payment_method is not PaymentMethod.CREDITS:
            return done
        confirmed = frozenset({VisitStatus.CONFIRMED})
        for other in self._s.ledger.visits_of_client(done.visit.client_id, None, confirmed, 100):
            paid = other.payment_method is PaymentMethod.CREDITS and other.public_id != public_id
            if paid and self._s.visit(other.public_id, write=False).provider.id == done.provider.id:
                charged = other.credits_charged + done.visit.credits_charged
                self._s.ledger.update_visit(other.id, {"credits_charged": charged})
        return done

    mp.setattr(visits.VisitDesk, "confirm", too_wide)
    return app


def a_cancel_after_a_move_frees_the_first_place(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Availability is read off an occupancy that a cancel updates at the place the booking was
    first made for, not where a move took it: cancelled after a move, a booking still shows
    taken where it was, and its first place one more free. A move alone, and a cancel alone,
    show right; only the read is wrong (a create is still held to the real count)."""
    update = BookingDesk.update
    listed = Catalogue.time_slots
    first: dict[tuple[int, int], tuple[int, Any]] = {}
    """(tenant, booking) -> the place a moved booking was made for."""

    def moved(self: BookingDesk, booking_id: int, changes: BookingChanges) -> Any:
        before = self.get(booking_id)
        done = update(self, booking_id, changes)
        if (done.time_slot_id, done.date) != (before.time_slot_id, before.date):
            tenant = self._ledger._tenant  # type: ignore[attr-defined]
            first.setdefault((tenant, booking_id), (before.time_slot_id, before.date))
        return done

    def occupancy(self: Catalogue, service_id: int, on: Any, page: int, page_size: int) -> Any:
        slots, total = listed(self, service_id, on, page, page_size)
        tenant = self._ledger._tenant  # type: ignore[attr-defined]
        shown = []
        for one in slots:
            places = one.places_left
            for (owner, booking_id), made_for in first.items():
                booking = self._ledger.get_booking(booking_id) if owner == tenant else None
                if places is None or booking is None or booking.status is not BookingStatus.CANCELLED:
                    continue
                places -= (booking.time_slot_id, booking.date) == (one.slot.id, on)
                places += made_for == (one.slot.id, on)
            shown.append(
                replace(
                    one, places_left=None if places is None else min(one.slot.max_bookings, max(0, places))
                )
            )
        return shown, total

    mp.setattr(BookingDesk, "update", moved)
    mp.setattr(Catalogue, "time_slots", occupancy)
    return app


def a_cancelled_hold_keeps_its_spot(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A class's spots are counted off a hold table that a cancel does not clear (only a hold's
    expiry does): a hold cancelled before it was paid still shows as a taken spot. A confirmed
    booking's cancel frees its spot, and a create is still held to the real count."""
    cancel = visits.VisitDesk.cancel
    instances = offerings.Offerings.instances
    kept: dict[int, list[tuple[int, Any]]] = {}
    """A tenant -> the (time slot, day) of each class hold cancelled there."""

    def cancelled(self: Any, public_id: str) -> Any:
        view = self._s.visit(public_id, write=False)
        done = cancel(self, public_id)
        if view.visit.status is VisitStatus.INITIATED and view.visit.flow is Flow.CLASS:
            place = (view.booking.time_slot_id, view.booking.date)
            kept.setdefault(self._s.ledger._tenant, []).append(place)
        return done

    def counted(self: Any, service: Any, first: Any, days: int) -> Any:
        held = kept.get(self._s.ledger._tenant, [])
        return [
            replace(one, places_left=max(0, one.places_left - held.count((one.slot.id, one.day))))
            for one in instances(self, service, first, days)
        ]

    mp.setattr(visits.VisitDesk, "cancel", cancelled)
    mp.setattr(offerings.Offerings, "instances", counted)
    return app


def a_moved_group_counts_everyone_it_seated(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """A group's head count is a column that a move fills again from every place the group ever
    seated, those who left included: a customer who left before the move is counted again after
    it (and takes a place the next customer cannot have). A join, a leave and a move each show
    right alone; a create is still held to the real count."""
    reschedule = reservations.ReservationDesk.reschedule
    active = SqlCalendar.active_participants
    moved: set[tuple[int, int]] = set()
    """(tenant, reservation) of each group a merchant moved."""

    def rescheduled(self: Any, provider: Any, reservation_id: int, *rest: Any) -> Any:
        done = reschedule(self, provider, reservation_id, *rest)
        moved.add((self._calendar._tenant, reservation_id))
        return done

    def counted(self: SqlCalendar, reservation_ids: list[int]) -> Any:
        places = active(self, reservation_ids)
        again = [one for one in reservation_ids if (self._tenant, one) in moved]
        if again:
            everyone = sa.select(ct.participants).where(
                ct.participants.c.tenant_id == self._tenant, ct.participants.c.reservation_id.in_(again)
            )
            held = {place.id for place in places}
            places += [
                record
                for row in self._db.execute(everyone)
                if (record := participant_record(row)).id not in held
            ]
        return places

    mp.setattr(reservations.ReservationDesk, "reschedule", rescheduled)
    mp.setattr(SqlCalendar, "active_participants", counted)
    return app


def a_rebooked_time_stays_taken(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Availability is read off an occupancy that a rebooking adds the new time to and never
    takes the old time out of (only a cancel clears a booking's rows): the time a booking left
    stays unlisted. A create and a rebooking are still held to the real calendar, so the old
    time can be booked again; only the list is wrong."""
    edit = BookingEditor.edit_base_data
    listed = lifecycle_handlers.open_slots
    left: dict[int, list[tuple[int, Any, Any]]] = {}
    """A tenant -> the (resource, start, end) of each time a booking was rebooked away from."""

    def rebooked(self: BookingEditor, caller: Any, booking_uuid: str, *rest: Any) -> Any:
        before = self._editable(caller, booking_uuid).reservation
        done = edit(self, caller, booking_uuid, *rest)
        place = (before.staff_id, before.starts_at, before.ends_at)
        left.setdefault(self._cases.calendar._tenant, []).append(place)  # type: ignore[attr-defined]
        return done

    def open_slots(cases: Any, service: Any, day: Any) -> Any:
        gone = left.get(cases.calendar._tenant, [])
        return [
            slot
            for slot in listed(cases, service, day)
            if not any(
                staff == slot.staff.id and start < slot.ends_at and slot.starts_at < end
                for staff, start, end in gone
            )
        ]

    mp.setattr(BookingEditor, "edit_base_data", rebooked)
    mp.setattr(lifecycle_handlers, "open_slots", open_slots)
    return app


class HeaderComparedAsText:
    """ASGI middleware: a ReserveKit vendor that compares a request header's text with the one
    its developers' client sent, where HTTP compares meanings: ``Content-Type:
    application/json; charset=utf-8`` (a .NET or OkHttp client's every body) is refused with a
    415, or an axios ``Accept`` with a 406, in ReserveKit's own error body."""

    def __init__(self, app: Any, header: bytes, taken: tuple[bytes, ...], status: int) -> None:
        self.app, self.header, self.taken, self.status = app, header, taken, status

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        sent = [value for name, value in scope.get("headers", ()) if name.lower() == self.header]
        if scope["type"] != "http" or not sent or sent[0] in self.taken:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"data": None, "error": f"unsupported {self.header.decode()}"}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def idempotency_keys_without_their_reseller(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Bardge's idempotency keys looked up by the key alone, not by the reseller that sent it:
    another reseller whose key collides (each keys by its own order number) is answered with the
    first one's booking. Every directed scenario keys its requests afresh, as one reseller."""
    init = Replays.__init__

    def by_the_key_alone(self: Replays, ledger: Any, clock: Any, owner: str) -> None:
        init(self, ledger, clock, owner="")

    mp.setattr(Replays, "__init__", by_the_key_alone)
    return app


SPELLING_BREAKAGES: dict[str, Callable[[Any], Any]] = {
    "Content-Type": lambda app: HeaderComparedAsText(app, b"content-type", (b"application/json",), 415),
    "Accept": lambda app: HeaderComparedAsText(app, b"accept", (b"*/*", b"application/json"), 406),
}
"""A ReserveKit vendor refusing a header spelt as other clients spell it, by the header: the
explorer's spellings (``contract_tests/explorer/headers.py``) meet it, no directed scenario does."""


FAMILY_BREAKAGES: dict[str, tuple[str, Breakage]] = {
    "RK-WHOLE-READ-AFTER-WRITE": ("a move drops the booking's message", a_move_drops_the_message),
    "RK-NEIGHBOURS": (
        "confirming one booking confirms the session's others",
        confirming_one_confirms_the_sessions_others,
    ),
    "RK-REFUSAL-CHANGES-NOTHING": ("a refused change keeps its message", a_refused_change_keeps_its_message),
    "RK-ROLES-EVERY-OPERATION": (
        "a customer update finds any account's booking",
        a_customer_update_finds_any_booking,
    ),
    "RK-IDENTITY": (
        "a returning customer is told the id of their first booking",
        a_returning_customer_is_told_their_first_booking,
    ),
    "MR-NEIGHBOURS": ("a move's note goes to the whole day", a_note_goes_to_the_whole_day),
    "MR-IDENTITY": ("a booking made with a note is located at the note", a_merchant_location_names_the_note),
    "LC-IDENTITY": (
        "a booking made with no resource is located at the one the vendor chose",
        a_lifecycle_location_names_the_resource_it_chose,
    ),
    "RK-TERMINAL-EVERY-SPELLING": (
        "a cancelled booking takes a new message",
        a_cancelled_booking_takes_a_new_message,
    ),
    "LC-TERMINAL-EVERY-SPELLING": (
        "a cancelled booking goes back to its edit",
        a_cancelled_booking_goes_back_to_its_edit,
    ),
    "BG-NEIGHBOURS": (
        "a cancel reaches the client's other confirmed bookings at the provider",
        a_cancel_reaches_the_clients_bookings_there,
    ),
    "MR-REFUSAL-CHANGES-NOTHING": ("a refused move keeps its note", a_refused_move_keeps_its_note),
    "MR-ROLES-EVERY-OPERATION": ("a merchant's move finds any booking", a_merchants_move_finds_any_booking),
    "MR-TERMINAL-EVERY-SPELLING": ("a customer's cancel still moves", a_customers_cancel_still_moves),
    "MR-WHOLE-READ-AFTER-WRITE": ("a move drops the customer's note", a_move_drops_the_customers_note),
    "LC-ROLES-EVERY-OPERATION": (
        "an edit asks only that the booking exists",
        an_edit_asks_only_that_the_booking_exists,
    ),
    "LC-REFUSAL-CHANGES-NOTHING": ("a refused add-on list leaves none", a_refused_add_on_list_leaves_none),
    "BG-ROLES-EVERY-OPERATION": ("a confirmation finds any reseller's hold", a_confirmation_finds_any_hold),
    "LC-WHOLE-READ-AFTER-WRITE": (
        "a look-up by number shows the card of the first look-up",
        a_kiosk_shows_the_first_card,
    ),
    "LC-NEIGHBOURS": (
        "answering one booking's form answers the customer's others of that service",
        answers_kept_by_service,
    ),
    "LC-TIMESTAMPS": ("a booking is stamped only when made", a_booking_is_stamped_only_when_made),
    "BG-TIMESTAMPS": ("a visit is stamped only when made", a_visit_is_stamped_only_when_made),
    "BG-TERMINAL-EVERY-SPELLING": ("a moved booking moves again", a_moved_booking_moves_again),
    "BG-WHOLE-READ-AFTER-WRITE": (
        "a cancel forgets where a moved booking came from",
        a_cancel_forgets_where_a_moved_booking_came_from,
    ),
    "BG-IDENTITY": ("a move files its booking under another id", a_move_files_its_booking_under_another_id),
    "BG-REFUSAL-CHANGES-NOTHING": (
        "a refused payment releases the hold",
        a_refused_payment_releases_the_hold,
    ),
    "MR-MONEY-ADDS-UP": ("a group's price is formatted per head", a_group_price_is_formatted_per_head),
    "LC-MONEY-ADDS-UP": (
        "a personalization reprices the booking without its add-ons",
        a_personalization_reprices_without_add_ons,
    ),
    "BG-MONEY-ADDS-UP": (
        "a charge is added to the client's other bookings at the provider",
        a_charge_is_written_on_the_clients_bookings_there,
    ),
    "RK-PLACES-ADD-UP": (
        "a cancel after a move frees the place the booking was made for",
        a_cancel_after_a_move_frees_the_first_place,
    ),
    "BG-PLACES-ADD-UP": ("a cancelled hold keeps its spot", a_cancelled_hold_keeps_its_spot),
    "LC-PLACES-ADD-UP": ("a rebooked booking's first time stays taken", a_rebooked_time_stays_taken),
    "MR-PLACES-ADD-UP": (
        "a moved group counts everyone it ever seated",
        a_moved_group_counts_everyone_it_seated,
    ),
    "RK-CATALOGUE-UNCHANGED": ("a booking touches its time slot", a_booking_touches_its_time_slot),
    "LC-CATALOGUE-UNCHANGED": ("a service shows its last order's total", a_service_shows_its_last_order),
    "BG-CATALOGUE-UNCHANGED": ("a spa booking labels its service", a_spa_booking_labels_its_service),
}
SECOND_BREAKAGES: dict[str, tuple[str, Breakage]] = {
    "BG-ROLES-EVERY-OPERATION/keys": (
        "an idempotency key is looked up without its reseller",
        idempotency_keys_without_their_reseller,
    ),
    "LC-MONEY-ADDS-UP/fee": (
        "a cancel takes its fee on what was paid, not on the total",
        a_cancel_takes_its_fee_on_what_was_paid,
    ),
    "LC-MONEY-ADDS-UP/refund": ("a cancel refunds the whole payment", a_cancel_refunds_the_whole_payment),
    "LC-TIMESTAMPS/answer": (
        "an invitation's answer leaves the booking unstamped",
        an_answer_leaves_the_booking_unstamped,
    ),
}
"""More bugs of a family (its rule, then a name), met by what the walk does beside its first: a
request sent again under its key, by another account (``contract_tests/explorer/retries.py``);
a preview read before a cancel of a booking in a fee tier (``contract_tests/explorer/links.py``);
a guest of the walk's own answering its invitation (``contract_tests/rules/lifecycle_guests.py``)."""
PENDING_BREAKAGES: dict[str, tuple[str, Breakage]] = {}
"""Bugs of a family whose proof is owed (``test_inventory.PROOFS_PENDING``): the directed kit is
shown to pass each while the explorer does not yet walk the sequence that shows it. None now."""
