"""Reads of one statement, outside any request's transaction (a sandbox's fault rules, read
before every request's own).

On PostgreSQL they take a small pool of their own in autocommit: one round trip a read.
Through the main pool each was a checkout and its ping, the begin the select opened and the
rollback that closed it; under load the fault rules read that way cost more of a worker than
the handler (py-spy: 31 % against 28 %). Read committed, which every PostgreSQL transaction
here is, already gave each statement its own snapshot, so autocommit sees the same. A
connection the server dropped (a restart) fails its statement; it is read again once on a
fresh one. The statement runs prepared on the driver's cursor (``prepared.py``): through
SQLAlchemy's ``execute`` its cache key, execution context and result were a tenth of a
PostgreSQL GET's time holding the GIL. The fault rules' read runs on the event loop
(``control/traffic.py``), so a connection is given up on after ``CONNECT_TIMEOUT_S``.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from .prepared import PreparedStatements

CONNECT_TIMEOUT_S = 5


class AloneReads:
    def __init__(self, engine: sa.Engine) -> None:
        self._main = engine
        self._alone: sa.Engine | None = None
        self._statements = PreparedStatements(engine.dialect)
        if engine.dialect.name == "postgresql":
            alone = sa.create_engine(
                engine.url,
                isolation_level="AUTOCOMMIT",
                pool_size=2,
                max_overflow=2,
                pool_reset_on_return=None,
                # The fault rules are read on the event loop: an unreachable server must not
                # hold it for the system's TCP time-out (minutes), only for this.
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            )
            # Its connections close with whatever holds it (an app's fault book), not later.
            weakref.finalize(self, alone.dispose)
            self._alone = alone

    def all(self, statement: sa.Executable, params: Mapping[str, Any] | None = None) -> list[Any]:
        """The statement's rows (a select built once, its values in ``params``)."""
        given = params or {}
        if self._alone is None:
            with self._main.connect() as connection:
                return self._statements.all(connection, statement, given)
        rows = self._read(self._alone, statement, given)
        if rows is None:  # the pool has let the dropped connection go: a fresh one
            rows = self._read(self._alone, statement, given)
        if rows is None:
            raise DatabaseRestarting("the database dropped two connections in a row")
        return rows

    def _read(
        self, engine: sa.Engine, statement: sa.Executable, given: Mapping[str, Any]
    ) -> list[Any] | None:
        """The rows, or None if the server had dropped the connection (as after a restart)."""
        with engine.connect() as connection:
            try:
                return self._statements.all(connection, statement, given)
            except engine.dialect.loaded_dbapi.Error as error:
                # The driver's own error: the statement ran on its cursor, not through SQLAlchemy,
                # so SQLAlchemy's disconnect handling is asked here.
                if not engine.dialect.is_disconnect(error, connection.connection.dbapi_connection, None):
                    raise
                connection.invalidate()
                return None


class DatabaseRestarting(RuntimeError):
    """A read failed on two connections in a row, each dropped by the server."""
