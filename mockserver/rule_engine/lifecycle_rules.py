"""The customer booking lifecycle API's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .invariants import View, Vocabulary
from .observed import Rules, succeeded
from .operations import Operation
from .reading import data_of, instant_of, json_of

BOOKING = "/api/v1/bookings/{booking_id}"


def _booking(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    """A booking document's booking: its attributes beside its relationships."""
    data = data_of(body)
    if not isinstance(data, dict) or data.get("id") is None or not isinstance(data.get("attributes"), dict):
        return []
    return [(str(data["id"]), {**data["attributes"], "relationships": data.get("relationships")})]


def _created(operation: Operation, exchange: Exchange) -> str | None:
    data = data_of(json_of(exchange.response_body))
    return str(data["id"]) if isinstance(data, dict) and data.get("id") is not None else None


def _timed(shown: dict[str, Any], at: datetime) -> bool:
    """Time alone expires a booking whose check-in window closed, and ends one whose end passed."""
    ends = [instant_of(shown.get(name)) for name in ("check_in_until", "start_date", "end_date")]
    return any(end is None or end <= at for end in ends[1:]) or (ends[0] is not None and ends[0] <= at)


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
    stamps=("booking", "created_at", "updated_at"),
    timed=_timed,
)


class LifecycleRules(Rules):
    ids = ("LC-ERROR-STATUS", "LC-CANCEL-SHOWN")
    words = WORDS

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        body = json_of(exchange.response_body)
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
