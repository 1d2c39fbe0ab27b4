"""The plugin's session on a shared sandbox that scales to nothing (Cloud Run, Render): the first
health check is held while the server starts, and is asked again with the patience the contract
kit has, saying so, where the session's tests had each failed with "cannot reach it (timed
out)". The waits are shortened here (``HEALTH_SECONDS``, ``COLD_START_SECONDS``); the plugin's
are 10 and 50 s."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.integration import sandbox_answers
from mockserver.integration.pytest_plugin import _served_by_a_sandbox
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.conftest import START
from tests.contract.live import serving
from tests.contract.test_cold_start import Starting


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_answers, "HEALTH_SECONDS", 0.3)
    monkeypatch.setattr(sandbox_answers, "COLD_START_SECONDS", 1.5)


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))


def test_a_sandbox_starting_from_cold_is_waited_for_saying_so(short_waits: None, app: Any) -> None:
    starting = Starting(app, held=1, seconds=1.0)
    said: list[str] = []
    with serving(starting) as origin:
        assert _served_by_a_sandbox(origin, said.append) == tuple(KNOWN_APIS)
    assert starting.paths == ["/_sandbox/health", "/_sandbox/health"]  # asked again once
    assert said == [
        f"{origin}/_sandbox/health did not answer within 0.3 s; asking again and waiting up to "
        "1.5 s, as for a sandbox starting from cold"
    ]


def test_a_sandbox_that_answers_at_once_is_asked_once(short_waits: None, app: Any) -> None:
    starting = Starting(app, held=0, seconds=0)
    said: list[str] = []
    with serving(starting) as origin:
        _served_by_a_sandbox(origin, said.append)
    assert (starting.paths, said) == (["/_sandbox/health"], [])


def test_a_sandbox_silent_through_both_waits_fails_the_session_in_one_line(
    short_waits: None, app: Any
) -> None:
    starting = Starting(app, held=2, seconds=2.5)
    with serving(starting) as origin, pytest.raises(pytest.fail.Exception) as failed:
        _served_by_a_sandbox(origin, lambda line: None)
    assert str(failed.value) == (
        f"booking-sandbox: --booking-sandbox-url (or booking_sandbox_url) {origin}: cannot reach it "
        "(no answer within 0.3 s, nor within 1.5 s of asking again)"
    )
