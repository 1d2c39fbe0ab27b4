"""Change counters that every worker process reads without a query.

Fault rules and sandbox clocks are looked at on every request and change rarely,
so each process caches them; it must still see a change another worker made
before that worker's answer left. The counter is the size of a small file beside the
SQLite database: a change appends one byte (``O_APPEND`` writes are atomic
between processes) and a reader ``fstat``s it. A reader keeps the file open: ``stat`` by
path walks the path on every call, which under load cost a worker more than the rest of
the fault check together. A database
that is not a local file has no such file, and its readers always reload.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Generic, TypeVar

import sqlalchemy as sa

from mockserver.storage.database.descriptors import OwnDescriptor
from mockserver.storage.database.engine import database_file

FAULTS = "faults"
"""Bumped when a sandbox's fault rules change."""
CLOCKS = "clocks"
"""Bumped after a sandbox's clock row changes: moved, reset, imported or evicted."""
WEBHOOKS = "webhooks"
"""Bumped after a sandbox's webhook endpoints change: added or removed."""

T = TypeVar("T")


class Generation:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._opened: OwnDescriptor | None = None
        if path is not None:
            path.touch(exist_ok=True)

    @classmethod
    def beside(cls, engine: sa.Engine, suffix: str) -> Generation:
        """The counter for ``engine``'s database file (``<file>-<suffix>``); none for other backends."""
        database = database_file(engine)
        return cls(None if database is None else Path(f"{database}-{suffix}"))

    def current(self) -> int | None:
        """The counter now; ``None`` when there is none to trust (reload every time)."""
        if self._path is None:
            return None
        try:
            status = os.fstat(self._descriptor())
            if status.st_nlink == 0:  # the file was deleted: a bump makes a new one
                self._close()
                status = os.fstat(self._descriptor())
            return status.st_size
        except OSError:
            return None

    def _descriptor(self) -> int:
        assert self._path is not None
        # Opened by the process that reads, as a worker may be forked from its parent.
        if self._opened is None or self._opened.pid != os.getpid():
            self._opened = OwnDescriptor(self._path, os.O_RDONLY | os.O_CREAT)
        return self._opened.number

    def _close(self) -> None:
        if self._opened is not None:
            self._opened.close()
        self._opened = None

    def bump(self) -> None:
        """Tells every process that what the counter guards has changed: call it after the
        change is committed, or a reader may cache the old state under the new count."""
        if self._path is None:
            return
        descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, b".")
        finally:
            os.close(descriptor)


class PerSandbox(Generic[T]):
    """What one process read of each sandbox, kept while ``counter`` has not moved since.

    Stamp a copy with the counter read *before* the read it comes from (``counter.current()``):
    a change racing the read then leaves the copy stale under an old count, never wrong under
    the new one. With no counter (PostgreSQL) nothing is kept. A cache, not state: past
    ``most`` sandboxes it starts again empty, as sandboxes come and go.
    """

    def __init__(self, counter: Generation, most: int) -> None:
        self.counter = counter
        self._most = most
        self._copies: dict[str, tuple[int, T]] = {}

    def get(self, digest: str) -> T | None:
        """The sandbox's copy if it is current, without a query; else ``None``."""
        kept = self._copies.get(digest)
        if kept is None or kept[0] != self.counter.current():
            return None
        return kept[1]

    def keep(self, digest: str, stamp: int | None, value: T) -> None:
        if stamp is None:
            return
        if len(self._copies) >= self._most:
            self._copies.clear()
        self._copies[digest] = (stamp, value)
