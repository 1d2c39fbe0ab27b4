"""Bardge's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

from .bardge_credits import CreditPrices
from .catalogue import reads
from .findings import Finding
from .holds import Holds, Place
from .observed import Rules, answer_header, error_code, sent_header, succeeded
from .operations import Operation
from .prices import Prices
from .reading import answer_of, instant_of, whole
from .vocabulary import View, Vocabulary

BOOKING = "/bookings/{booking_id}"
CONFIRMS = ("POST /bookings/class/{booking_id}/confirm", "POST /bookings/spa/{booking_id}/confirm")


def _booking(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    shown = body.get("data") if isinstance(body, dict) and body.get("object") == "list" else [body]
    return [
        (str(one["id"]), one)
        for one in shown or []
        if isinstance(one, dict) and one.get("object") == "booking"
    ]


def _status(operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(body, dict) or body.get("booking_id") is None:
        return []
    return [(str(body["booking_id"]), body)]


def _created(operation: Operation, exchange: Exchange) -> str | None:
    body = answer_of(exchange)
    made = body.get("booking_id") or body.get("id") if isinstance(body, dict) else None
    return str(made) if made is not None else None


def _timed(shown: dict[str, Any], at: datetime) -> bool:
    """A hold expires and a confirmed visit completes by time alone."""
    if shown.get("status") == "initiated":
        return True
    if shown.get("object") != "booking":  # a status alone: when the visit ends is not shown
        return shown.get("status") == "confirmed"
    end = instant_of(shown.get("ends_at"))
    return end is None or end <= at


_BOOKING_VIEW = frozenset(
    {f"GET {BOOKING}", f"POST {BOOKING}/cancel", *CONFIRMS, "GET /clients/{client_id}/bookings"}
)


def _refunds(operation: Operation, body: Any) -> Iterator[str]:
    """ "Cancelling before the service's cancellation deadline refunds credits or the co-pay;
    after it, nothing": a refund gives back all of what was charged, or none of it."""
    for booking, shown in _booking(operation, body):
        refund, service = shown.get("refund"), shown.get("service")
        if not isinstance(refund, dict):
            continue
        credits, charged = refund.get("credits"), shown.get("credits_charged")
        if isinstance(credits, int) and isinstance(charged, int) and credits not in (0, charged):
            yield f"booking {booking} refunds {credits} of the {charged} credits charged: all or nothing"
        amount = refund.get("amount")
        price = service.get("price") if isinstance(service, dict) else None
        if isinstance(amount, int) and isinstance(price, int) and not 0 <= amount <= price:
            yield f"booking {booking} refunds {amount}, beyond its service's price of {price}"


def _charged(operation: Operation, body: Any) -> list[tuple[str, Any]]:
    if operation.name not in _BOOKING_VIEW:  # a create's replay answers as it first did
        return []
    return [(booking, shown.get("credits_charged")) for booking, shown in _booking(operation, body)]


def _spots(operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
    """Each class instance a class's read shows, with its ``spots_left``."""
    if operation.name != "GET /classes/{class_id}" or not isinstance(body, dict):
        return []
    instances = body.get("instances")
    return [
        (str(one["id"]), left)
        for one in (instances if isinstance(instances, list) else [])
        if isinstance(one, dict) and "id" in one and (left := whole(one.get("spots_left"))) is not None
    ]


def _class_read(shown: Any) -> tuple[str, dict[str, str]] | None:
    """A class booking's class, read on the (UTC) day its instance starts."""
    service, starts = shown.get("service"), shown.get("starts_at")
    if shown.get("type") != "class" or not isinstance(service, dict) or not isinstance(starts, str):
        return None
    return (
        (f"/classes/{service['id']}", {"start_date": starts[:10], "days": "1"}) if "id" in service else None
    )


# A class instance's capacity, less its spots held (a hold until it expires) or confirmed.
PLACES = Holds(
    remaining=_spots,
    held=lambda shown: (
        shown["class_instance_id"]
        if shown["type"] == "class" and shown["status"] in ("initiated", "confirmed")
        else None
    ),
    shows=lambda shown: (
        shown.get("object") == "booking" and {"type", "status", "class_instance_id"} <= shown.keys()
    ),
    read_of=_class_read,
)

WORDS = Vocabulary(
    prefix="BG",
    param="booking_id",
    views=(
        # A create's answer is left out: its replay under the same key answers as it first did.
        View("booking", _BOOKING_VIEW, _booking),
        View("status", frozenset({f"GET {BOOKING}/status"}), _status),
    ),
    creates=frozenset({"POST /bookings/class", "POST /bookings/spa", f"POST {BOOKING}/reschedule"}),
    writes=frozenset(
        {
            "POST /bookings/class",
            "POST /bookings/spa",
            *CONFIRMS,
            f"POST {BOOKING}/cancel",
            f"POST {BOOKING}/reschedule",
            "POST /co-pay/spa/purchase",
            "POST /co-pay/gym/purchase",
            "POST /co-pay/packages/purchase",
            "POST /access-codes/confirm",
            "POST /credits/purchase",
        }
    ),
    # "`refund` is present on the answer to a cancellation only."
    derived=frozenset({"updated_at", "refund"}),
    # A cancelled hold holds nothing: the document's cancelled booking shows `hold_expires_at: null`.
    changes={f"POST {BOOKING}/cancel": frozenset({"status", "refund", "hold_expires_at"})},
    # A purchase or a provider's confirmation names no booking in its path, and may settle one.
    reaches=dict.fromkeys(
        (
            "POST /co-pay/spa/purchase",
            "POST /co-pay/gym/purchase",
            "POST /co-pay/packages/purchase",
            "POST /access-codes/confirm",
        )
    ),
    created=_created,
    final=lambda shown: shown.get("status") in ("cancelled", "rescheduled", "expired", "completed"),
    stamps=("booking", "created_at", "updated_at"),
    timed=_timed,
    places=PLACES,
    # A hold expires, a visit completes: its status, and nothing else of it, moves by time.
    time_moves=frozenset({"status"}),
    # What a booking was charged moves only when it is confirmed (a purchase or a provider's
    # confirmation may settle one without naming it); a cancellation refunds beside it.
    money=Prices(
        sums=_refunds,
        priced=_charged,
        reprices=frozenset(CONFIRMS),
        reaches=frozenset(
            {"POST /co-pay/spa/purchase", "POST /co-pay/gym/purchase", "POST /co-pay/packages/purchase"}
            | {"POST /access-codes/confirm"}
        ),
    ),
    # What the reseller sells and where: no operation changes it (a booking takes a spot, which
    # a class's instances and a provider's availability show).
    catalogue=reads(
        "GET /passes",
        "GET /passes/{pass_id}/providers",
        "GET /providers",
        "GET /providers/{provider_id}/spa",
        "GET /providers/{provider_id}/services/{service_id}",
        "GET /classes/categories",
        "GET /classes",
        "GET /credits/packages",
        "GET /lookup/issuers",
    ),
)


def _token_only_once_verified(index: int, exchange: Exchange, lookup: dict[str, Any]) -> Iterator[Finding]:
    """ "A verified lookup yields a `client_token`": one that is not verified shows none, and a
    verified one shows its token."""
    status, token = lookup.get("status"), lookup.get("client_token")
    if status != "verified" and token is not None:
        said = f"a {status} lookup shows a client_token before it is verified"
        yield Finding.of("BG-TOKEN-AFTER-VERIFY", index, exchange, said)
    elif status == "verified" and not token:
        yield Finding.of("BG-TOKEN-AFTER-VERIFY", index, exchange, "a verified lookup shows no client_token")


class BardgeRules(Rules):
    ids = (
        "BG-REQUEST-ID",
        "BG-ERROR-STATUS",
        "BG-CANCEL-IDEMPOTENT",
        "BG-CANCEL-SHOWN",
        "BG-CANCEL-IRREVERSIBLE",
        "BG-IDEMPOTENCY",
        "BG-RESCHEDULE-IDEMPOTENT",
        "BG-TOKEN-AFTER-VERIFY",
        "BG-CREDITS-PRICE",
    )
    words = WORDS
    REPLAYED = {
        "POST /bookings/class": "BG-IDEMPOTENCY",
        "POST /bookings/spa": "BG-IDEMPOTENCY",
        "POST /bookings/{booking_id}/reschedule": "BG-RESCHEDULE-IDEMPOTENT",
    }

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}
        self.keyed: dict[tuple[str, str, str, bytes], tuple[int, int, Any]] = {}
        self.prices = CreditPrices()

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        body = answer_of(exchange)
        if not answer_header(exchange, "x-request-id"):
            yield Finding.of("BG-REQUEST-ID", index, exchange, "the answer carries no X-Request-Id")
        if exchange.status >= 400 and isinstance(body, dict) and body.get("status") != exchange.status:
            yield Finding.of(
                "BG-ERROR-STATUS", index, exchange, f"the error body says status {body.get('status')!r}"
            )
        yield from self._replays(index, exchange, operation, body)
        if succeeded(exchange) and isinstance(body, dict) and body.get("object") == "lookup":
            yield from _token_only_once_verified(index, exchange, body)
        if succeeded(exchange):
            yield from self.prices.observe(index, exchange, body)
        booking = operation.params.get("booking_id")
        if booking is None:
            return
        first = self.cancelled.get(booking)
        if operation.template == "/bookings/{booking_id}/cancel":
            if first is not None and (
                succeeded(exchange) or (isinstance(body, dict) and body.get("code") != "permission_denied")
            ):
                answer = f"{exchange.status} {error_code(body)}".strip()
                said = f"cancelled at #{first}; a second cancel answers {answer}, not permission_denied"
                yield Finding.of("BG-CANCEL-IDEMPOTENT", index, exchange, said)
            if succeeded(exchange):
                self.cancelled.setdefault(booking, index)
        elif first is not None and succeeded(exchange) and operation.method == "POST":
            said = f"a booking cancelled at #{first} answered {exchange.status} to {operation.name}"
            yield Finding.of("BG-CANCEL-IRREVERSIBLE", index, exchange, said)
        elif (
            first is not None
            and succeeded(exchange)
            and isinstance(body, dict)
            and body.get("status") not in (None, "cancelled")
        ):
            yield Finding.of(
                "BG-CANCEL-SHOWN", index, exchange, f"cancelled at #{first}, reads as {body.get('status')!r}"
            )

    def _replays(self, index: int, exchange: Exchange, operation: Operation, body: Any) -> Iterator[Finding]:
        """The promise is about a request that succeeded: its replay (the same key, content type
        and body) receives the original response."""
        rule, key = self.REPLAYED.get(operation.name), sent_header(exchange, "idempotency-key")
        if rule is None or not key:
            return
        seen = (
            urlsplit(exchange.url).path,
            key,
            sent_header(exchange, "content-type"),
            exchange.request_body,
        )
        if seen in self.keyed:
            at, status, answer = self.keyed[seen]
            if (status, answer) != (exchange.status, body):
                said = f"a replay of #{at} (key and body alike) answered {exchange.status}, first {status}"
                yield Finding.of(
                    rule, index, exchange, said if status != exchange.status else f"{said}, with another body"
                )
        elif succeeded(exchange):
            self.keyed[seen] = (index, exchange.status, body)
