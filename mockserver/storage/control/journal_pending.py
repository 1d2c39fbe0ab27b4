"""Entries answered but not yet committed: a mark that journal readers wait on, in any process.

A worker answers a request on its event loop once the request's entry is queued for the commit
at the end of the loop's turn, not after that commit: waiting for it suspended every request
and resumed it a turn later, 50 us of a GET's CPU under load (``ARCHITECTURE.md``, Speed). The
journal stays exact for its readers instead. While a process holds entries it has answered and
not yet committed, it holds an exclusive ``flock`` on its slot's ``shard-<slot>.pending``,
taken before the first of them is answered and let go once their transaction has ended. A
reader, in any process, takes each shard's lock shared before it reads, and lets it go at
once: the kernel holds it back until exactly those commits are done (one turn of the other
loop), with no polling. A process that dies lets its lock go with it.

``flock`` locks belong to an open file description, so a reader thread of the owning process
waits on the mark like any other reader (it opens the file apart). Only the thread holding the
mark must not wait for it: it commits its turn first (``JournalWriter.commit_own_turn``).
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

PENDING_GLOB = "shard-*.pending"


def pending_path(directory: Path, slot: int) -> Path:
    return directory / f"shard-{slot}.pending"


class PendingMark:
    """This process's mark on its own shard; held by the one thread that queues a turn."""

    def __init__(self, path: Path) -> None:
        self._descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self._held = False

    def hold(self) -> None:
        # Waits only while a reader holds the lock shared: the instant between its two calls.
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        os.close(self._descriptor)


class PendingReader:
    """Waits until every shard's answered entries are committed (before a journal read)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._opened: dict[Path, tuple[int, int]] = {}  # path -> (process id, descriptor)
        self._lock = threading.Lock()

    def wait(self) -> None:
        for descriptor in self._descriptors():
            fcntl.flock(descriptor, fcntl.LOCK_SH)
            fcntl.flock(descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        with self._lock:
            pid = os.getpid()
            for owner, descriptor in self._opened.values():
                if owner == pid:
                    os.close(descriptor)
            self._opened.clear()

    def _descriptors(self) -> list[int]:
        # Opened by the process that reads: a forked worker must not share its parent's
        # descriptions (its shared lock would then be its parent's, and the other way round).
        pid = os.getpid()
        with self._lock:
            for path in self._directory.glob(PENDING_GLOB):
                kept = self._opened.get(path)
                if kept is None or kept[0] != pid:
                    try:
                        self._opened[path] = (pid, os.open(path, os.O_RDONLY))
                    except FileNotFoundError:  # its shard's directory was removed under us
                        continue
            return [descriptor for owner, descriptor in self._opened.values() if owner == pid]
