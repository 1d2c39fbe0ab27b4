"""Bardge's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

from .findings import Finding
from .observed import Rules, answer_header, error_code, json_of, sent_header, succeeded
from .operations import Operation


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
        body = json_of(exchange.response_body)
        if not answer_header(exchange, "x-request-id"):
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
