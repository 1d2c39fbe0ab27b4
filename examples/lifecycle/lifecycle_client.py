"""A customer app's client of the booking lifecycle API: book a free time, and cancel only after
showing the customer what it will cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


class NotCancelable(Exception):
    """The booking can no longer be cancelled (already cancelled, started, or not accepted)."""


@dataclass(frozen=True)
class Quote:
    fee: str
    refund: str
    currency: str
    deadline: str | None


class CustomerApp:
    def __init__(self, base_url: str, customer_token: str) -> None:
        self._http = httpx.Client(
            base_url=f"{base_url}/api/v1", headers={"Authorization": f"Bearer {customer_token}"}, timeout=30
        )

    def services(self) -> list[dict[str, Any]]:
        return self._ok(self._http.get("/services"))["data"]  # type: ignore[no-any-return]

    def book_first_free(self, service_id: str, day: str) -> dict[str, Any]:
        free = self._ok(self._http.get(f"/services/{service_id}/availability", params={"date": day}))["data"]
        chosen = free[0]["attributes"]
        body = {"service_id": service_id, **{k: chosen[k] for k in ("start_date", "end_date", "resource_id")}}
        return self._ok(self._http.post("/bookings/instant", json=body))["data"]  # type: ignore[no-any-return]

    def quote_cancellation(self, booking_id: str) -> Quote:
        terms = self._ok(self._http.get(f"/bookings/{booking_id}/cancellation-preview"))["data"]["attributes"]
        fee, refund = terms["fee_amount"], terms["refund_amount"]
        return Quote(fee["amount"], refund["amount"], fee["currency"], terms["deadline"])

    def cancel(self, booking_id: str) -> dict[str, Any]:
        """The settled order: what was kept and what was refunded."""
        answer = self._http.get(f"/bookings/{booking_id}/cancel")  # the vendor documents a GET
        if answer.status_code == 422:
            raise NotCancelable(answer.json()["errors"][0]["detail"])
        document = self._ok(answer)
        return next(x["attributes"] for x in document["included"] if x["type"] == "orders")  # type: ignore[no-any-return]

    def _ok(self, answer: httpx.Response) -> Any:
        if answer.status_code >= 400:
            raise RuntimeError(f"{answer.status_code}: {answer.text}")
        return answer.json()
