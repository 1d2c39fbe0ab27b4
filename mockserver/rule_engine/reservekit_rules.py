"""ReserveKit's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mockserver.documents.har import Exchange

from .catalogue import reads
from .findings import Finding
from .holds import Holds, Place, query_of
from .observed import Rules, bookings_in, succeeded
from .operations import Operation
from .reading import answer_of, data_of, sent_of, whole
from .vocabulary import View, Vocabulary

# pending -> confirmed -> cancelled: a booking moves forward only.
STAGES = {"pending": 0, "confirmed": 1, "cancelled": 2}
BOOKING = "/v1/bookings/{bookingID}"
SERVICE = "/v1/services/{serviceID}"


def _bookings(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(str(shown["id"]), shown) for shown in bookings_in(data_of(body))]


def _customer(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    shown = data_of(body)
    booking = operation.params.get("bookingID")
    return [(booking, shown)] if booking is not None and isinstance(shown, dict) else []


def _created(operation: Operation, exchange: Exchange) -> str | None:
    shown = data_of(answer_of(exchange))
    return str(shown["id"]) if isinstance(shown, dict) and "id" in shown else None


def _remaining(operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
    """A time slot's places left on the date a list was asked for (``available_bookings``)."""
    asked = query_of(exchange).get("date")
    if operation.name != "GET /v1/time-slots" or asked is None:
        return []
    data = data_of(body)
    slots = data.get("time_slots") if isinstance(data, dict) else None
    return [
        ((slot["id"], slot.get("date", asked)), left)
        for slot in (slots if isinstance(slots, list) else [])
        if isinstance(slot, dict)
        and "id" in slot
        and (left := whole(slot.get("available_bookings"))) is not None
    ]


# "The maximum number of bookings per date": a pending or confirmed booking holds its slot's place.
PLACES = Holds(
    remaining=_remaining,
    held=lambda shown: (shown["time_slot_id"], shown["date"]) if shown["status"] != "cancelled" else None,
    shows=lambda shown: all(name in shown for name in ("status", "time_slot_id", "date")),
    read_of=lambda shown: (
        (
            "/v1/time-slots",
            {"service_id": str(shown["service_id"]), "date": shown["date"], "no_pagination": "true"},
        )
        if "service_id" in shown and "date" in shown
        else None
    ),
)

# Services and their weekly time slots, which no operation changes: a booking takes a place on a
# date, which a list of time slots shows only where it was asked with that date.
CATALOGUE = reads(
    "GET /v1/services", f"GET {SERVICE}", f"GET {SERVICE}/time-slots", "GET /v1/time-slots/{timeSlotID}"
)


def _catalogue(operation: Operation, exchange: Exchange) -> bool:
    return CATALOGUE(operation, exchange) or (
        operation.name == "GET /v1/time-slots" and "date" not in query_of(exchange)
    )


# A customer's details as the booking view nests them and the customer view shows them.
CONTACT = ("name", "email", "phone")

WORDS = Vocabulary(
    prefix="RK",
    param="bookingID",
    views=(
        View(
            "booking",
            frozenset({"POST /v1/bookings", "GET /v1/bookings", f"GET {BOOKING}", f"PATCH {BOOKING}"}),
            _bookings,
        ),
        View("customer", frozenset({f"GET {BOOKING}/customer", f"PATCH {BOOKING}/customer"}), _customer),
    ),
    creates=frozenset({"POST /v1/bookings"}),
    writes=frozenset(
        {"POST /v1/bookings", f"PATCH {BOOKING}", f"DELETE {BOOKING}", f"PATCH {BOOKING}/customer"}
    ),
    # "The record's version": the vendor's swagger counts revisions.
    derived=frozenset({"updated_at", "version"}),
    # A new time slot is another service's; a cancel's reason goes with its status.
    changes={f"PATCH {BOOKING}": frozenset({"service_id"})},
    # "The customer record is shared by all of that customer's bookings": changed by its own
    # operation, and by a create that names a known customer's email with details the record
    # lacked (a vendor may fill them in, as this sandbox does).
    reaches={"POST /v1/bookings": frozenset({"customer", *CONTACT}), f"PATCH {BOOKING}/customer": None},
    shared=frozenset({"POST /v1/bookings", f"PATCH {BOOKING}/customer"}),
    created=_created,
    final=lambda shown: shown.get("status") == "cancelled",
    stamps=("booking", "created_at", "updated_at"),
    places=PLACES,
    catalogue=_catalogue,
)


class ReserveKitRules(Rules):
    ids = (
        "RK-CREATE-PENDING",
        "RK-DELETE",
        "RK-CANCEL-ONCE",
        "RK-STATUS-FORWARD",
        "RK-READ-AFTER-WRITE",
    )
    words = WORDS
    WRITTEN = ("status", "message", "date", "time_slot_id", "cancel_reason")

    def __init__(self) -> None:
        self.deleted: dict[str, int] = {}
        self.cancelled: dict[str, int] = {}
        self.shown: dict[str, dict[str, Any]] = {}
        """Each booking as its latest answer showed it."""
        self.written: dict[str, tuple[int, dict[str, Any]]] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        ok, body, sent = succeeded(exchange), answer_of(exchange), sent_of(exchange)
        booking = operation.params.get("bookingID")
        data = body.get("data") if isinstance(body, dict) else None
        before = str(self.shown.get(booking or "", {}).get("status", ""))  # as answers showed it so far
        for shown in bookings_in(data):
            self.shown[str(shown.get("id"))] = shown
        created = operation.name == "POST /v1/bookings" and exchange.status == 201
        if created and isinstance(data, dict) and data.get("status") != "pending":
            yield Finding.of("RK-CREATE-PENDING", index, exchange, f"a new booking is {data.get('status')!r}")
        if booking is None:
            if operation.name == "GET /v1/bookings" and ok:
                yield from self._listed(index, exchange, data)
            return
        if booking in self.deleted and ok:
            yield Finding.of(
                "RK-DELETE", index, exchange, f"booking {booking} was deleted at #{self.deleted[booking]}"
            )
        if operation.method == "DELETE" and ok:
            self.deleted[booking] = index
            self.written.pop(booking, None)  # what was written before is gone with it
        elif operation.name == "PATCH /v1/bookings/{bookingID}" and ok and isinstance(sent, dict):
            yield from self._patched(index, exchange, booking, sent, before)
        elif operation.name == "GET /v1/bookings/{bookingID}" and ok and isinstance(data, dict):
            yield from self._read(index, exchange, booking, data)

    def _listed(self, index: int, exchange: Exchange, data: Any) -> Iterator[Finding]:
        for shown in bookings_in(data):
            gone = self.deleted.get(str(shown.get("id")))
            if gone is not None:
                yield Finding.of(
                    "RK-DELETE", index, exchange, f"lists booking {shown['id']}, deleted at #{gone}"
                )

    def _read(self, index: int, exchange: Exchange, booking: str, data: dict[str, Any]) -> Iterator[Finding]:
        if booking not in self.written:
            return
        at, fields = self.written[booking]
        differ = {k: data.get(k) for k, v in fields.items() if data.get(k) != v}
        if differ:
            yield Finding.of(
                "RK-READ-AFTER-WRITE", index, exchange, f"written at #{at} as {fields}, read back as {differ}"
            )

    def _patched(
        self, index: int, exchange: Exchange, booking: str, sent: dict[str, Any], before: str
    ) -> Iterator[Finding]:
        status = sent.get("status")
        if booking in self.cancelled and status == "cancelled":
            yield Finding.of(
                "RK-CANCEL-ONCE", index, exchange, f"cancelled again (first at #{self.cancelled[booking]})"
            )
        elif STAGES.get(str(status), 99) < STAGES.get(before, -1):
            said = f"a booking {before} before is {status} again"
            yield Finding.of("RK-STATUS-FORWARD", index, exchange, said)
        if status == "cancelled":
            self.cancelled.setdefault(booking, index)
        fields = {k: sent[k] for k in self.WRITTEN if k in sent}
        self.written[booking] = (index, {**self.written.get(booking, (0, {}))[1], **fields})
