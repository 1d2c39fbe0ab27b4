"""The merchant API's rules as observed traffic proves them broken."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

from .findings import Finding
from .observed import Rules, answer_header, succeeded
from .operations import Operation


class MerchantRules(Rules):
    ids = ("MR-CANCEL-ONCE", "MR-CREATED-READABLE")

    def __init__(self) -> None:
        self.cancelled: dict[str, int] = {}
        self.created: dict[str, int] = {}

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        booking = operation.params.get("booking_id")
        if operation.method == "DELETE" and booking is not None and succeeded(exchange):
            if booking in self.cancelled:
                said = f"booking {booking} cancelled again (first at #{self.cancelled[booking]})"
                yield Finding.of("MR-CANCEL-ONCE", index, exchange, said)
            self.cancelled.setdefault(booking, index)
        location = answer_header(exchange, "location")
        if operation.method == "POST" and exchange.status == 201 and location:
            self.created[urlsplit(location).path.rstrip("/")] = index
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
