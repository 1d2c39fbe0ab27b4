"""The documents' rules in a passive form: what a sequence of observed exchanges can prove
broken, and nothing it cannot. Each finding names the inventory rule
(``contract_tests/inventory.yaml``) and the exchange that broke it; a rule whose evidence never
passed by is simply not met, never failed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from mockserver.har import Exchange

from .findings import Finding
from .operations import Operation


class Rules:
    """One API's passive rules over one stream of traffic; ``observe`` sees each exchange once,
    in the order it happened."""

    ids: tuple[str, ...] = ()

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        raise NotImplementedError


class ReserveKitRules(Rules):
    ids = (
        "RK-CREATE-PENDING",
        "RK-DELETE",
        "RK-CANCEL-ONCE",
        "RK-STATUS-FORWARD",
        "RK-READ-AFTER-WRITE",
        "RK-TIMESTAMPS",
    )
    WRITTEN = ("status", "message", "date", "time_slot_id", "cancel_reason")

    def __init__(self) -> None:
        self.deleted: dict[str, int] = {}
        self.cancelled: dict[str, int] = {}
        self.written: dict[str, tuple[int, dict[str, Any]]] = {}
        self.created_at: dict[str, str] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        ok, body, sent = _ok(exchange), _body(exchange.response_body), _body(exchange.request_body)
        booking = operation.params.get("bookingID")
        data = body.get("data") if isinstance(body, dict) else None
        for shown in _bookings(data):
            yield from self._timestamps(index, exchange, shown)
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
            yield from self._patched(index, exchange, booking, sent)
        elif operation.name == "GET /v1/bookings/{bookingID}" and ok and isinstance(data, dict):
            yield from self._read(index, exchange, booking, data)

    def _listed(self, index: int, exchange: Exchange, data: Any) -> Iterator[Finding]:
        for shown in _bookings(data):
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
        self, index: int, exchange: Exchange, booking: str, sent: dict[str, Any]
    ) -> Iterator[Finding]:
        status = sent.get("status")
        if booking in self.cancelled and status == "cancelled":
            yield Finding.of(
                "RK-CANCEL-ONCE", index, exchange, f"cancelled again (first at #{self.cancelled[booking]})"
            )
        elif booking in self.cancelled and status in ("pending", "confirmed"):
            yield Finding.of(
                "RK-STATUS-FORWARD",
                index,
                exchange,
                f"a booking cancelled at #{self.cancelled[booking]} is {status} again",
            )
        if status == "cancelled":
            self.cancelled.setdefault(booking, index)
        fields = {k: sent[k] for k in self.WRITTEN if k in sent}
        self.written[booking] = (index, {**self.written.get(booking, (0, {}))[1], **fields})

    def _timestamps(self, index: int, exchange: Exchange, shown: dict[str, Any]) -> Iterator[Finding]:
        booking, created = str(shown.get("id")), shown.get("created_at")
        if created is None:
            return
        first = self.created_at.setdefault(booking, str(created))
        if first != str(created):
            yield Finding.of(
                "RK-TIMESTAMPS",
                index,
                exchange,
                f"booking {booking}'s created_at moved from {first} to {created}",
            )


class MerchantRules(Rules):
    ids = ("MR-CANCEL-ONCE", "MR-CREATED-READABLE")

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}
        self.created: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        booking = operation.params.get("booking_id")
        if operation.method == "DELETE" and booking is not None and _ok(exchange):
            if booking in self.cancelled:
                said = f"booking {booking} cancelled again (first at #{self.cancelled[booking]})"
                yield Finding.of("MR-CANCEL-ONCE", index, exchange, said)
            self.cancelled.setdefault(booking, index)
        location = _header(exchange, "location")
        if operation.method == "POST" and exchange.status == 201 and location:
            self.created[urlsplit(location).path.rstrip("/")] = index
        path = urlsplit(exchange.url).path.rstrip("/")
        if operation.method == "GET" and exchange.status == 404:
            for made, at in self.created.items():
                if path.endswith(made) or made.endswith(path):
                    yield Finding.of(
                        "MR-CREATED-READABLE", index, exchange, f"the Location answered at #{at} is not found"
                    )


class LifecycleRules(Rules):
    ids = ("LC-ERROR-STATUS", "LC-CANCEL-SHOWN")

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        body = _body(exchange.response_body)
        if exchange.status >= 400 and isinstance(body, dict):
            for error in body.get("errors") or []:
                if isinstance(error, dict) and str(error.get("status")) != str(exchange.status):
                    said = f"an error object says status {error.get('status')!r}"
                    yield Finding.of("LC-ERROR-STATUS", index, exchange, said)
        booking = operation.params.get("booking_id")
        if booking is None or not _ok(exchange):
            return
        if operation.template.endswith("/cancel"):
            self.cancelled.setdefault(booking, index)
        elif operation.template == "/api/v1/bookings/{booking_id}" and booking in self.cancelled:
            status = (
                ((body.get("data") or {}).get("attributes") or {}).get("status")
                if isinstance(body, dict)
                else None
            )
            if status != "canceled":
                said = f"cancelled at #{self.cancelled[booking]}, reads as {status!r}"
                yield Finding.of("LC-CANCEL-SHOWN", index, exchange, said)


class BardgeRules(Rules):
    ids = (
        "BG-REQUEST-ID",
        "BG-ERROR-STATUS",
        "BG-CANCEL-IDEMPOTENT",
        "BG-CANCEL-SHOWN",
        "BG-CANCEL-IRREVERSIBLE",
        "BG-IDEMPOTENCY",
        "BG-RESCHEDULE-IDEMPOTENT",
    )
    REPLAYED = {
        "POST /bookings/class": "BG-IDEMPOTENCY",
        "POST /bookings/spa": "BG-IDEMPOTENCY",
        "POST /bookings/{booking_id}/reschedule": "BG-RESCHEDULE-IDEMPOTENT",
    }

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}
        self.keyed: dict[tuple[str, str, str, bytes], tuple[int, int, Any]] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        body = _body(exchange.response_body)
        if not _header(exchange, "x-request-id"):
            yield Finding.of("BG-REQUEST-ID", index, exchange, "the answer carries no X-Request-Id")
        if exchange.status >= 400 and isinstance(body, dict) and body.get("status") != exchange.status:
            yield Finding.of(
                "BG-ERROR-STATUS", index, exchange, f"the error body says status {body.get('status')!r}"
            )
        yield from self._replays(index, exchange, operation, body)
        booking = operation.params.get("booking_id")
        if booking is None:
            return
        first = self.cancelled.get(booking)
        if operation.template == "/bookings/{booking_id}/cancel":
            if first is not None and (
                _ok(exchange) or (isinstance(body, dict) and body.get("code") != "permission_denied")
            ):
                answer = f"{exchange.status} {_code(body)}".strip()
                said = f"cancelled at #{first}; a second cancel answers {answer}, not permission_denied"
                yield Finding.of("BG-CANCEL-IDEMPOTENT", index, exchange, said)
            if _ok(exchange):
                self.cancelled.setdefault(booking, index)
        elif first is not None and _ok(exchange) and operation.method == "POST":
            said = f"a booking cancelled at #{first} answered {exchange.status} to {operation.name}"
            yield Finding.of("BG-CANCEL-IRREVERSIBLE", index, exchange, said)
        elif (
            first is not None
            and _ok(exchange)
            and isinstance(body, dict)
            and body.get("status") not in (None, "cancelled")
        ):
            yield Finding.of(
                "BG-CANCEL-SHOWN", index, exchange, f"cancelled at #{first}, reads as {body.get('status')!r}"
            )

    def _replays(self, index: int, exchange: Exchange, operation: Operation, body: Any) -> Iterator[Finding]:
        """The promise is about a request that succeeded: its replay (the same key, content type
        and body) receives the original response."""
        rule, key = self.REPLAYED.get(operation.name), _sent(exchange, "idempotency-key")
        if rule is None or not key:
            return
        seen = (urlsplit(exchange.url).path, key, _sent(exchange, "content-type"), exchange.request_body)
        if seen in self.keyed:
            at, status, answer = self.keyed[seen]
            if (status, answer) != (exchange.status, body):
                said = f"a replay of #{at} (key and body alike) answered {exchange.status}, first {status}"
                yield Finding.of(
                    rule, index, exchange, said if status != exchange.status else f"{said}, with another body"
                )
        elif _ok(exchange):
            self.keyed[seen] = (index, exchange.status, body)


RULES: dict[str, type[Rules]] = {
    "reservekit-v1": ReserveKitRules,
    "merchant": MerchantRules,
    "lifecycle": LifecycleRules,
    "bardge-v3": BardgeRules,
}


def _ok(exchange: Exchange) -> bool:
    return 200 <= exchange.status < 300


def _header(exchange: Exchange, name: str) -> str:
    """A header of the answer."""
    return next((v for k, v in exchange.response_headers.items() if k.lower() == name), "")


def _sent(exchange: Exchange, name: str) -> str:
    """A header of the request."""
    return next((v for k, v in exchange.request_headers.items() if k.lower() == name), "")


def _code(body: Any) -> str:
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def _body(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _bookings(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("bookings"), list):
        return [b for b in data["bookings"] if isinstance(b, dict)]
    return [data] if isinstance(data, dict) and "id" in data and "time_slot_id" in data else []
