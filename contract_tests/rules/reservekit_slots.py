"""ReserveKit's time slots on a date some weeks ahead, and booking them, for every ReserveKit
scenario module."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy

# A service with more bookings than this many pages of 100 is read no further: its slots'
# free places are then an upper bound, and a scenario meets the target's refusal instead.
PAGES_READ = 20
# The dates looked at: from the day after tomorrow (tomorrow already in every zone, whatever the
# hour), for two weeks. Near dates first: the spec gives no booking window's length, only that a
# date must lie inside it, and the window a vendor chose is at least that long in practice.
NEAREST_DAY = 2
DAYS_LOOKED_AT = 14


Bookings = list[dict[str, Any]]
Place = tuple[dict[str, Any], str]
"""A time slot and a date: one place in it, where it has one free."""


class Slots:
    """Time slots on a date some weeks ahead, with the places still free that day."""

    def __init__(
        self, api: Api, tidy: Tidy, today: date, emails: Iterator[str], window_days: int | None = None
    ) -> None:
        self.api = api
        self.tidy = tidy
        self.today = today
        self.emails = emails
        self.window_days = window_days
        """How far ahead the target books, where its target data says (``booking_window_days``)."""

    @classmethod
    def of(cls, run: Run, tidy: Tidy, api: Api | None = None) -> Slots:
        """The run's slots, booked through ``api`` (the kit's key by default)."""
        window = run.data.of("reservekit-v1").get("booking_window_days")
        return cls(api or run.api("key"), tidy, run.today(), run.emails, int(window) if window else None)

    def free(self, at_least: int) -> tuple[dict[str, Any], str]:
        """A slot with at least ``at_least`` free places on one date, nearest date first, then
        fewest places (quick to fill)."""
        for shown in self._scan(()):
            if roomy := [(slot, day, free) for slot, day, free in shown if free >= at_least]:
                slot, day, _ = min(roomy, key=lambda place: place[2])
                return slot, day
        pytest.skip(f"no time slot with {at_least} free places in the {DAYS_LOOKED_AT} days looked at")

    def places(self, count: int, besides: Sequence[Place] = ()) -> list[Place]:
        """``count`` free places of one service, none of ``besides`` (places already set aside):
        one slot's on one date where a slot has them, so the bookings made there are each
        other's neighbours; else several slots', nearest date first, so a target whose every
        slot takes one booking (one therapist, one client) still has them."""
        every: list[tuple[dict[str, Any], str, int]] = []
        for shown in self._scan(besides):
            if roomy := [(slot, day, free) for slot, day, free in shown if free >= count]:
                slot, day, _ = min(roomy, key=lambda place: place[2])
                return [(slot, day)] * count
            every += shown
        found: dict[int, list[Place]] = {}
        for slot, day, free in every:
            of_service = found.setdefault(slot["service_id"], [])
            of_service += [(slot, day)] * max(free, 0)
            if len(of_service) >= count:
                return of_service[:count]
        pytest.skip(f"no service with {count} free places in the {DAYS_LOOKED_AT} days looked at")

    def _scan(self, besides: Sequence[Place]) -> Iterator[list[tuple[dict[str, Any], str, int]]]:
        """Each date's slots of each service with their free places, less those ``besides``
        sets aside, nearest date first. A service's bookings are read once a scan, and only
        where a slot does not show its free places."""
        services = ok(self.api.get("/v1/services", params={"page_size": 100}))["data"]["services"]
        aside = Counter((slot["id"], day) for slot, day in besides)
        read = functools.cache(self._bookings)
        for day in self.days():
            for service in services:
                shown = []
                for slot in self._slots(service["id"], day):
                    free = self._free(slot, service["id"], day, read) - aside[(slot["id"], day)]
                    shown.append(({**slot, "service_id": service["id"]}, day, free))
                yield shown

    def days(self) -> list[str]:
        """The dates the scenarios book on, nearest first, none beyond a known booking window."""
        ahead = range(NEAREST_DAY, NEAREST_DAY + DAYS_LOOKED_AT)
        inside = [days for days in ahead if self.window_days is None or days <= self.window_days]
        return [(self.today + timedelta(days=days)).isoformat() for days in inside]

    def bookable(self, day: str) -> bool:
        """Whether ``day`` lies inside the target's booking window, where its data gives one."""
        if self.window_days is None:
            return True
        return date.fromisoformat(day) <= self.today + timedelta(days=self.window_days)

    def available(self, slot: dict[str, Any], day: str) -> int:
        listed = self._slots(slot["service_id"], day)
        return self._free(next(s for s in listed if s["id"] == slot["id"]), slot["service_id"], day)

    def _slots(self, service_id: int, day: str) -> list[dict[str, Any]]:
        """The service's slots that occur on the day. ``date`` is the sandbox's own filter (a
        vendor may ignore it), so the slots are also kept by their documented ``day_of_week``
        (0 is Sunday)."""
        params = {"service_id": service_id, "date": day, "page_size": 100}
        listed = ok(self.api.get("/v1/time-slots", params=params))["data"]["time_slots"]
        weekday = (date.fromisoformat(day).weekday() + 1) % 7
        return [slot for slot in listed if slot["day_of_week"] == weekday]

    def taken(self, slot: dict[str, Any], day: str) -> int:
        """The bookings holding a place in the slot on the day, counted through the documented
        list of the service's bookings (whatever the slot itself says of its free places)."""
        return _holding(self._bookings(slot["service_id"]), slot["id"], day)

    def _free(
        self, slot: dict[str, Any], service_id: int, day: str, read: Callable[[int], Bookings] | None = None
    ) -> int:
        """The slot's free places on the day: its ``available_bookings`` where the target shows it
        (optional; the document shows none), else its maximum less the bookings that hold a place
        there, counted through the documented list of the service's bookings (``read``: a scan's,
        which reads each service's once)."""
        if "available_bookings" in slot:
            return int(slot["available_bookings"])
        return int(slot["max_bookings"]) - _holding((read or self._bookings)(service_id), slot["id"], day)

    def listed(self, booking: dict[str, Any]) -> dict[str, Any] | None:
        """The booking as the documented list of its service's bookings shows it (None: absent)."""
        return next((b for b in self._bookings(booking["service_id"]) if b["id"] == booking["id"]), None)

    def _bookings(self, service_id: int) -> list[dict[str, Any]]:
        """Every booking of the service, page by page (``total_pages`` says where the list ends)."""
        bookings: list[dict[str, Any]] = []
        page, pages = 1, 1
        while page <= pages:
            params = {"service_id": service_id, "page": page, "page_size": 100}
            data = ok(self.api.get("/v1/bookings", params=params))["data"]
            bookings += data["bookings"]
            pages = min(int(data["pagination"]["total_pages"]), PAGES_READ)
            page += 1
        return bookings

    def book(self, slot: dict[str, Any], day: str, email: str | None = None, **fields: str) -> Any:
        body = {
            "date": day,
            "time_slot_id": slot["id"],
            "customer_email": email or next(self.emails),
            **fields,
        }
        response = self.api.post("/v1/bookings", json=body)
        if response.status_code == 201:
            booking_id = response.json()["data"]["id"]
            self.tidy.later(lambda: self.api.delete(f"/v1/bookings/{booking_id}"), f"booking {booking_id}")
        return response

    def booked(
        self, slot: dict[str, Any], day: str, email: str | None = None, **fields: str
    ) -> dict[str, Any]:
        return ok(self.book(slot, day, email, **fields), 201)["data"]  # type: ignore[no-any-return]


def _holding(bookings: list[dict[str, Any]], slot_id: int, day: str) -> int:
    """How many of a service's ``bookings`` hold a place in the slot on the day."""
    return sum(
        1
        for booking in bookings
        if (booking["time_slot_id"], booking["date"]) == (slot_id, day) and booking["status"] != "cancelled"
    )


def refused(response: Any, error: str | None = None) -> dict[str, Any]:
    """A documented refusal: 400 with ``{"error": …}``."""
    assert response.status_code == 400, f"expected 400, got {response.status_code} {response.text}"
    body = response.json()
    assert isinstance(body.get("error"), str), body
    if error is not None:
        assert body["error"] == error, body
    return body  # type: ignore[no-any-return]
