"""The customer booking lifecycle API's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from mockserver.documents.har import Exchange

from .catalogue import reads
from .findings import Finding
from .holds import Holds, Place
from .lifecycle_previews import preview_sums, quotes
from .observed import Rules, succeeded
from .open_times import overlaps, time_of
from .operations import Operation
from .prices import Prices, decimal_of
from .reading import answer_of, data_of, instant_of
from .vocabulary import View, Vocabulary

BOOKING = "/api/v1/bookings/{booking_id}"
SERVICE = "/api/v1/services/{service_id}"


def _booking(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    """A booking document's booking: its attributes beside its relationships."""
    data = data_of(body)
    if not isinstance(data, dict) or data.get("id") is None or not isinstance(data.get("attributes"), dict):
        return []
    return [(str(data["id"]), {**data["attributes"], "relationships": data.get("relationships")})]


def _created(operation: Operation, exchange: Exchange) -> str | None:
    data = data_of(answer_of(exchange))
    return str(data["id"]) if isinstance(data, dict) and data.get("id") is not None else None


def _timed(shown: dict[str, Any], at: datetime) -> bool:
    """Time alone expires a booking whose check-in window closed, and ends one whose end passed."""
    ends = [instant_of(shown.get(name)) for name in ("check_in_until", "start_date", "end_date")]
    return any(end is None or end <= at for end in ends[1:]) or (ends[0] is not None and ends[0] <= at)


def _order(body: Any) -> tuple[str, dict[str, Any]] | None:
    """A booking document's booking id and its order's attributes, where it includes them."""
    data = data_of(body)
    if not isinstance(data, dict) or data.get("id") is None or not isinstance(body, dict):
        return None
    named = ((data.get("relationships") or {}).get("order") or {}).get("data") or {}
    for included in body.get("included") or []:
        if (
            isinstance(included, dict)
            and included.get("type") == "orders"
            and included.get("id") == named.get("id")
        ):
            attributes = included.get("attributes")
            return (str(data["id"]), attributes) if isinstance(attributes, dict) else None
    return None


# "`lines` explain every change: charges, add-ons, adjustments, payments and refunds": the total
# is what the charges, add-ons and adjustments come to, and paid and refunded are their lines'
# (a refund line may be written as a negative amount or a positive one).
_TOTALLED = {"total": ("charge", "add_on", "adjustment"), "paid": ("payment",), "refunded": ("refund",)}


def _sums(operation: Operation, body: Any) -> Iterator[str]:
    ordered = _order(body)
    if ordered is not None:
        yield from _order_sums(*ordered)
    yield from preview_sums(operation, body)


def _order_sums(booking: str, order: dict[str, Any]) -> Iterator[str]:
    lines = [line for line in order.get("lines") or [] if isinstance(line, dict)]
    shown = {name: decimal_of(order.get(name)) for name in (*_TOTALLED, "balance_due")}
    for name, kinds in _TOTALLED.items():
        amounts = [decimal_of(line.get("amount")) for line in lines if line.get("kind") in kinds]
        if shown[name] is None or None in amounts:
            continue
        added = sum(amount for amount in amounts if amount is not None)
        if shown[name] != (added if name == "total" else abs(added)):
            lines_of = "/".join(kinds)
            yield f"booking {booking}'s order shows {name} {shown[name]}; its {lines_of} lines add to {added}"
    total, paid, refunded, due = shown.values()
    if total is not None and paid is not None and refunded is not None and due is not None:
        owed = total - paid + refunded
        if due != owed:
            yield f"booking {booking}'s order shows balance_due {due}; total - paid + refunded is {owed}"


def _priced(operation: Operation, body: Any) -> list[tuple[str, Any]]:
    ordered = _order(body)
    total = decimal_of(ordered[1].get("total")) if ordered else None
    return [(ordered[0], total)] if ordered and total is not None else []


def _keeps(operation: Operation, body: Any) -> list[tuple[str, Any]]:
    ordered = _order(body)
    paid, refunded = (
        (decimal_of(ordered[1].get(name)) for name in ("paid", "refunded")) if ordered else (None, None)
    )
    return [(ordered[0], paid - refunded)] if ordered and paid is not None and refunded is not None else []


AVAILABILITY = f"GET {SERVICE}/availability"
# "reserved", "requested", "accepted" and "invited" keep the booking's time; "rejected",
# "canceled" and "expired" let it go.
_LET_GO = ("rejected", "canceled", "expired")


def _listed(operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
    """Each time a service's availability lists open on a day, on its resource."""
    listed = data_of(body) if operation.name == AVAILABILITY else None
    times = [
        time_of(
            slot["attributes"].get("resource_id"),
            *(slot["attributes"].get(n) for n in ("start_date", "end_date")),
        )
        for slot in (listed if isinstance(listed, list) else [])
        if isinstance(slot, dict) and isinstance(slot.get("attributes"), dict)
    ]
    return [(time, 1) for time in times if time is not None]


def _resource(shown: Mapping[str, Any], name: str) -> Any:
    related = (shown.get("relationships") or {}).get(name) or {}
    return (related.get("data") or {}).get("id") if isinstance(related, dict) else None


def _kept(shown: Mapping[str, Any]) -> Place | None:
    if shown["status"] in _LET_GO:
        return None
    return time_of(_resource(shown, "resource"), shown["start_date"], shown["end_date"])


def _availability(shown: Mapping[str, Any]) -> tuple[str, dict[str, str]] | None:
    """The booking's service's availability on the (UTC) day it starts; or a create's, by the
    service its body names."""
    service = _resource(shown, "service") or shown.get("service_id")
    starts = str(shown.get("start_date") or "")
    return (f"/api/v1/services/{service}/availability", {"date": starts[:10]}) if service and starts else None


_ANSWERED = {
    "POST /api/v1/bookings/instant",
    f"GET {BOOKING}",
    "GET /api/v1/bookings/by-number",
    f"GET {BOOKING}/cancel",
    f"GET {BOOKING}/cancel-edit-booking",
    *(f"POST {BOOKING}/{edit}" for edit in ("accept-invite", "reject-invite", "personalization")),
    *(f"POST {BOOKING}/edit-{what}" for what in ("participants", "service-options", "booking-base-data")),
}
WORDS = Vocabulary(
    prefix="LC",
    param="booking_id",
    views=(View("booking", frozenset(_ANSWERED), _booking),),
    creates=frozenset({"POST /api/v1/bookings/instant"}),
    writes=frozenset(_ANSWERED - {f"GET {BOOKING}", "GET /api/v1/bookings/by-number"}),
    # "When a participant is invited to a booking (status: invited)": the booking's status is
    # the reader's own, so its owner and an invited guest read it differently.
    per_caller=frozenset({"status"}),
    # A cancelled edit puts the booking back as it was: any field of it may move.
    changes={
        f"GET {BOOKING}/cancel": frozenset({"status"}),
        f"POST {BOOKING}/edit-service-options": frozenset({"addons", "edit_in_progress"}),
    },
    # An invitation answered, or a participant added or removed, reaches the guest's own booking;
    # a cancel of a series' occurrence may cancel the rest of the series.
    reaches={
        f"GET {BOOKING}/cancel": frozenset({"status"}),
        f"POST {BOOKING}/accept-invite": None,
        f"POST {BOOKING}/reject-invite": None,
        f"POST {BOOKING}/edit-participants": None,
    },
    created=_created,
    # "Location: Where to read the new booking."
    named_by=("location",),
    final=lambda shown: shown.get("status") in ("canceled", "rejected", "expired"),
    # "New emails are invited": another customer invited to a booking reads it as its owner does.
    names_others=lambda shown: isinstance(people := shown.get("participants"), list) and len(people) > 1,
    stamps=("booking", "created_at", "updated_at"),
    timed=_timed,
    # "edits recalculate the order": participants, add-ons, a new date, time or resource (a new
    # length), an edit undone, and a cancellation's fee; a personalization prices nothing.
    # "The time is validated against availability (422 "slot unavailable")": a booking keeps
    # its resource for its time, and the availability lists only what none keeps.
    places=Holds(
        remaining=_listed,
        held=_kept,
        shows=lambda shown: {"status", "start_date", "end_date", "relationships"} <= shown.keys(),
        read_of=_availability,
        covers=overlaps,
        lists=frozenset({AVAILABILITY}),
    ),
    money=Prices(
        sums=_sums,
        priced=_priced,
        reprices=frozenset(
            {
                f"GET {BOOKING}/cancel",
                f"POST {BOOKING}/reject-invite",
                f"POST {BOOKING}/accept-invite",
                f"GET {BOOKING}/cancel-edit-booking",
                *(
                    f"POST {BOOKING}/edit-{what}"
                    for what in ("participants", "service-options", "booking-base-data")
                ),
            }
        ),
        reaches=frozenset(
            {
                f"GET {BOOKING}/cancel",
                *(
                    f"POST {BOOKING}/{edit}"
                    for edit in ("accept-invite", "reject-invite", "edit-participants")
                ),
            }
        ),
        # "Before cancelling, check the cancellation policy": the cancel settles at its fee.
        quotes=quotes,
        keeps=_keeps,
    ),
    # Services, their add-ons, terms and forms: no operation changes them (a booking takes a time,
    # which the availability shows).
    catalogue=reads("GET /api/v1/services", f"GET {SERVICE}", f"GET {SERVICE}/custom-form"),
)


class LifecycleRules(Rules):
    ids = ("LC-ERROR-STATUS", "LC-CANCEL-SHOWN")
    words = WORDS

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        body = answer_of(exchange)
        if exchange.status >= 400 and isinstance(body, dict):
            for error in body.get("errors") or []:
                if isinstance(error, dict) and str(error.get("status")) != str(exchange.status):
                    said = f"an error object says status {error.get('status')!r}"
                    yield Finding.of("LC-ERROR-STATUS", index, exchange, said)
        if not succeeded(exchange):
            return
        data = body.get("data") if isinstance(body, dict) else None
        shown = data if isinstance(data, dict) else {}
        # By id, or by its booking number: a read names the booking in its answer.
        booking = operation.params.get("booking_id") or shown.get("id")
        if booking is None:
            return
        if operation.template.endswith("/cancel"):
            self.cancelled.setdefault(str(booking), index)
        elif operation.method == "GET" and str(booking) in self.cancelled and "attributes" in shown:
            status = (shown.get("attributes") or {}).get("status")
            if status != "canceled":
                said = f"cancelled at #{self.cancelled[str(booking)]}, reads as {status!r}"
                yield Finding.of("LC-CANCEL-SHOWN", index, exchange, said)
