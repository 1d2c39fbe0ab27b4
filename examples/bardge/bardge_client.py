"""A reseller's client of the Bardge API: find its member, book a class and confirm it, with an
``Idempotency-Key`` so that a create retried after a lost answer books once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

VERIFICATION_CODE = "424242"  # the sandbox's (a real lookup texts the member a code)


class Reseller:
    def __init__(self, base_url: str, reseller_token: str) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {reseller_token}"}, timeout=30
        )

    def client_token(self, issuer_id: int, email: str) -> str:
        """Looks a member up by email and verifies the lookup: the token bookings are made with."""
        lookup = self._ok(self._http.post("/lookup", json={"issuer_id": issuer_id, "identifier": email}))
        verified = self._ok(
            self._http.post(f"/lookup/{lookup['id']}/verify", json={"code": VERIFICATION_CODE})
        )
        return str(verified["client_token"])

    def classes(self) -> list[dict[str, Any]]:
        return self._ok(self._http.get("/classes"))["data"]  # type: ignore[no-any-return]

    def next_instance(self, class_id: str, days: int = 7) -> dict[str, Any]:
        instances = self._ok(self._http.get(f"/classes/{class_id}", params={"days": days}))["instances"]
        return next(i for i in instances if i["spots_left"] > 0)  # type: ignore[no-any-return]

    def book_class(
        self, provider_id: int, instance_id: str, client_token: str, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Initiates the booking; pass the same ``idempotency_key`` again to retry it safely."""
        key = idempotency_key or str(uuid.uuid4())
        body = {"provider_id": provider_id, "class_instance_id": instance_id, "client_token": client_token}
        return self._ok(self._http.post("/bookings/class", json=body, headers={"Idempotency-Key": key}))  # type: ignore[no-any-return]

    def confirm(self, booking_id: str) -> dict[str, Any]:
        return self._ok(self._http.post(f"/bookings/class/{booking_id}/confirm"))  # type: ignore[no-any-return]

    def _ok(self, answer: httpx.Response) -> Any:
        if answer.status_code >= 400:
            raise RuntimeError(f"{answer.status_code}: {answer.text}")
        return answer.json()
