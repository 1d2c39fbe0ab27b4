"""``serve``'s processes: workers forked after the imports, replaced when they die, stopped with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mockserver.local_server import free_port, wait_until_up
from mockserver.settings import Settings
from mockserver.workers import SandboxWorker, Workers
from tests.conftest import START, occurrence
from tests.test_serve import call, serving

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux's /proc")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(child) for child in task.read_text().split()}
    return found


def shared_anonymous_kb(pid: int) -> int:
    """Written memory this process shares with another: after a fork, the parent's pages that
    neither has written since. A spawned interpreter shares none (only files, clean)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Shared_Dirty:"):
            return int(line.split()[1])
    raise AssertionError("no Shared_Dirty line")


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("not within the time allowed")


def test_workers_share_the_imported_code_with_the_process_that_forked_them() -> None:
    with serving("--workers", "2") as (base, process):
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 200
        workers = children(process.pid)
        assert len(workers) == 2
        for worker in workers:
            # SQLAlchemy, Connexion, Faker and the handlers, imported once: tens of MB each
            # worker would otherwise hold alone (measured about 30 MB after serving).
            assert shared_anonymous_kb(worker) > 10_000


def test_a_worker_that_dies_is_replaced_and_state_is_kept() -> None:
    with serving("--workers", "2") as (base, process):
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        status, created = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})
        assert status == 201, created
        before = children(process.pid)
        victim = min(before)
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(children(process.pid)) == 2 and victim not in children(process.pid))
        for _ in range(10):
            status, found = call(base, "GET", f"/reservekit/v1/bookings/{created['data']['id']}")
            assert (status, found["data"]["date"]) == (200, day)


def test_stopping_the_server_stops_every_worker_and_leaves_no_control_socket(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKING_SANDBOX_", "XDG_"))}
    env["HOME"] = str(tmp_path)
    command = ["serve", "--port", str(port), "--workers", "2", "--start-at", START.isoformat()]
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", *command, "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until_up(port, process=process)
        workers = children(process.pid)
        assert len(workers) == 2
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    assert not [worker for worker in workers if Path(f"/proc/{worker}").exists()]
    # gunicorn (25.1 and later) would otherwise open a control socket under $HOME. The one
    # thing written there is the documented cache: a marker per spec found valid.
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert written, "the specs' validity was remembered in the cache"
    assert all(name.startswith(".cache/booking-sandbox/valid-specs/") for name in written), written


@pytest.mark.parametrize(
    ("host", "bind"),
    [("127.0.0.1", "127.0.0.1:8123"), ("0.0.0.0", "0.0.0.0:8123"), ("::1", "[::1]:8123")],
)
def test_the_arbiter_is_configured_from_the_settings_alone(host: str, bind: str) -> None:
    arbiter = Workers(Settings(host=host, port=8123, workers=3, log_level="warning"))
    assert arbiter.cfg.bind == [bind]
    assert arbiter.cfg.workers == 3
    assert arbiter.cfg.worker_class is SandboxWorker
    assert arbiter.cfg.loglevel == "warning"
    assert arbiter.cfg.accesslog is None
    assert arbiter.cfg.control_socket_disable is True
    assert arbiter.cfg.preload_app is False  # each worker builds its own app after the fork


def test_requests_are_logged_at_debug_only() -> None:
    assert Workers(Settings(log_level="debug")).cfg.accesslog == "-"
    assert Workers(Settings(log_level="info")).cfg.accesslog is None
