"""A file descriptor this process opened itself, closed once nothing holds it.

The write gate's lock file and the change counters' files are opened with ``os.open`` and kept
open for as long as their store lives, which is told nothing when it is dropped (a test's app,
an app a user's own test suite makes). Each descriptor then stayed open until the process
ended, five an app, and a process that had made a few dozen apps met its open-files limit
(macOS gives a shell 256, many Linux hosts 1,024): "unable to open database file".

A descriptor opened before a fork is its parent's: a child neither uses it for its own locks
(``flock`` would take the two for one holder) nor closes it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class OwnDescriptor:
    """``pid``: the process that opened it; ``number``: the descriptor (-1 once closed). Plain
    attributes, as the change counters read theirs on every request."""

    __slots__ = ("number", "pid")

    def __init__(self, path: Path, flags: int) -> None:
        self.pid = os.getpid()
        # Closed until opened: where the open fails (a test's folder gone under an app a thread
        # still reads), the collector's close found no number ("Exception ignored in __del__").
        self.number = -1
        self.number = os.open(path, flags, 0o644)

    def close(self) -> None:
        if self.number >= 0 and self.pid == os.getpid():
            number, self.number = self.number, -1
            os.close(number)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            self.close()
