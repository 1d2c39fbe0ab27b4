"""The merchant API's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

from .callers import caller_of
from .findings import Finding
from .holds import Holds, Place, Taken
from .observed import Rules, answer_header, named_path, succeeded
from .operations import Operation
from .prices import Prices, formatted_prices, says_amount
from .reading import answer_of, instant_of, sent_of, whole
from .vocabulary import View, Vocabulary

CUSTOMER, MERCHANT = "/bookings/customer/{booking_id}", "/bookings/merchant/{booking_id}"


def _customer_read(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    booking = operation.params.get("booking_id")
    return [(booking, body)] if booking is not None and isinstance(body, dict) else []


def _calendar(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    listed = body.get("bookings") if isinstance(body, dict) else None
    return [
        (str(shown["id"]), shown)
        for shown in listed or []
        if isinstance(shown, dict) and shown.get("id") is not None
    ]


def _ended(shown: dict[str, Any], at: Any) -> bool:
    """A visit whose end has passed is completed (or a no-show) by time alone."""
    end = instant_of(shown.get("to_date"))
    return end is None or end <= at


def _final(shown: dict[str, Any]) -> bool:
    """A cancelled booking, as the calendar or its customer shows it. A customer's read of a group
    (it shows a head count) that says cancelled says the customer left: the merchant's session
    goes on, and may still move, until the merchant cancels it."""
    if shown.get("booking_status") == "cancelled" or "cancelled_by_merchant_on" in shown:
        return True
    return shown.get("is_cancelled") is True and "current_participants" not in shown


def _formatted(operation: Operation, body: Any) -> Iterator[str]:
    """ "FormattedPrice: Price information with currency formatting; `amount` in minor units."""
    for price in formatted_prices(body):
        if not says_amount(price["formatted"], price["amount"], price.get("currency")):
            amount, currency = price["amount"], price.get("currency")
            yield f"{price['formatted']!r} does not say {amount} minor units of {currency}"


def _heads(operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
    """A group's places left: its `max_participants` less its `current_participants`, through the
    customer's read or the calendar. A group the merchant cancelled has no places left to count."""
    return [
        (booking, most - now)
        for booking, shown in WORDS.shown(operation, body)
        if (most := whole(shown.get("max_participants"))) is not None
        and (now := whole(shown.get("current_participants"))) is not None
        and "cancelled_by_merchant_on" not in shown
        and shown.get("booking_status") != "cancelled"
    ]


def _seated(operation: Operation, exchange: Exchange) -> list[Taken] | None:
    """Whom a change seated or unseated, from its request: a customer's create joins them to the
    booking it names (or to a new one), their cancel frees their place in it, and a merchant's
    create seats each customer it names. A merchant's cancel ends the group and every place in
    it, so its count starts again; a move keeps who is in it."""
    caller = caller_of(exchange)
    made = answer_header(exchange, "x-booking-id") or None
    if operation.name == "POST /bookings/customer":
        return [Taken((made, caller), made)] if made else None
    if operation.name == f"DELETE {CUSTOMER}":
        booking = operation.params.get("booking_id")
        return [Taken((booking, caller), None, before=booking)]
    if operation.name == "POST /bookings/merchant":
        sent = sent_of(exchange)
        customers = sent.get("customers") if isinstance(sent, dict) else None
        if made is None or not isinstance(customers, list):
            return None
        holders = [
            (made, str(customer["id"]) if isinstance(customer, dict) and "id" in customer else ("new", n))
            for n, customer in enumerate(customers)
        ]
        return [Taken(holder, made) for holder in holders] if len(set(holders)) == len(holders) else None
    return None if operation.name == f"DELETE {MERCHANT}" else []


WORDS = Vocabulary(
    prefix="MR",
    param="booking_id",
    views=(
        View("customer read", frozenset({f"GET {CUSTOMER}"}), _customer_read),
        View("calendar", frozenset({"GET /bookings/calendar/events"}), _calendar),
    ),
    creates=frozenset({"POST /bookings/customer", "POST /bookings/merchant"}),
    writes=frozenset(
        {
            "POST /bookings/customer",
            "POST /bookings/merchant",
            f"DELETE {CUSTOMER}",
            f"PATCH {MERCHANT}",
            f"DELETE {MERCHANT}",
        }
    ),
    # A group's head count moves as customers join and leave it, and the calendar lists who.
    derived=frozenset({"current_participants", "participants"}),
    # "Merchants update booking times and notes": what the body names, nothing else.
    changes={f"PATCH {MERCHANT}": frozenset()},
    created=lambda operation, exchange: answer_header(exchange, "x-booking-id") or None,
    # "Location: Where the customer reads the new booking."
    named_by=("location",),
    final=_final,
    timed=_ended,
    money=Prices(sums=_formatted),
    # "Group bookings hold at most `max_participants`": each active participant holds one.
    places=Holds(remaining=_heads, moves=_seated),
)


class MerchantRules(Rules):
    ids = ("MR-CANCEL-ONCE", "MR-CREATED-READABLE")
    words = WORDS

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}
        self.cancelled_by: dict[tuple[str, str], int] = {}
        self.groups: set[str] = set()
        """Bookings shown as groups: a customer's cancel is its leaving, and the merchant may
        still cancel the session after it."""
        self.created: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        booking = operation.params.get("booking_id")
        if succeeded(exchange) and operation.method == "GET":
            self.groups.update(
                booking
                for booking, shown in WORDS.shown(operation, answer_of(exchange))
                if "current_participants" in shown
            )
        if operation.method == "DELETE" and booking is not None and succeeded(exchange):
            by = (booking, operation.template)
            first = self.cancelled_by.get(by) or (
                None if booking in self.groups else self.cancelled.get(booking)
            )
            if first is not None:
                said = f"booking {booking} cancelled again (first at #{first})"
                yield Finding.of("MR-CANCEL-ONCE", index, exchange, said)
            self.cancelled.setdefault(booking, index)
            self.cancelled_by.setdefault(by, index)
        location = answer_header(exchange, "location")
        if operation.method == "POST" and exchange.status == 201 and (made := named_path(location)):
            self.created[made] = index
        yield from self._location_read(index, exchange)

    def unmatched(self, index: int, exchange: Exchange) -> Iterator[Finding]:
        # A Location naming a path that takes no GET is read through no documented operation.
        return self._location_read(index, exchange)

    def _location_read(self, index: int, exchange: Exchange) -> Iterator[Finding]:
        """A created booking's Location is read with a GET: not found or taking no GET there
        (an undocumented operation) breaks the 201's promise."""
        if exchange.method != "GET" or exchange.status not in (404, 405):
            return
        path = urlsplit(exchange.url).path.rstrip("/")
        for made, at in self.created.items():
            if path.endswith(made) or made.endswith(path):
                said = f"the Location a 201 answered at #{at} answers {exchange.status}"
                yield Finding.of("MR-CREATED-READABLE", index, exchange, said)
