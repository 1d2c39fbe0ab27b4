"""Runs ``tests/test_wall_clock.py`` once per instant, in this one process, under libfaketime.

Started by ``tests/test_any_date.py`` with the preload library in place and
``FAKETIME_NO_CACHE=1``, so setting ``FAKETIME`` here moves the faked wall clock
at once (it then runs on from that instant). One process for all the instants
spares five interpreter and import start-ups.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta

import pytest


def main(instants: list[str]) -> int:
    failed = []
    for text in instants:
        at = datetime.fromisoformat(text)
        os.environ["FAKETIME"] = at.strftime("@%Y-%m-%d %H:%M:%S")
        seen = datetime.now(UTC)
        # libfaketime re-anchors a few microseconds early; the instant is what matters.
        if not -timedelta(seconds=1) <= seen - at < timedelta(minutes=5):
            print(f"{text}: the wall clock reads {seen.isoformat()}, not the instant", flush=True)
            failed.append(text)
            continue
        code = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "tests/test_wall_clock.py"])
        print(f"{text}: pytest exit {int(code)}", flush=True)
        if code != 0:
            failed.append(text)
    print(f"failed at: {', '.join(failed) or 'none'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
