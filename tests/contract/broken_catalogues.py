"""Vendors whose bookings write through to their catalogue (``CATALOGUE-UNCHANGED``): the next
read of a service, a time slot or a class shows what a booking did to it. No directed scenario
reads the catalogue again after its own bookings; the explorer's looks do (``looks.py``).

Each keeps what it wrote per caller (a sandbox key, a reseller's token), as a vendor's accounts
each have a catalogue of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.contract.mutants import RewriteResponses


def _caller(scope: Any) -> bytes:
    return dict(scope["headers"]).get(b"authorization", b"") if scope["type"] == "http" else b""


def _objects(value: Any, wanted: Callable[[dict[str, Any]], bool]) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if wanted(value):
            yield value
        for item in value.values():
            yield from _objects(item, wanted)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item, wanted)


class WritesThrough:
    """ASGI middleware: what a 2xx booking answer (``made``) says is written to the catalogue
    objects later reads show (``shown``), per caller."""

    def __init__(
        self,
        app: Any,
        booking: tuple[str, str],
        reads: tuple[str, str],
        made: Callable[[Any], tuple[Any, Any] | None],
        shown: Callable[[dict[str, Any], Any, int], None],
        wanted: Callable[[dict[str, Any]], bool],
    ) -> None:
        self.app, self.booking, self.reads = app, booking, reads
        self.made, self.shown, self.wanted = made, shown, wanted
        self.written: dict[tuple[bytes, Any], list[Any]] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        caller = _caller(scope)

        def writing(status: int, answer: Any) -> tuple[int, Any]:
            found = self.made(answer) if 200 <= status < 300 else None
            if found is not None:
                self.written.setdefault((caller, found[0]), []).append(found[1])
            return status, answer

        def reading(status: int, answer: Any) -> tuple[int, Any]:
            for one in _objects(answer, self.wanted):
                done = self.written.get((caller, one.get("id")))
                if done:
                    self.shown(one, done[-1], len(done))
            return status, answer

        method = scope.get("method") if scope["type"] == "http" else None
        if method == self.booking[0]:
            await RewriteResponses(self.app, method, self.booking[1], writing)(scope, receive, send)
        else:
            await RewriteResponses(self.app, self.reads[0], self.reads[1], reading)(scope, receive, send)


def _data(answer: Any) -> Any:
    return answer.get("data") if isinstance(answer, dict) else None


def a_booking_touches_its_time_slot(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """ReserveKit's booking belongs to its time slot with a touch (an ORM's ``touches``): each
    booking made stamps the slot's ``updated_at``."""

    def made(answer: Any) -> tuple[Any, Any] | None:
        data = _data(answer)
        return (data.get("time_slot_id"), data.get("created_at")) if isinstance(data, dict) else None

    def shown(slot: dict[str, Any], stamp: Any, _: int) -> None:
        slot["updated_at"] = stamp

    return WritesThrough(
        app,
        ("POST", "/reservekit/v1/bookings"),
        ("GET", r"/reservekit/v1/(time-slots(/\d+)?|services/\d+/time-slots)"),
        made,
        shown,
        lambda one: "day_of_week" in one and "id" in one,
    )


def a_service_shows_its_last_order(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Lifecycle's order is priced on the catalogue's own service object (a snapshot that was no
    copy): once a booking's participants or add-ons reprice it, the service reads show that
    order's total as its price."""

    def made(answer: Any) -> tuple[Any, Any] | None:
        related = (_data(answer) or {}).get("relationships") or {}
        service = ((related.get("service") or {}).get("data") or {}).get("id")
        included = answer.get("included") if isinstance(answer, dict) else None
        orders = [one for one in included or [] if one.get("type") == "orders"]
        return (service, orders[0]["attributes"]["total"]) if service and orders else None

    def shown(service: dict[str, Any], total: Any, _: int) -> None:
        service["attributes"]["price"] = total

    return WritesThrough(
        app,
        ("POST", r"/lifecycle/api/v1/bookings/(instant|[^/]+/edit-participants|[^/]+/edit-service-options)"),
        ("GET", r"/lifecycle/api/v1/services(/[^/]+)?"),
        made,
        shown,
        lambda one: one.get("type") == "services" and isinstance(one.get("attributes"), dict),
    )


def a_spa_booking_labels_its_service(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """Bardge's spa booking labels its service with the slot's start on the catalogue's own object
    (a snapshot that was no copy): the service's own read then shows that label as its name."""

    def made(answer: Any) -> tuple[Any, Any] | None:
        booking = answer.get("booking") if isinstance(answer, dict) else None
        service = booking.get("service") if isinstance(booking, dict) else None
        if not isinstance(service, dict) or booking.get("type") != "spa":
            return None
        return service.get("id"), f"{service.get('name')} ({booking.get('starts_at')})"

    def shown(one: dict[str, Any], label: Any, _: int) -> None:
        one["name"] = label

    return WritesThrough(
        app,
        ("POST", "/bardge/v3/bookings/spa"),
        ("GET", r"/bardge/v3/providers/\d+/services/[^/]+"),
        made,
        shown,
        lambda one: "duration_minutes" in one and "credits" in one,
    )
