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
    __slots__ = ("_number", "_pid")

    def __init__(self, path: Path, flags: int) -> None:
        self._pid = os.getpid()
        self._number = os.open(path, flags, 0o644)

    @property
    def ours(self) -> bool:
        """Opened by this process (not inherited through a fork)."""
        return self._pid == os.getpid()

    def fileno(self) -> int:
        return self._number

    def close(self) -> None:
        if self._number >= 0 and self.ours:
            number, self._number = self._number, -1
            os.close(number)

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            self.close()
