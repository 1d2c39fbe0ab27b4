"""The sandbox's control API, for preconditions the public API cannot create (time passing).

A target that does not offer it gets the scenario skipped, with the reason.
The control API is scoped to the caller's API key: the kit sends the same
bearer token it books with, so only its own sandbox moves.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests


class Controls:
    def __init__(self, origin: str, session: requests.Session) -> None:
        self.origin = origin
        self.session = session

    def advance_clock(self, token: str, by: timedelta) -> None:
        """Moves the caller's sandbox clock forward, or skips the scenario when the target cannot."""
        response = self.session.post(
            f"{self.origin}/_sandbox/clock/advance",
            json={"seconds": int(by.total_seconds())},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        if response.status_code in (404, 405, 501):
            pytest.skip(
                f"needs time to pass: the target offers no clock control (POST /_sandbox/clock/advance "
                f"answered {response.status_code})"
            )
        assert response.status_code == 200, f"clock control refused: {response.status_code} {response.text}"
