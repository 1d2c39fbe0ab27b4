"""A worker's event loop keeps one PostgreSQL connection for its handlers' writes.

A handler's write on the loop (``on_loop.py``) had checked a connection out of the pool for
each transaction and given it back after: the checkout's check, a new ``sa.Connection`` and its
options, and on the way back the pool's reset, with psycopg's autocommit turned off at checkin
and on again as the next transaction took its locks (``write_locks.py``). Writes on one loop
follow each other, so the loop keeps one connection for them, as it does for its reads
(``plain_reads.py``): 4.4 % of a ReserveKit create's instructions and 3.1 % of a merchant's.

Before each transaction it is asked what a checkout asks (has the server ended the session?),
and replaced if so; the transaction's options (its locks, their bounded wait, its writes
behind) are set on it and cleared after, whether it committed or not; a connection the
transaction found dropped is rolled back, which makes the next one reconnect. A write inside a
write, and every write off a loop (anyio's threads, the control API), takes a pooled one; a
SQLite transaction takes the connection its thread keeps, as before, or a pooled one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from mockserver.storage.database.engine import KeptConnection, transaction
from mockserver.storage.database.plain_reads import on_a_loop
from mockserver.storage.database.write_behind import WRITE_BEHIND_OPTION
from mockserver.storage.database.write_locks import BOUNDED_WAIT_OPTION, IDLE, LOCKS_OPTION

CLEARED: dict[str, Any] = {LOCKS_OPTION: (), BOUNDED_WAIT_OPTION: False, WRITE_BEHIND_OPTION: None}
"""A write's options as none of its own are set: each transaction's are set over these."""


class LoopWrites:
    """A handler's transactions: on the connection its thread keeps where it is given one
    (SQLite's loop and writer thread, ``on_loop.SteadyConnections``), on the loop's kept
    connection for PostgreSQL's writes, else on a pooled one."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._kept = KeptConnection() if engine.dialect.name == "postgresql" else None
        self._lent = threading.local()  # "lent": whether this thread's kept connection is in use

    @contextmanager
    def transaction(self, options: dict[str, Any], steady: KeptConnection | None) -> Iterator[sa.Connection]:
        """One transaction with ``options`` (on ``steady``, whose options are its own), committed
        unless the block raises."""
        if self._kept is None or steady is not None or getattr(self._lent, "lent", False) or not on_a_loop():
            with transaction(self._engine, options, steady) as connection:
                yield connection
            return
        # Invalidated here (``checked``) or by the last transaction, which ``_reset`` left with no
        # transaction of SQLAlchemy's: either way ``begin`` takes a fresh connection.
        connection = self._kept.checked(self._engine)
        connection.execution_options(**{**CLEARED, **options})
        self._lent.lent = True
        try:
            with connection.begin():
                yield connection
        finally:
            self._lent.lent = False
            connection.execution_options(**CLEARED)
            _reset(connection)

    def dispose(self) -> None:
        if self._kept is not None:
            self._kept.close()


def _reset(connection: sa.Connection) -> None:
    """What the pool's reset did as a connection came back: a transaction left open by a begin
    that failed (``LocksBusy`` after its ``BEGIN``) rolled back; a dropped connection's
    ``sa.Connection`` rolled back too, so that its next statement reconnects."""
    driver = connection.connection.driver_connection if not connection.invalidated else None
    if driver is not None and driver.pgconn.transaction_status != IDLE:
        try:
            driver.rollback()
        except connection.dialect.loaded_dbapi.Error:
            connection.invalidate()
    if connection.invalidated:
        connection.rollback()
