"""The time-sensitive tests under a faked wall clock, at each of the awkward instants.

libfaketime (its preload library ships in the ``libfaketime`` wheel, a test
extra) makes the wall clock of a child process (``tests/any_date_child.py``, one
per instant) read the instant and run on from it. The child runs the tests that
let sandboxes start on the wall clock; every other test starts its sandboxes at a
fixed instant (or hands the domain a fixed clock), so no wall-clock day reaches
it. Monotonic clocks stay real, so timeouts and thread waits behave.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import AWKWARD_INSTANTS

UNDER_FAKE_TIME = ["tests/test_wall_clock.py"]
ROOT = Path(__file__).resolve().parent.parent


def _preload() -> Path | None:
    try:
        import libfaketime  # noqa: PLC0415 (a test extra; the reason to skip is reported below)
    except ImportError:
        return None
    library = Path(libfaketime.__file__).parent / "vendor" / "libfaketime" / "src" / "libfaketime.so.1"
    return library if library.exists() and sys.platform.startswith("linux") else None


def _faked(at: datetime) -> dict[str, str]:
    library = _preload()
    if library is None:
        pytest.skip("libfaketime's preload library is not installed (pip install 'booking-sandbox[test]')")
    return {
        **os.environ,
        "LD_PRELOAD": str(library),
        "FAKETIME": at.strftime("@%Y-%m-%d %H:%M:%S"),
        "TZ": "UTC",
        # Monotonic clocks stay real (timeouts, waits, a dripping client's pace): libfaketime
        # reads the older name or, from 0.9.10 on, the prefixed one.
        "DONT_FAKE_MONOTONIC": "1",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
        # Nothing written under a faked clock, bytecode included: the children read what the
        # suite's other processes compiled (with it dropped, no run was measurably faster).
        "PYTHONDONTWRITEBYTECODE": "1",
        # Its "monotonic fix" rewrites the timeout of every wait on a monotonic condition
        # variable, each of CPython's GIL hand-overs among them, though monotonic clocks are
        # not faked here: two faked processes on two busy cores took 64 s instead of 7.
        "FAKETIME_FORCE_MONOTONIC_FIX": "0",
    }


def run_faked(at: datetime, module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` from the checkout, its wall clock (and its children's) at ``at``."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        env=_faked(at),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "at", AWKWARD_INSTANTS, ids=[at.strftime("%Y-%m-%dT%H:%M") for at in AWKWARD_INSTANTS]
)
def test_time_sensitive_tests_pass_with_the_wall_clock_at(at: datetime) -> None:
    child = run_faked(at, "tests.any_date_child", at.isoformat())
    report = child.stdout[-6000:] + child.stderr[-2000:]
    assert child.returncode == 0, report
    assert f"{at.isoformat()}: pytest exit 0" in child.stdout, report
