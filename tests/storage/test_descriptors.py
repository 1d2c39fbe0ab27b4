"""Files a store opened itself are let go when it is: a process may make and drop many apps."""

from __future__ import annotations

import gc
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.descriptors import OwnDescriptor
from tests.asgi_client import TestClient
from tests.conftest import START

ROOT = Path(__file__).parents[2]


def _open_files() -> int:
    return len(os.listdir("/dev/fd"))


def _collected() -> None:
    # Twice: the first collection runs the apps' finalizers, which let go of what the second frees.
    gc.collect()
    gc.collect()


def test_a_descriptor_dropped_is_closed_and_one_closed_twice_is_no_error(tmp_path: Path) -> None:
    lock = tmp_path / "lock"

    def open_on_lock() -> list[int]:
        # By the file each descriptor is open on, not by its number: a closed number may be
        # given again to a file another thread opens meanwhile.
        return [n for n in map(int, os.listdir("/dev/fd")) if _file_of(n) == _file_of(lock)]

    descriptor = OwnDescriptor(lock, os.O_RDWR | os.O_CREAT)
    assert open_on_lock() == [descriptor.number]
    descriptor.close()
    descriptor.close()
    assert open_on_lock() == []
    kept = OwnDescriptor(lock, os.O_RDWR | os.O_CREAT)
    assert open_on_lock() == [kept.number]
    del kept
    assert open_on_lock() == []


def test_a_descriptor_that_could_not_be_opened_is_dropped_quietly(tmp_path: Path) -> None:
    """A change counter read by an app's thread after its test's folder went: the open failed,
    and the collector's close met no number, an "Exception ignored" warning in a later test."""
    unraisable: list[object] = []
    hook, sys.unraisablehook = sys.unraisablehook, unraisable.append
    try:
        with pytest.raises(FileNotFoundError):
            OwnDescriptor(tmp_path / "gone" / "counter", os.O_RDONLY | os.O_CREAT)
        _collected()
    finally:
        sys.unraisablehook = hook
    assert unraisable == []


def _file_of(opened: int | Path) -> tuple[int, int] | None:
    try:
        status = os.fstat(opened) if isinstance(opened, int) else opened.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def test_apps_made_served_and_dropped_leave_no_file_open(tmp_path: Path) -> None:
    _collected()
    before = _open_files()
    for n in range(6):
        settings = Settings.load(
            {"db": str(tmp_path / f"app{n}.db"), "start_at": START, "frozen": True}, environ={}
        )
        app = create_app(settings)
        with TestClient(app) as client:
            # Served: the write gate, the clock and fault counters and the journal are opened.
            answer = client.post(
                "/_sandbox/faults",
                headers={"Authorization": "Bearer sk_rsv_descriptors_0001"},
                json={
                    "api": "reservekit-v1",
                    "method": "GET",
                    "path": "/v1/services",
                    "kind": "error",
                    "status": 503,
                },
            )
            assert answer.status_code < 300, answer.text
            client.get(
                "/reservekit/v1/bookings/1", headers={"Authorization": "Bearer sk_rsv_descriptors_0001"}
            )
        del app, client
    _collected()
    # Five an app were left open (thirty here) before their descriptors closed with their store.
    assert _open_files() <= before + 2, sorted(os.readlink(f"/dev/fd/{n}") for n in os.listdir("/dev/fd"))


def test_the_suite_runs_within_a_small_open_files_limit() -> None:
    """macOS gives a shell 256 open files: a contributor's ``./dev test`` there met "unable to
    open database file" once a worker had run a few dozen tests (tests/conftest.py collects)."""

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (160, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))

    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"),
            *("-W", "ignore", "-k", "sqlite"),
            # Without the collections, 36 tests held 249 files at their end; with them, 95.
            *("tests/apis/lifecycle/test_edits.py", "tests/apis/reservekit/test_bookings.py"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limited,
        check=False,
        env={name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")},
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
