"""The merchant API's shop: a merchant, its services and bookable hours, and callers of the
API, for every merchant scenario module.

The API has no catalogue operation: nothing lists services, locations or hours. The shop
learns them from the target data (a vendor's file, or what a booking-sandbox serves about
itself), and each scenario that needs one the data lacks is skipped, naming it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contract_tests.kit.client import Api
from contract_tests.kit.codes import refused as kit_refused
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.merchant_services import ShopService

# The hours scenarios try, in turn, for a group session.
GROUP_HOURS = (16, 15, 14, 13, 12, 11, 10, 9)


class Merchant:
    """The target data's merchant, its services and bookable hours, and callers of the API."""

    def __init__(self, run: Run, tidy: Tidy) -> None:
        name, locations, services, hours = run.data.need(
            "merchant", "merchant_name", "locations", "services", "bookable_hours"
        )
        self.slug = str(name)
        # The first location, in the order the data lists them, that offers what the scenarios
        # book: an appointment (one with a deadline to be inside of, where there is one) and a
        # group service; else the first with an appointment, and the group's rules say they
        # have none (a barber's, a dentist's: one customer at a time).
        offered = []
        for location in locations:
            here = [ShopService.of(s) for s in services if s["location_id"] == location["id"]]
            appointments = sorted(
                (s for s in here if s.kind == "appointment" and s.max_participants <= 1),
                key=lambda s: (s.cancellation_deadline_hours < 12, s.cancellation_deadline_hours == 0),
            )
            if appointments:
                lacks = (
                    not any(s.max_participants > 1 for s in here),
                    appointments[0].cancellation_deadline_hours < 12,
                )
                offered.append((lacks, location, here, appointments))
        if not offered:
            pytest.skip(
                "needs target data merchant.services with an appointment (one customer at a time) "
                "at one of merchant.locations"
            )
        _, location, here, appointments = min(offered, key=lambda found: found[0])
        self.location_id = int(location["id"])
        self.zone = ZoneInfo(location["timezone"])
        self.appointment = appointments[0]
        self.groups = [s for s in here if s.max_participants > 1]
        largest = [max(self.groups, key=lambda s: s.max_participants)] if self.groups else []
        windows = [s.booking_window_days for s in (self.appointment, *largest) if s.booking_window_days]
        self.window_days = min(windows) if windows else None
        """How far ahead the scenarios' services book, where the target data says."""
        # The weekday the merchant is bookable longest: scenarios book on it.
        longest = max(hours, key=lambda h: _minutes(h["to"]) - _minutes(h["from"]))
        self.weekday = int(longest["weekdays"][min(1, len(longest["weekdays"]) - 1)])
        self.bookable = list(hours)
        self.merchant = run.api("merchant")
        self.customer = run.api("customer")
        self.tidy = tidy
        self.run = run

    @property
    def group(self) -> ShopService:
        """The location's group service with the most places."""
        if not self.groups:
            pytest.skip(
                "needs target data merchant.services with a group service (more than one participant) "
                f"at merchant location {self.location_id}, beside its appointments"
            )
        return max(self.groups, key=lambda s: s.max_participants)

    # Asked for when a scenario first uses one: a merchant who hands over one merchant's token
    # leaves only the rules that need a second unchecked, not every rule of the API.
    @cached_property
    def other_merchant(self) -> Api:
        return self.run.api("other")

    @cached_property
    def other_customer(self) -> Api:
        return self.run.api("other_customer")

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), self.zone).astimezone(UTC)

    def workday(self, weeks_ahead: int, today: date | None = None) -> date:
        """The longest-open weekday some weeks ahead of ``today`` (the target's), no later than
        a known booking window's last whole week."""
        if self.window_days is not None:
            weeks_ahead = max(1, min(weeks_ahead, (self.window_days - 7) // 7))
        start = (today or self.run.today(self.zone)) + timedelta(weeks=weeks_ahead)
        return start + timedelta(days=(self.weekday - start.weekday()) % 7)

    def days(self, weeks_ahead: int) -> list[date]:
        """The workday ``weeks_ahead``, that weekday of each nearer week, then every other open
        day up to the furthest, latest first, none too near to cancel (one employee's hours run
        out on one weekday; a seven-day window has no workday weeks ahead)."""
        today = self.run.today(self.zone)
        last = today + timedelta(days=(self.window_days or 10**4) - 1)
        found = [day for weeks in range(weeks_ahead, 0, -1) if (day := self.workday(weeks, today)) <= last]
        end = min(last, max(found)) if found else last
        soonest = today + timedelta(days=2 + self.appointment.cancellation_deadline_hours // 24)
        others = (end - timedelta(days=n) for n in range(max(0, (end - soonest).days + 1)))
        return list(dict.fromkeys([*found, *(day for day in others if self.open_hours(day))]))

    def starts(self, weeks_ahead: int) -> Iterator[datetime]:
        """Every working hour of ``days(weeks_ahead)``, in turn."""
        return (starts for day in self.days(weeks_ahead) for starts in self.hours(day))

    def day_of(self, starts: datetime) -> date:
        """The merchant's local day of an instant."""
        return starts.astimezone(self.zone).date()

    def starts_of(self, booking_id: int) -> datetime:
        """When a booking starts, as its customer reads it."""
        return instant(self.customer.get(f"/bookings/customer/{booking_id}").json()["from_date"])

    def book(self, caller: Api, starts: datetime, service: int, **extra: Any) -> Any:
        body = {
            "merchant_name": self.slug,
            "service_id": service,
            "location_id": self.location_id,
            "timeStamp": stamp(starts),
            **extra,
        }
        response = caller.post("/bookings/customer", json=body)
        if response.status_code == 201:
            booking_id = int(response.headers["X-Booking-Id"])
            self.tidy.later(lambda: self.cancel(caller, booking_id), f"booking {booking_id}")
        return response

    def booked(self, caller: Api, starts: datetime, service: int, **extra: Any) -> int:
        response = self.book(caller, starts, service, **extra)
        assert response.status_code == 201, response.text
        return int(response.headers["X-Booking-Id"])

    def first_free(self, caller: Api, starts: Iterator[datetime], service: int) -> int:
        return self.first_free_ones(caller, starts, service, 1)[0]

    def first_free_ones(self, caller: Api, starts: Iterator[datetime], service: int, count: int) -> list[int]:
        made = self.free_ones(caller, starts, service, count)
        if len(made) < count:
            pytest.skip("no free working hour among the candidate starts")
        return made

    def free(self, caller: Api, starts: Iterator[datetime], service: int) -> int | None:
        """The booking made at the first of ``starts`` that is free, if any is."""
        return next(iter(self.free_ones(caller, starts, service, 1)), None)

    def free_ones(self, caller: Api, starts: Iterator[datetime], service: int, count: int) -> list[int]:
        """Up to ``count`` bookings at the first free of ``starts``, in one pass: a start is booked
        again while free (several employees), one refused is not asked again (a pass a booking
        asked every full start again: 72 refusals and 16 clock reads a real-ids finder)."""
        made: list[int] = []
        for candidate in starts:
            while len(made) < count:
                response = self.book(caller, candidate, service)
                if response.status_code != 201:
                    assert response.status_code == 409, response.text
                    break
                made.append(int(response.headers["X-Booking-Id"]))
            if len(made) == count:
                break
        return made

    def cancel(self, caller: Api, booking_id: int) -> Any:
        body = {"booking_id": booking_id, "merchant_name": self.slug}
        return caller.delete(f"/bookings/customer/{booking_id}", json=body)

    def open_group(
        self, weeks_ahead: int, guests: int, named: list[dict[str, str]] | None = None
    ) -> tuple[datetime, int]:
        """A new group session with ``guests`` new customers (after the existing ones ``named``
        by id), at the first of ``GROUP_HOURS`` on ``days(weeks_ahead)`` the merchant can still
        open one (the target's own bookings may hold the others): its start and booking id."""
        opened = self._opened(weeks_ahead, guests, named)
        if opened is None:
            pytest.skip(
                f"no working hour in {weeks_ahead} weeks where the merchant could open a group session"
            )
        self.tidy.later(functools.partial(self.close, opened[1]), f"group booking {opened[1]}")
        return opened

    def free_group_time(self, weeks_ahead: int, service: ShopService) -> datetime | None:
        """A time the merchant can open a session of a group ``service`` at: opened, then closed."""
        opened = self._opened(weeks_ahead, guests=1, service=service)
        if opened is None:
            return None
        closed = self.close(opened[1])
        assert closed.status_code == 200, closed.text
        return opened[0]

    def _opened(
        self,
        weeks_ahead: int,
        guests: int,
        named: list[dict[str, str]] | None = None,
        service: ShopService | None = None,
    ) -> tuple[datetime, int] | None:
        people = [*(named or []), *({"first_name": f"Guest{n}", "last_name": "Kit"} for n in range(guests))]
        for day in self.days(weeks_ahead):
            for hour in self.open_hours(day, GROUP_HOURS, (service or self.group).duration_minutes):
                starts = self.at(day, hour)
                body = {
                    "service_id": (service or self.group).id,
                    "timestamp": stamp(starts),
                    "customers": people,
                }
                response = self.merchant.post("/bookings/merchant", json={**body, "is_recurring": False})
                if response.status_code == 409:
                    continue
                assert response.status_code == 201, response.text
                return starts, int(response.headers["X-Booking-Id"])
        return None

    def close(self, session: int) -> Any:
        return self.merchant.delete(f"/bookings/merchant/{session}", json={"cancellation_reason": "kit"})

    def hours(self, day: date) -> Iterator[datetime]:
        return (self.at(day, hour) for hour in self.open_hours(day, range(9, 18)))

    def open_hours(self, day: date, preferred: Iterable[int] = (), minutes: int = 60) -> list[int]:
        """The whole hours a booking of ``minutes`` can start at on ``day``, inside the target
        data's bookable hours (an evening studio's, a night club's): ``preferred`` first, in
        their order, then the others, earliest first."""
        fits = [hour for hour in range(24) if self._open(day, hour * 60, hour * 60 + minutes)]
        first = [hour for hour in preferred if hour in fits]
        return first + [hour for hour in fits if hour not in first]

    def closed_hour(self, day: date) -> int | None:
        """An hour of ``day`` at which the merchant books nothing (None: open all day)."""
        return next(
            (hour for hour in (3, 4, 2, 5, 1, 0) if not self._open(day, hour * 60, hour * 60 + 1)), None
        )

    def _open(self, day: date, start: int, end: int) -> bool:
        """Whether the minutes ``start`` to ``end`` of ``day`` lie inside one bookable window (a
        window that ends before it begins runs to midnight)."""
        for window in self.bookable:
            begins, ends = _minutes(window["from"]), _minutes(window["to"])
            if (
                day.weekday() in window["weekdays"]
                and begins <= start
                and end <= (ends if ends > begins else 1440)
            ):
                return True
        return False


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(value: str) -> datetime:
    """An answer's RFC 3339 instant, in whatever offset the target writes it (the document
    gives none), with or without fractions: compare instants, never the strings."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def refused(run: Run, response: Any, status: int, code: str) -> None:
    """The documented refusal: its status; and, facing a booking-sandbox, the stable ``code`` the
    sandbox adds inside the vendor's error body (another implementation owes none)."""
    facing = run.facts is not None
    said = (
        response.json().get("error", {}).get("code", "")
        if facing and response.status_code == status
        else None
    )
    kit_refused(response, status, code, said, facing_sandbox=facing)
