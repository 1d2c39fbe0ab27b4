"""A server process leaves out what its libraries load and it never runs (``server/lean.py``)."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.server.lean import UNUSED
from tests.test_serve import call, serving
from tests.test_workers import children, has_open, one_worker, wait_for

# What the left-out modules would bring with them, where they are installed (beside the kit).
BROUGHT = ("rich", "pygments", "watchfiles")


def imported_by_the_server(*, lean: bool) -> list[str]:
    program = (
        ("from mockserver.server.lean import leave_out_unused; leave_out_unused()\n" if lean else "")
        + "import sys, mockserver.server.workers\n"
        + f"print(__import__('json').dumps(sorted(m for m in {BROUGHT!r} if sys.modules.get(m) is not None)))"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_server_imports_none_of_what_only_a_command_line_or_reloading_runs() -> None:
    if not all(importlib.util.find_spec(name) for name in BROUGHT):
        pytest.skip("rich, pygments or watchfiles is not installed: there is nothing to leave out")
    assert imported_by_the_server(lean=False) == sorted(BROUGHT), "the libraries would load them"
    assert imported_by_the_server(lean=True) == []


def test_what_is_left_out_leaves_the_libraries_working() -> None:
    program = (
        "from mockserver.server.lean import leave_out_unused; leave_out_unused()\n"
        "import httpx, uvicorn.supervisors\n"
        "assert httpx.Client().get  # the client itself\n"
        "print(uvicorn.supervisors.ChangeReload.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "StatReload", "uvicorn's own fallback where watchfiles is absent"
    assert UNUSED == ("httpx._main", "watchfiles")


def mapped(pid: int, fragment: str) -> bool:
    return fragment in Path(f"/proc/{pid}/maps").read_text()


@pytest.mark.skipif(importlib.util.find_spec("watchfiles") is None, reason="watchfiles is not installed")
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads Linux's /proc")
def test_no_served_process_maps_watchfiles_native_library_a_replacement_neither() -> None:
    with serving("--workers", "2") as (base, process):
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 200
        (worker,) = children(process.pid)
        assert not mapped(process.pid, "/watchfiles/")
        assert not mapped(worker, "/watchfiles/")
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: len(children(process.pid)) == 1 and worker not in children(process.pid))
        replacement = one_worker(process)
        wait_for(lambda: has_open(replacement, "sandbox.db"))  # its server imported and serving
        assert not mapped(replacement, "/watchfiles/")
