"""The locks a write transaction takes: on PostgreSQL a transaction-scoped advisory lock per
sandbox it changes (and named ones: the schema's, admission's), taken as it begins, in one
order, so two writers never wait for each other crosswise. SQLite's writer holds the whole
database already (``write_gate.py``); there the options only ask for ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlalchemy as sa

from mockserver.storage.database.cursors import kept_cursors
from mockserver.storage.database.write_behind import WRITE_BEHIND_OPTION, WriteBehind

BEGIN_MODE_OPTION = "sandbox_begin"
LOCKS_OPTION = "sandbox_locks"
BOUNDED_WAIT_OPTION = "sandbox_locks_bounded"
"""Set where a write must not wait long for its locks (a handler's first write on the event
loop): a lock held past ``LOOP_LOCK_WAIT_MS`` raises ``LocksBusy`` as the transaction begins,
before any statement of its own."""
LOOP_LOCK_WAIT_MS = 25
"""How long a write on the event loop waits for its sandbox's lock (the loop serves nothing
meanwhile): longer than a few creates ahead of it hold it, shorter than a reset or an import."""

SCHEMA_LOCK = "schema"
"""Held while a process creates or migrates the schema (servers may start together)."""
ADMISSION_LOCK = "sandbox admission"
"""Held while a new sandbox is counted against the limit and admitted, or idle ones evicted."""


IDLE = 0
"""psycopg's ``pq.TransactionStatus.IDLE`` (libpq's ``PQTRANS_IDLE``): psycopg is an extra, and
SQLite's servers never import it."""
CONNECTION_OK = 0
"""libpq's ``CONNECTION_OK`` (psycopg's ``pq.ConnStatus.OK``), named here for the same reason."""

ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(%s)"
"""Waits for, then holds until the transaction ends, one lock of a 64-bit key."""

BOUNDED_LOCK = "SELECT booking_sandbox_bounded_lock(%s)"
"""``ADVISORY_LOCK`` waiting at most ``LOOP_LOCK_WAIT_MS`` (then ``LockNotAvailable``): the
function's own ``SET`` clause bounds the wait while it runs and puts the session's back as it
returns, so a later wait in the transaction is not bounded. Two ``SET LOCAL`` statements around
the lock did the same, and were 2.4 % of a create's instructions besides the server's work."""

BOUNDED_LOCK_FUNCTION = f"""CREATE OR REPLACE FUNCTION booking_sandbox_bounded_lock(key bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SET lock_timeout = '{LOOP_LOCK_WAIT_MS}ms'
AS 'BEGIN PERFORM pg_advisory_xact_lock(key); END'"""
"""Made with a PostgreSQL database's tables (``migrations``), and by revision 0010 in one made
before it. A change to the wait is a new revision that makes it again. PL/pgSQL keeps its
statement's plan for the session, where a SQL function with a ``SET`` clause is planned at each
call (42.5-50 us of the server's CPU for the locks' pipeline, 37.5-42.5 in PL/pgSQL)."""


class LocksBusy(Exception):
    """A write whose wait for its locks is bounded found one held longer by another transaction:
    nothing of it ran, and the transaction is rolled back as its connection goes back to the
    pool."""


def begin_postgresql_transaction(connection: sa.Connection) -> None:
    # Read committed, so every statement after the lock sees what the previous holder
    # committed. The locks go in one round trip, not one each, and the transaction's BEGIN with
    # them (the first statement sent begins it: ``named_statements.py``); on the event loop
    # they wait at most ``LOOP_LOCK_WAIT_MS``, then ``LocksBusy``.
    options = connection.get_execution_options()
    keys = options.get(LOCKS_OPTION, ())
    if not keys:
        return
    # A handler's write reads its first rows after the locks, in the same round trip.
    behind: WriteBehind | None = options.get(WRITE_BEHIND_OPTION)
    bounded = options.get(BOUNDED_WAIT_OPTION, False)
    kept = kept_cursors(connection)
    try:
        # One cursor for the statements whose answers are not read: each replaces the last's.
        cursor = kept.cursor()
        with kept.pipeline():
            for key in keys:
                cursor.execute(BOUNDED_LOCK if bounded else ADVISORY_LOCK, (key,))
            if behind is not None:
                behind.send_first_reads(kept)
    except connection.dialect.loaded_dbapi.errors.LockNotAvailable as held:
        raise LocksBusy(f"a sandbox lock held past {LOOP_LOCK_WAIT_MS} ms by another write") from held
    except connection.dialect.loaded_dbapi.OperationalError:
        # Raised by the driver here, outside SQLAlchemy's statements, a session the server ended
        # (a restart) was not seen as lost: the pool rolled it back on its return, which failed
        # and was logged as a traceback ("Exception during reset or similar") each time.
        if connection.connection.driver_connection.pgconn.status != CONNECTION_OK:  # type: ignore[union-attr]
            connection.invalidate()
        raise
    if behind is not None:
        behind.receive_first_reads()


def implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    """``checkin``: a connection goes back to the pool beginning its transactions with their first
    statement, as SQLAlchemy and the rest of the code expect of it (the journal's batches put
    their slot's connection in autocommit: ``journal_pipeline.py``)."""
    if dbapi_connection is not None and dbapi_connection.pgconn.transaction_status == IDLE:
        dbapi_connection.autocommit = False


def hold_locks(connection: sa.Connection, names: list[str]) -> None:
    """Takes, inside a write transaction already begun, the locks of sandboxes it found
    only by reading (eviction's). SQLite's writer holds the whole database already."""
    if connection.dialect.name != "postgresql":
        return
    for key in sorted({lock_key(name) for name in names}):
        connection.exec_driver_sql(ADVISORY_LOCK, (key,))


def lock_key(name: str) -> int:
    """A signed 64-bit advisory lock key for ``name`` (a sandbox's hash, or a lock's name)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def write_options(*locks: str, bounded: bool = False) -> dict[str, Any]:
    """Execution options for a write transaction that changes what ``locks`` name (sandbox
    hashes, or ``SCHEMA_LOCK``/``ADMISSION_LOCK``), taken in one order so two writers never
    wait for each other crosswise; ``bounded``: PostgreSQL's wait for them bounded (``LocksBusy``)."""
    keys = tuple(sorted({lock_key(name) for name in locks}))
    return {BEGIN_MODE_OPTION: "IMMEDIATE", LOCKS_OPTION: keys, BOUNDED_WAIT_OPTION: bounded}
