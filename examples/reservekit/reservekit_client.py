"""A ReserveKit client as an integrator writes one: books, cancels, and copes with the answers
that matter (a full slot, a rate limit) and with the webhooks the vendor sends."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx


class SlotFull(Exception):
    """The time slot has no place left on that date."""


class BookingRefused(Exception):
    """Any other refusal; ``str()`` is the vendor's error message."""


@dataclass
class Booking:
    id: int
    status: str
    date: str
    customer_email: str | None


class ReserveKit:
    def __init__(self, base_url: str, api_key: str, *, retries: int = 3, sleep: Any = time.sleep) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=30
        )
        self._retries = retries
        self._sleep = sleep

    def book(self, service_id: int, time_slot_id: int, date: str, email: str) -> Booking:
        body = {"time_slot_id": time_slot_id, "date": date, "customer_email": email}
        answer = self._send("POST", f"/v1/bookings?service_id={service_id}", json=body)
        return _booking(answer.json()["data"])

    def cancel(self, booking_id: int, reason: str) -> Booking:
        body = {"status": "cancelled", "cancel_reason": reason}
        return _booking(self._send("PATCH", f"/v1/bookings/{booking_id}", json=body).json()["data"])

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for attempt in range(self._retries + 1):
            answer = self._http.request(method, path, **kwargs)
            if answer.status_code == 429 and attempt < self._retries:
                # The vendor's rate-limit guide: wait as long as Retry-After says, then try again.
                self._sleep(int(answer.headers.get("Retry-After", "1")))
                continue
            break
        if answer.status_code < 400:
            return answer
        error = answer.json().get("error", answer.text)
        if error == "time slot is full":
            raise SlotFull(error)
        raise BookingRefused(error)


def _booking(data: dict[str, Any]) -> Booking:
    return Booking(data["id"], data["status"], data["date"], data["customer"]["email"])


def verified_event(body: bytes, signature_header: str, secret: str, tolerance: float = 300) -> dict[str, Any]:
    """The webhook's event, once its ``Sandbox-Signature`` proves it came from the sandbox, and
    lately: a signature older than ``tolerance`` seconds by this machine's clock may be a replay."""
    parts = dict(part.split("=", 1) for part in signature_header.split(",") if "=" in part)
    expected = hmac.new(secret.encode(), f"{parts.get('t')}.".encode() + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, parts.get("v1", "")):
        raise ValueError("the webhook's signature does not match")
    if not parts["t"].isdigit() or abs(time.time() - int(parts["t"])) > tolerance:
        raise ValueError("the webhook's signature is too old to trust")
    return json.loads(body)  # type: ignore[no-any-return]


class BookingMirror:
    """What an integrator's product keeps of its bookings, kept current by webhooks."""

    def __init__(self) -> None:
        self.statuses: dict[int, str] = {}

    def apply(self, event: dict[str, Any]) -> None:
        for booking in event["bookings"]:
            if event["event_type"] == "bookings.delete":
                self.statuses.pop(booking["id"], None)
            else:
                self.statuses[booking["id"]] = booking["status"]
