"""The sandbox's control API, for preconditions the public API cannot create (time passing).

A target that does not offer it gets the scenario skipped, with the reason.
The control API is scoped to the caller's API key: the kit sends the same
bearer token it books with, so only its own sandbox moves.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

NOT_OFFERED = (404, 405, 501)


class Controls:
    def __init__(self, origin: str, session: requests.Session) -> None:
        self.origin = origin
        self.session = session

    def now(self, token: str) -> datetime | None:
        """The caller's sandbox clock, or None when the target keeps no clock of its own."""
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

    def _move(self, token: str, how: str, body: dict[str, object]) -> None:
        response = self.session.post(
            f"{self.origin}/_sandbox/clock/{how}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        if response.status_code in NOT_OFFERED:
            pytest.skip(
                f"needs time to pass: the target offers no clock control (POST /_sandbox/clock/{how} "
                f"answered {response.status_code})"
            )
        assert response.status_code == 200, f"clock control refused: {response.status_code} {response.text}"
