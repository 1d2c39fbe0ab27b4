"""Change counters that every worker process reads without a query.

Fault rules and sandbox clocks are looked at on every request and change rarely,
so each process caches them; it must still see a change another worker made
before that worker's answer left. The counter is the size of a small file beside the
SQLite database: a change appends one byte (``O_APPEND`` writes are atomic
between processes) and a reader ``stat``s it, a microsecond or two. A database
that is not a local file has no such file, and its readers always reload.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from mockserver.storage.engine import database_file

FAULTS = "faults"
"""Bumped when a sandbox's fault rules change."""
CLOCKS = "clocks"
"""Bumped after a sandbox's clock row changes: moved, reset, imported or evicted."""
WEBHOOKS = "webhooks"
"""Bumped after a sandbox's webhook endpoints change: added or removed."""


class Generation:
    def __init__(self, path: Path | None) -> None:
        self._path = path
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
            return os.stat(self._path).st_size
        except OSError:
            return None

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
