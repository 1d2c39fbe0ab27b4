"""SQLite's checkpoints, run beside the writers instead of inside a write's commit.

In WAL mode a commit appends its pages to ``<db>-wal``; once the WAL holds
``wal_autocheckpoint`` pages SQLite's default (1,000) has the commit that crossed the mark copy
them back into the database file (a checkpoint, two fsyncs most of its time) before it returns.
That commit's caller holds the write gate (``write_gate.py``) until it returns, and every writer
of every worker waits: measured in process, 12 commits of 1,063 took 4-6 ms each, 59 ms
against 138 ms for all the commits.

Here every ``EVERY`` write commits of a process, once the gate is open, a short-lived thread
with a connection of its own runs a PASSIVE checkpoint: it copies what no reader still needs
while writers go on appending, and its fsyncs release the GIL. The writers' own checkpoint
stays, later (``BACKSTOP_PAGES``), for what such a thread cannot do: SQLite starts the WAL
again from its beginning only after a checkpoint that ended with every frame copied, and under
writes from several processes one rarely does. The writer's own, which no other writer can
overtake, then has only the pages the thread left to copy.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

EVERY = 100
"""Write commits of a process between two of its checkpoints: a ReserveKit create writes about
eleven pages, so about SQLite's own cadence, the same work done elsewhere (32 measured the same)."""
BACKSTOP_PAGES = 4000
"""The WAL's pages at which a writer checkpoints in its own commit, as SQLite does at 1,000."""


class Checkpoints:
    """Counts one SQLite file's write commits in this process and checkpoints it beside them."""

    def __init__(self, path: Path, every: int = EVERY) -> None:
        # Opened read-write, never created: a file removed under a server stays removed.
        self._uri = f"{path.resolve().as_uri()}?mode=rw"
        self._every = every
        self._commits = 0
        self._running: int | None = None  # the process whose thread is checkpointing

    def committed(self) -> None:
        """A write's commit ended (the gate is open): every ``every``-th starts a checkpoint,
        unless one of this process is still running. Commits on several threads may race
        here; a count lost or a second checkpoint started costs nothing."""
        self._commits += 1
        if self._commits < self._every:
            return
        pid = os.getpid()
        # A forked worker inherits its parent's count, and the mark of a thread it does not have.
        if self._running == pid:
            return
        self._commits = 0
        self._running = pid
        threading.Thread(target=self._checkpoint, name="sqlite-checkpoint", daemon=True).start()

    def _checkpoint(self) -> None:
        try:
            with closing(sqlite3.connect(self._uri, uri=True, isolation_level=None)) as connection:
                # PASSIVE never waits for a reader or a writer: what it cannot copy now, the next does.
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass  # the file is gone or busy; the writers' own checkpoint still holds the WAL's size
        finally:
            self._running = None
