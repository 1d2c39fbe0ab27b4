"""The customer booking lifecycle API's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator

from mockserver.documents.har import Exchange

from .findings import Finding
from .observed import Rules, json_of, succeeded
from .operations import Operation


class LifecycleRules(Rules):
    ids = ("LC-ERROR-STATUS", "LC-CANCEL-SHOWN")

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
