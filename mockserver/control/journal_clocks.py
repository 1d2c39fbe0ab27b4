"""The clock rows that date journal entries, kept by the journal writer between batches.

An entry is dated on its sandbox's clock at write time. A clock row changes only through the
control API, which bumps the ``CLOCKS`` counter after its commit; the rows are kept until it
moves, so a batch reads none in the usual case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import SandboxClock, system_now
from mockserver.storage.database.generation import CLOCKS, Generation
from mockserver.storage.tenancy.sandbox_rows import SHARED_ROW, clock_of

CACHED_CLOCKS = 10_000


class EntryClocks:
    def __init__(self, main: sa.Engine) -> None:
        self._main = main
        self._generation = Generation.beside(main, CLOCKS)
        self._seen_generation: int | None = None
        self._rows: dict[str, Any] = {}

    def of(
        self, digests: set[str], read: Callable[[list[str]], dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The sandboxes' clock rows: kept ones unless a clock changed since. Missing ones are
        read with ``read`` (PostgreSQL's: all in one round trip on the batch's connection,
        where no counter spares the read), else on a connection of their own."""
        # Read before the rows, so a change committed after this read is seen at the next batch.
        generation = self._generation.current()
        if generation is None or generation != self._seen_generation:
            self._rows.clear()
            self._seen_generation = generation
        missing = [digest for digest in digests if digest not in self._rows]
        if missing and read is not None:
            self._rows.update(read(missing))
        elif missing:
            # One prepared lookup per sandbox (a batch rarely holds more than one or two): an
            # IN list is a new statement for SQLAlchemy to compile at every batch size.
            with self._main.connect() as connection:
                for digest in missing:
                    row = connection.execute(SHARED_ROW, {"digest": digest}).first()
                    if row is not None:
                        self._rows[digest] = row
            if len(self._rows) > CACHED_CLOCKS:
                self._rows.clear()  # a cache: rows of sandboxes gone quiet would pile up
        return {digest: self._rows[digest] for digest in digests if digest in self._rows}


class BatchClocks:
    """The clock of each row that dates a batch's entries, made once for the batch (a batch of
    a turn holds a dozen entries or more, most of them one sandbox's, under one row)."""

    def __init__(self) -> None:
        self._made: dict[int, SandboxClock] = {}  # by the row's identity: the batch holds the rows

    def at(self, row: Any, real: datetime) -> datetime:
        """What ``row``'s clock read at the real time ``real`` (``real`` itself for no row)."""
        if not row:
            return real
        clock = self._made.get(id(row))
        if clock is None:
            clock = self._made[id(row)] = clock_of(row, system_now)
        return clock.at(real)
