"""Runs ``tests/test_wall_clock.py`` under libfaketime, at the one instant the wall clock was set to.

Started by ``tests/test_any_date.py``, one process per instant, with the preload
library in place and ``FAKETIME`` naming the instant: the faked wall clock starts
there and runs on. Each instant has its own process, so the instants run on both
of the suite's workers and libfaketime may cache its setting (with
``FAKETIME_NO_CACHE``, which moving the clock inside one process needs, every
clock read parses it again: a third slower).
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta

import pytest


def main(text: str) -> int:
    at = datetime.fromisoformat(text)
    seen = datetime.now(UTC)
    # libfaketime anchors a few microseconds early; the instant is what matters.
    if not -timedelta(seconds=1) <= seen - at < timedelta(minutes=5):
        print(f"{text}: the wall clock reads {seen.isoformat()}, not the instant", flush=True)
        return 1
    # Only the plugin these tests use: finding the installed ones (every distribution's entry
    # points read) and importing them was a quarter of each child's CPU.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    plugin = ["-p", "mockserver.integration.pytest_plugin"]
    code = pytest.main(["-q", "-p", "no:cacheprovider", *plugin, "tests/test_wall_clock.py"])
    print(f"{text}: pytest exit {int(code)}", flush=True)
    return int(code)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
