"""A merchant-side client as a salon's front-desk app writes one: books appointments for walk-in
customers and shows what the calendar holds, with a taken time as an exception of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


class TimeTaken(Exception):
    """Nobody can take the service at that time (every employee is busy or off)."""


class Refused(Exception):
    """Any other refusal: the vendor's ``error.code`` and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


@dataclass(frozen=True)
class Created:
    booking_id: int
    location: str


class FrontDesk:
    def __init__(self, base_url: str, merchant_token: str) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {merchant_token}"}, timeout=30
        )

    def book(self, service_id: int, at: str, first_name: str, last_name: str) -> Created:
        body = {
            "service_id": service_id,
            "timestamp": at,
            "customers": [{"first_name": first_name, "last_name": last_name}],
            "is_recurring": False,
        }
        answer = self._http.post("/bookings/merchant", json=body)
        if answer.status_code == 201:  # no body, as the vendor documents: the headers say where
            return Created(int(answer.headers["X-Booking-Id"]), answer.headers["Location"])
        error: dict[str, Any] = answer.json()["error"]
        if error.get("code") == "slot_unavailable":
            raise TimeTaken(error["message"])
        raise Refused(str(error.get("code")), error["message"])

    def day(self, start: str, end: str) -> list[dict[str, Any]]:
        """The calendar's bookings between two instants."""
        answer = self._http.get("/bookings/calendar/events", params={"start": start, "end": end})
        answer.raise_for_status()
        return answer.json()["bookings"]  # type: ignore[no-any-return]
