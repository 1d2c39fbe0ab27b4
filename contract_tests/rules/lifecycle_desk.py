"""The lifecycle API's desk: finding an instant-bookable service and a free slot, booking it,
and reading bookings back, for every lifecycle scenario module."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.codes import refused
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from mockserver.rule_engine.holds import Place
from mockserver.rule_engine.open_times import overlaps, time_of

BOOKING_NOT_CANCELABLE = "booking_not_cancelable"


class Desk:
    def __init__(self, run: Run, tidy: Tidy) -> None:
        self.run = run
        self.customer = run.api("customer")
        self.tidy = tidy

    def services(self) -> list[dict[str, Any]]:
        return ok(self.customer.get("/api/v1/services"))["data"]  # type: ignore[no-any-return]

    def free_slots(self, service_id: str, day: date) -> list[dict[str, Any]]:
        response = self.customer.get(
            f"/api/v1/services/{service_id}/availability", params={"date": day.isoformat()}
        )
        return [slot["attributes"] for slot in ok(response)["data"]]

    def slots_around(self, service_id: str, start_date: str) -> list[dict[str, Any]]:
        """The service's free slots on the days around an instant: the availability's ``date``
        is a day in the provider's zone or UTC (the document does not say which), and either
        is within a day of the instant's UTC date."""
        day = instant(start_date).date()
        return [
            slot
            for offset in (-1, 0, 1)
            for slot in self.free_slots(service_id, day + timedelta(days=offset))
        ]

    def book(self, service_id: str, slot: dict[str, Any], caller: Api | None = None) -> Any:
        body = {"service_id": service_id, **{k: slot[k] for k in ("start_date", "end_date", "resource_id")}}
        booker = caller or self.customer
        response = booker.post("/api/v1/bookings/instant", json=body)
        if response.status_code == 201:
            booking_id = response.json()["data"]["id"]
            # Cancelled by the customer who booked it: another customer is rightly refused.
            self.tidy.later(
                lambda: booker.get(f"/api/v1/bookings/{booking_id}/cancel"), f"booking {booking_id}"
            )
        return response

    def booked(self, weeks_ahead: int = 3) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """An instant booking of an appointment service: (service, slot, booking document)."""
        for service, slot in self.offered(weeks_ahead):
            response = self.book(service["id"], slot)
            if response.status_code == 201:
                return service, slot, response.json()
        pytest.skip(self.unoffered())

    def offered(self, weeks_ahead: int = 3) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Free slots of the appointment services (one place each) that book at once, the first
        few of each day ``days`` gives: (service, slot)."""
        for service in self.instant_appointments():
            for day in self.days(weeks_ahead):
                for slot in self.free_slots(service["id"], day)[:3]:
                    yield service, slot

    def instant_appointments(self) -> list[dict[str, Any]]:
        """The appointment services a customer books at once (``meta.can_instant_book``)."""
        return [service for service in self._instant() if service["attributes"]["max_participants"] == 1]

    def instant_groups(self) -> list[dict[str, Any]]:
        """The services for more than one participant a customer books at once."""
        return [service for service in self._instant() if service["attributes"]["max_participants"] > 1]

    def _instant(self) -> list[dict[str, Any]]:
        return [service for service in self.services() if service["attributes"]["meta"]["can_instant_book"]]

    def unoffered(self) -> str:
        """Why no instant booking was made: a check that needs one skips, saying so."""
        if not self.instant_appointments():
            return (
                "no appointment service books at once (meta.can_instant_book): instant booking is "
                "the one way this API makes a booking"
            )
        return "no instant-bookable appointment has a free slot in the days looked at"

    def days(self, weeks_ahead: int) -> list[date]:
        """The two weeks from ``weeks_ahead``, then nearer (a service shows no booking window)."""
        return self.run.days_ahead(weeks_ahead, 14)

    def open_days(self, service_id: str, ahead: range, wanted: int) -> list[list[dict[str, Any]]]:
        """The free slots of the first ``wanted`` days ``ahead`` of today that have any."""
        found: list[list[dict[str, Any]]] = []
        for days in ahead:
            if free := self.free_slots(service_id, self.run.today() + timedelta(days=days)):
                found.append(free)
                if len(found) == wanted:
                    break
        return found

    def form(self, service_id: str) -> list[dict[str, Any]]:
        """The fields of the service's custom form."""
        document = ok(self.customer.get(f"/api/v1/services/{service_id}/custom-form"))
        return document["data"]["attributes"]["fields"]  # type: ignore[no-any-return]

    def refused(self, response: Any, status: int, code: str) -> None:
        """The documented refusal: its status, and a code naming it (exactly, facing a sandbox)."""
        said = error_code(response) if response.status_code == status else ""
        refused(response, status, code, said, facing_sandbox=self.run.facts is not None)

    def read(self, booking_id: str) -> dict[str, Any]:
        return ok(self.customer.get(f"/api/v1/bookings/{booking_id}"))


BOOKINGS = "/api/v1/bookings"


def participants(document: dict[str, Any]) -> dict[str, str]:
    """Participant id -> status, as the booking shows them."""
    return {p["id"]: p["status"] for p in document["data"]["attributes"]["participants"]}


def open_invitations(run: Run) -> list[Mapping[str, Any]]:
    """The accepted bookings the target data names with a guest invited, whose first guest has
    not answered yet: a vendor's invitations are answered once, and a run before this one (or a
    check before this one) may have used some up."""
    named = [
        booking
        for booking in run.data.of("lifecycle").get("bookings") or ()
        if booking.get("status") == "accepted" and booking.get("invited")
    ]
    return [booking for booking in named if _still_invited(run, booking)]


def _still_invited(run: Run, booking: Mapping[str, Any]) -> bool:
    guest = booking["invited"][0]
    read = run.caller(guest["token"]).get(f"{BOOKINGS}/{booking['id']}")
    return read.status_code == 200 and participants(read.json()).get(guest["participant_id"]) == "invited"


def answer_to(field: dict[str, Any]) -> Any:
    """A valid answer to one custom form field, by its type."""
    kind = field.get("type")
    if kind == "select":
        return field["options"][0]
    if kind == "boolean":
        return True
    if kind == "number":
        return 1
    if kind == "email":
        return "kit@example.com"
    return "kit"


def add_on_lists(service: dict[str, Any]) -> list[dict[str, Any]]:
    """Add-on lists of a service's own add-ons: one of each, an edit that reprices, and one over
    its limit, which is refused."""
    offered = [a for a in (service.get("attributes") or {}).get("addons") or [] if a.get("max_quantity")]
    lists = [[{"add_on_id": a["id"], "quantity": 1}] for a in offered[:2]]
    lists += [[{"add_on_id": a["id"], "quantity": int(a["max_quantity"]) + 1}] for a in offered[:1]]
    return [{"addons": chosen} for chosen in lists]


def error_code(response: Any) -> str:
    return str(response.json()["errors"][0]["code"])


def order_of(document: dict[str, Any]) -> dict[str, Any]:
    return next(x["attributes"] for x in document.get("included", []) if x["type"] == "orders")


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def apart(slots: list[dict[str, Any]], wanted: int) -> list[dict[str, Any]]:
    """Up to ``wanted`` of ``slots``, the last first, none overlapping another on its resource: a
    day's free slots start every half hour, and two that overlap are one time (a booking moved
    to either takes both). Overlap as the rule engine judges lifecycle's open times."""
    kept: list[tuple[dict[str, Any], Place]] = []
    for slot in reversed(slots):
        time = time_of(slot.get("resource_id"), slot.get("start_date"), slot.get("end_date"))
        if len(kept) < wanted and time is not None and not any(overlaps(other, time) for _, other in kept):
            kept.append((slot, time))
    return [slot for slot, _ in reversed(kept)]
