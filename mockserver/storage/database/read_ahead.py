"""A plain read's opening statement, sent with its first statement of its own: one round trip.

A GET on PostgreSQL read its sandbox's row first (``tenancy/first_reads.py``: the clock, the
making, whether it has fault rules), then its data, two round trips one after the other,
though the data's statement never waits on the row's answer. A process that has read the row
before may open the sandbox as it was then, and send the row's statement again in the
pipeline of the read's first statement, ahead of it (so in its own snapshot before the data's,
as when it went first alone). Whatever the row says now is compared with what was used: the
same, and the read was exact; not the same (the clock set, a reset, a fault rule added, the
sandbox evicted), and ``StaleOpening`` is raised before any row of the data's is handed out.
The handler stops there, having written nothing (a plain read's session is read-only), and its
request is served again the usual way (``control/traffic.py``), its first answer dropped. Were
that answer ever to leave, it says what it is: the API's 503, nothing changed, retry.

A statement SQLAlchemy runs itself sends the opening alone first (``send_alone``); a read that
sends nothing leaves it unsent, and its request asks for it once its answer is made. (A write
reads the row with its locks, before it writes anything: ``write_behind.py``.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.errors import StorageUnavailable
from mockserver.storage.database.write_behind import Prepared

READ_AHEAD_OPTION = "sandbox_read_ahead"
"""The execution option that holds a plain read's ``ReadAhead`` (one session's)."""


class StaleOpening(StorageUnavailable):
    """The sandbox a read opened on is not the one its database holds now: serve it again."""


class ReadAhead:
    """One plain read's opening statement, not sent yet, and who is told its rows."""

    def __init__(self, opening: Prepared, params: Mapping[str, Any], received: Callable[[list[Any]], bool]):
        self._opening = opening
        self._params = params
        self._received = received
        """Given the opening's rows (none: the failure was the connection's); False: stale."""
        self.pending = True

    def send(self, driver: Any) -> Any:
        """Sends the opening on a cursor of its own, in the caller's pipeline; ``take`` it after."""
        self.pending = False
        cursor = driver.cursor()
        self._opening.send_on(cursor, self._params)
        return cursor

    def take(self, cursor: Any) -> None:
        """The opening's rows, once the pipeline has synced; raises ``StaleOpening`` if they differ."""
        try:
            rows = self._opening.rows_from(cursor)
        finally:
            cursor.close()
        if not self._received(rows):
            raise StaleOpening

    def run(
        self, connection: sa.Connection, prepared: Prepared, params: Mapping[str, Any], *, first: bool
    ) -> list[Any]:
        """``prepared``'s rows, the opening sent ahead of it in the same round trip."""
        with closing(connection.connection.cursor()) as cursor:
            with self.sent_first(connection):
                prepared.send_on(cursor, params)
            return prepared.rows_from(cursor, first=first)

    @contextmanager
    def sent_first(self, connection: sa.Connection) -> Iterator[None]:
        """A pipeline on ``connection``'s driver whose first statement is the opening: the block
        sends the read's own; once it has synced, the opening's rows are taken (``StaleOpening``
        if they differ), before any of the block's rows are read."""
        driver: Any = connection.connection.driver_connection
        try:
            with driver.pipeline():
                opening = self.send(driver)
                yield
        except connection.dialect.loaded_dbapi.Error as error:
            if not self._dropped(connection, error):
                raise
            raise StaleOpening from error
        self.take(opening)

    def send_alone(self, connection: sa.Connection) -> None:
        """Sends the opening by itself, before a statement that does not go through here."""
        with self.sent_first(connection):
            pass

    def _dropped(self, connection: sa.Connection, error: Any) -> bool:
        """Whether the server had dropped the connection: the opening's failure to retry, as a
        read's first statement is (``plain_reads.PlainReads.session``), by running the read
        again the usual way. Any other error is the statement's own."""
        if not connection.dialect.is_disconnect(error, connection.connection.dbapi_connection, None):
            return False
        connection.invalidate()
        self._received([])
        return True


def read_ahead(connection: sa.Connection) -> ReadAhead | None:
    """The session's unsent opening, where it has one (a GET on PostgreSQL, ``first_reads.py``)."""
    ahead: ReadAhead | None = connection.get_execution_options().get(READ_AHEAD_OPTION)
    return ahead if ahead is not None and ahead.pending else None


def send_before_statement(connection: sa.Connection, *_: Any) -> None:
    """``before_cursor_execute``: a statement of SQLAlchemy's goes after the opening."""
    ahead = read_ahead(connection)
    if ahead is not None:
        ahead.send_alone(connection)
