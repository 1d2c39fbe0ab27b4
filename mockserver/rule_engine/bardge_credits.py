"""Bardge's money in one sentence a trace can decide: "One credit is worth `credit_value` minor
units; a service costs `ceil(price / credit_value)` credits." A client's credits answer shows
the credit's worth; every service shown (a booking's, a class's) shows its price and its cost
in credits. A price in major units (20 for 2000) costs a credit where it should cost four."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .reading import objects_in, whole

RULE = "BG-CREDITS-PRICE"


class CreditPrices:
    """The credit's worth once a trace shows it, and the services shown before it was known."""

    def __init__(self) -> None:
        self.worth: int | None = None
        self.waiting: list[tuple[int, Exchange, dict[str, Any]]] = []
        self.judged: set[Any] = set()

    def observe(self, index: int, exchange: Exchange, body: Any) -> Iterator[Finding]:
        shows_worth = isinstance(body, dict) and body.get("object") == "credits"
        if shows_worth and self.worth is None and whole(body.get("credit_value")) is not None:
            self.worth = body["credit_value"]
            waiting, self.waiting = self.waiting, []
            for earlier in waiting:
                yield from self._judge(*earlier)
        for service in _services(body):
            if self.worth is None:
                if len(self.waiting) < 100:  # bounded: a trace's first services
                    self.waiting.append((index, exchange, service))
            else:
                yield from self._judge(index, exchange, service)

    def _judge(self, index: int, exchange: Exchange, service: dict[str, Any]) -> Iterator[Finding]:
        assert self.worth is not None
        price, credits = service["price"], service["credits"]
        key = (service.get("id"), price, credits)
        if key in self.judged or self.worth <= 0:
            return
        self.judged.add(key)
        owed = -(-price // self.worth)  # ceil for integers
        if credits != owed:
            said = (
                f"service {service.get('id')} costs {credits} credits at price {price}, where a credit is "
                f"worth {self.worth}: ceil({price} / {self.worth}) is {owed}"
            )
            yield Finding.of(RULE, index, exchange, said)


def _services(body: Any) -> Iterator[dict[str, Any]]:
    """Every service preview in an answer: an object with a duration, a whole price and a cost in
    credits (a credit package has a price and credits too, at its own rate, and no duration)."""
    return objects_in(
        body,
        lambda one: (
            whole(one.get("price")) is not None
            and whole(one.get("credits")) is not None
            and "duration_minutes" in one
        ),
    )
