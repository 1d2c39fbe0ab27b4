"""The app for an ASGI server of one's own (``mockserver/server/asgi.py``), as uvicorn starts it
with workers of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.server.asgi import app_from_environment
from mockserver.server.settings import SettingsError
from tests.conftest import occurrence
from tests.test_serve import call


def test_without_a_database_the_factory_refuses_and_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("BOOKING_SANDBOX_")]:
        monkeypatch.delenv(name)
    with pytest.raises(SettingsError, match=r"BOOKING_SANDBOX_DB is not set: each of the server's workers"):
        app_from_environment()


def test_uvicorns_two_workers_share_the_database_it_names(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    env["BOOKING_SANDBOX_DB"] = str(tmp_path / "sandbox.db")
    command = [sys.executable, "-m", "uvicorn", "--factory", "mockserver.server.asgi:app_from_environment"]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(port, process=process)
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        status, made = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})
        assert status == 201
        path = f"/reservekit/v1/bookings/{made['data']['id']}"
        # urllib opens a connection a call, and uvicorn's workers share the socket: both answer.
        assert {call(base, "GET", path)[0] for _ in range(16)} == {200}
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert "Traceback" not in errors, errors
