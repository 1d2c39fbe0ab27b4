"""One SQLite writer at a time, queued by the kernel instead of SQLite's sleeping retries.

SQLite answers a second ``BEGIN IMMEDIATE`` with "busy", and its busy handler retries after
sleeps that grow to 100 ms. With forty handler threads per worker and two workers all
creating bookings, writers spent most of their time asleep: 174 creates a second, p99 2.7 s.
Here a write transaction first passes a gate: a ``threading.Lock`` queues the process's own
threads, then an ``flock`` on ``<db>-writer.lock`` queues the processes. Both wake the next
waiter the moment the holder lets go, so ``BEGIN IMMEDIATE`` finds the database free. The
gate opens when the transaction ends (commit or rollback), from ``GatedConnection``, the
sqlite3 connection class the engine uses. Other databases have their own locking and no gate.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from mockserver.storage.database.checkpoints import Checkpoints
from mockserver.storage.database.descriptors import OwnDescriptor


class WriteGate:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._threads = threading.Lock()
        self._descriptor: OwnDescriptor | None = None

    def enter(self) -> None:
        self._threads.acquire()
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def leave(self) -> None:
        try:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def _file(self) -> int:
        # Opened by the process that writes (a forked worker must not share its parent's
        # open file, or flock would treat both as one holder).
        if self._descriptor is None or self._descriptor.pid != os.getpid():
            self._descriptor = OwnDescriptor(self._path, os.O_RDWR | os.O_CREAT)
        return self._descriptor.number


def gated_connection_class(gate: WriteGate, checkpoints: Checkpoints) -> type[sqlite3.Connection]:
    """A sqlite3 connection class whose ``BEGIN IMMEDIATE`` passes ``gate`` first, and whose
    write commits are counted for ``checkpoints`` once the gate is open."""

    class GatedConnection(sqlite3.Connection):
        _holding = False

        def begin(self, mode: str) -> None:
            if mode != "IMMEDIATE":
                self.execute(f"BEGIN {mode}")
                return
            gate.enter()
            try:
                self.execute("BEGIN IMMEDIATE")
            except BaseException:
                gate.leave()
                raise
            self._holding = True

        # Whichever way the transaction ends (or the connection closes), the gate opens.
        def commit(self) -> None:
            wrote = self._holding
            self._then_open_gate(super().commit)
            if wrote:
                checkpoints.committed()

        def rollback(self) -> None:
            self._then_open_gate(super().rollback)

        def close(self) -> None:
            self._then_open_gate(super().close)

        def _then_open_gate(self, end: Callable[[], None]) -> None:
            try:
                end()
            finally:
                if self._holding:
                    self._holding = False
                    gate.leave()

    return GatedConnection
