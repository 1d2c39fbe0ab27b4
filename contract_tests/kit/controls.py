"""The sandbox's control API, for preconditions the public API cannot create: time passing, a
rate limit, a webhook endpoint, and the state as recorded.

A target that does not offer it gets the scenario skipped, with the reason. Only a target
whose ``GET /_sandbox/health`` answered as a booking-sandbox is sent anything else there: a
vendor's server never receives a POST to a control path. The control API is scoped to the
caller's API key: the kit sends the same bearer token it books with, so only its own sandbox
moves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

NOT_OFFERED = (404, 405, 501)
RUN_BESIDE = "run the kit where the sandbox can reach it (on its host, outside a container)"
NO_SANDBOX = "the target is no booking-sandbox (GET /_sandbox/health did not answer as one)"


class Controls:
    def __init__(
        self, origin: str, session: requests.Session, *, offered: bool, why_not: str = NO_SANDBOX
    ) -> None:
        self.origin = origin
        self.session = session
        self.offered = offered
        self._why_not = why_not

    def require(self, need: str) -> None:
        """Skips the scenario, before it sends anything, on a target with no control API."""
        if not self.offered:
            pytest.skip(f"{need}: {self._why_not}, so the kit calls no control API there")

    def now(self, token: str) -> datetime | None:
        """The caller's sandbox clock, or None when the target keeps no clock of its own."""
        if not self.offered:
            return None
        try:
            response = self.session.get(
                f"{self.origin}/_sandbox/clock", headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
        except requests.RequestException:
            return None
        if response.status_code in NOT_OFFERED:
            return None
        assert response.status_code == 200, f"clock control refused: {response.status_code} {response.text}"
        return datetime.fromisoformat(response.json()["now"]).astimezone(UTC)

    def set_clock(self, token: str, at: datetime) -> None:
        """Moves the caller's sandbox clock forward to ``at``, or skips the scenario where it cannot."""
        self._move(token, "set", {"at": at.astimezone(UTC).isoformat()})

    def advance_clock(self, token: str, by: timedelta) -> None:
        """Moves the caller's sandbox clock forward, or skips the scenario when the target cannot."""
        self._move(token, "advance", {"seconds": int(by.total_seconds())})

    def freeze_clock(self, token: str) -> None:
        """Stops the caller's sandbox clock, so nothing changes by time alone while a walk reads."""
        self._move(token, "freeze", {})

    def _move(self, token: str, how: str, body: dict[str, object]) -> None:
        self._call("POST", f"/clock/{how}", token, "needs time to pass", json=body)

    def add_fault(self, token: str, rule: dict[str, object]) -> int:
        """Adds a fault rule to the caller's sandbox; its id, for ``remove_fault``."""
        added = self._call("POST", "/faults", token, "needs a fault rule", json=rule, status=201)
        return int(added["id"])

    def remove_fault(self, token: str, fault_id: int) -> None:
        self._remove(f"/faults/{fault_id}", token)

    def add_webhook(self, token: str, url: str, events: list[str]) -> dict[str, Any]:
        """Registers an endpoint for the caller's sandbox's events: ``{"id", "secret", …}``. A
        sandbox that refuses the kit's receiver (one listening on every interface of a container
        calls no private address its --webhook-allow does not list) leaves its webhooks unjudged."""
        body = {"url": url, "events": events, "description": "contract kit"}
        response = self._answer("POST", "/webhooks", token, "needs a webhook endpoint", json=body)
        if response.status_code == 422:
            problems = (response.json() if response.content else {}).get("invalid_params") or []
            reasons = [p.get("reason") for p in problems if isinstance(p, dict) and p.get("name") == "url"]
            if reasons:
                pytest.skip(f"the sandbox cannot deliver webhooks to {url}: {reasons[0]}: {RUN_BESIDE}")
        return self._checked(response, "POST", "/webhooks", 201)  # type: ignore[no-any-return]

    def test_webhook(self, token: str, webhook_id: int) -> dict[str, Any]:
        """Sends the endpoint a test event at once: its delivery, delivered or failed."""
        sent: dict[str, Any] = self._call(
            "POST", f"/webhooks/{webhook_id}/test", token, "needs a webhook endpoint", status=200
        )
        return sent

    def remove_webhook(self, token: str, webhook_id: int) -> None:
        self._remove(f"/webhooks/{webhook_id}", token)

    def state(self, token: str, api: str) -> dict[str, Any]:
        """The caller's sandbox's state as recorded on ``api`` (``GET /_sandbox/state?api=``:
        the other APIs are not seeded to answer)."""
        state: dict[str, Any] = self._call(
            "GET", "/state", token, "needs to read what was recorded", params={"api": api}
        )
        return state

    def import_state(self, token: str, document: dict[str, Any]) -> None:
        """Makes the caller's sandbox a copy of an exported one (``state``)."""
        self._call("PUT", "/state", token, "needs a sandbox's state copied", json=document)

    def _remove(self, path: str, token: str) -> None:
        """Undoes an addition at a scenario's end: whatever the answer, the verdict stands."""
        if not self.offered:
            return
        self.session.delete(
            f"{self.origin}/_sandbox{path}", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def _call(
        self, method: str, path: str, token: str, need: str, *, status: int = 200, **kwargs: Any
    ) -> Any:
        return self._checked(self._answer(method, path, token, need, **kwargs), method, path, status)

    def _answer(self, method: str, path: str, token: str, need: str, **kwargs: Any) -> requests.Response:
        self.require(need)
        response = self.session.request(
            method,
            f"{self.origin}/_sandbox{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
            **kwargs,
        )
        if response.status_code in NOT_OFFERED:
            pytest.skip(
                f"{need}: the target offers no sandbox control API ({method} /_sandbox{path} "
                f"answered {response.status_code})"
            )
        return response

    @staticmethod
    def _checked(response: requests.Response, method: str, path: str, status: int) -> Any:
        assert response.status_code == status, (
            f"sandbox control refused {method} {path}: {response.status_code} {response.text}"
        )
        return response.json() if response.content else None
