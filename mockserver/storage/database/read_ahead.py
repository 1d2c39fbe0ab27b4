"""A plain read's statements that need not wait for each other, sent with its next one.

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

**Reads named ahead** go the same way. What a handler knows it will read from its request
alone (the customer its token names, the booking its path names: ``SandboxStore.open``'s
``ahead``), and what a ledger knows showing a row it found will read next (a lifecycle
booking's places and its order's lines), are sent with the next statement, and their rows kept
for the statement with the same parameters when it comes, once. A read named by one key may
answer the same read asked by another (``answer_as``: a booking's places read by its uuid, then
asked by its ids once its row gave them). Each statement of a plain
read has its own snapshot already (autocommit), so one read a moment early is the same read
a moment sooner; nothing the session does can change it (it is read-only).

A statement SQLAlchemy runs itself sends what is unsent alone first (``send_alone``); a read
that sends nothing leaves it unsent, and its request asks for its row once its answer is made.
(A write reads the row and its reads ahead with its locks: ``write_behind.py``.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.errors import DomainError, StorageUnavailable
from mockserver.storage.database.cursors import kept_cursors
from mockserver.storage.database.write_behind import Prepared, pass_on, read_key

READ_AHEAD_OPTION = "sandbox_read_ahead"
"""The execution option that holds a plain read's ``ReadAhead`` (one session's)."""

Read = tuple[Prepared, Mapping[str, Any]]


class StaleOpening(StorageUnavailable):
    """The sandbox a read opened on is not the one its database holds now: serve it again."""


@contextmanager
def stale_if_remade(
    connection: sa.Connection, read_again: Callable[[sa.Connection], Any], opened: Any
) -> Iterator[None]:
    """A plain read's statements each see a moment of their own: one after a reset, an import
    or a forget of its sandbox committed beside them reads another world than the first did, and
    a domain check failing on the mix (a booking whose service is gone) was a 500. Where the
    block raises anything but a domain error, the sandbox's row (``opened``) is read again:
    made anew since, the read is ``StaleOpening``, the 503 to retry. (Checked only then: a check
    after every read is a round trip more on every GET.)"""
    try:
        yield
    except DomainError:
        raise
    except Exception as error:
        try:
            now = read_again(connection)
        except Exception:
            raise error from None
        if now is None or now.made_id != opened.made_id:
            raise StaleOpening from error
        raise


class ReadAhead:
    """One plain read's statements not sent yet (its opening, where it went on an old row, and
    the reads named ahead), and the rows of those sent, until their statement asks."""

    def __init__(
        self,
        opening: Prepared | None = None,
        params: Mapping[str, Any] | None = None,
        received: Callable[[list[Any]], bool] | None = None,
        named: Sequence[Read] = (),
    ) -> None:
        self._opening = opening
        self._params = params or {}
        self._received = received
        """Given the opening's rows (none: the failure was the connection's); False: stale."""
        self.pending = opening is not None
        """Whether the opening is still to be sent."""
        self._unsent: dict[tuple[Prepared, Any], Mapping[str, Any]] = {}
        self._kept: dict[tuple[Prepared, Any], list[Any]] = {}
        for prepared, given in named:
            self.name(prepared, given)

    @property
    def unsent(self) -> bool:
        return self.pending or bool(self._unsent)

    @property
    def active(self) -> bool:
        """Whether a statement of the session has anything here: something to send, or rows."""
        return self.pending or bool(self._unsent) or bool(self._kept)

    def name(self, prepared: Prepared, params: Mapping[str, Any]) -> None:
        """A read the session will make: sent with its next statement, its rows kept till asked."""
        key = (prepared, read_key(params))
        if key not in self._kept:
            self._unsent[key] = params

    def answer_as(self, kept: Read, asked: Read) -> bool:
        """Whether ``kept``'s rows were kept; if so they answer ``asked`` instead, once: the same
        read keyed otherwise (a booking's places by its uuid, then asked by its ids)."""
        return pass_on(self._kept, kept, asked)

    def run(
        self, connection: sa.Connection, prepared: Prepared, params: Mapping[str, Any], *, first: bool
    ) -> list[Any]:
        """``prepared``'s rows: kept, or sent with whatever is unsent in one round trip."""
        key = (prepared, read_key(params))
        if key not in self._kept and not self.unsent:
            cursor = kept_cursors(connection).cursor()
            prepared.send_on(cursor, params)
            return prepared.rows_from(cursor, first=first)
        rows = self.all(connection, [(prepared, params)])[0]
        return rows[:1] if first else rows

    def all(self, connection: sa.Connection, reads: Sequence[Read]) -> list[list[Any]]:
        """Each read's rows, in order: those kept as they came, the others sent together with
        whatever is unsent, in one round trip."""
        keys = [(prepared, read_key(params)) for prepared, params in reads]
        for key, (_, params) in zip(keys, reads, strict=True):
            if key not in self._kept:
                self._unsent[key] = params
        if self.unsent:
            self.send_alone(connection)
        rows = [self._kept[key] for key in keys]
        for key in keys:
            self._kept.pop(key, None)
        return rows

    def send_alone(self, connection: sa.Connection) -> None:
        """Sends what is unsent, in one pipeline; the opening's row is checked (``StaleOpening``
        if it differs) before the others' rows are kept to be handed out."""
        kept = kept_cursors(connection)
        unsent, self._unsent = list(self._unsent.items()), {}
        opening = self.pending
        first, *cursors = kept.cursors(1 + len(unsent))
        try:
            with kept.pipeline():
                if opening and self._opening is not None:
                    self.pending = False
                    self._opening.send_on(first, self._params)
                for ((prepared, _), params), cursor in zip(unsent, cursors, strict=True):
                    prepared.send_on(cursor, params)
        except connection.dialect.loaded_dbapi.Error as error:
            if not opening or not self._dropped(connection, error):
                raise
            raise StaleOpening from error
        if opening:
            self._take(first)
        for (key, _), cursor in zip(unsent, cursors, strict=True):
            self._kept[key] = key[0].rows_from(cursor)

    def _take(self, cursor: Any) -> None:
        assert self._opening is not None, "an opening was sent"
        assert self._received is not None, "an opening was sent"
        if not self._received(self._opening.rows_from(cursor)):
            raise StaleOpening

    def _dropped(self, connection: sa.Connection, error: Any) -> bool:
        """Whether the server had dropped the connection: the opening's failure to retry, as a
        read's first statement is (``plain_reads.PlainReads.session``), by running the read
        again the usual way. Any other error is the statement's own."""
        if not connection.dialect.is_disconnect(error, connection.connection.dbapi_connection, None):
            return False
        connection.invalidate()
        assert self._received is not None, "an opening was sent"
        self._received([])
        return True


def read_ahead(connection: sa.Connection) -> ReadAhead | None:
    """The session's ``ReadAhead``, where it has anything there (a GET on PostgreSQL)."""
    ahead: ReadAhead | None = connection.get_execution_options().get(READ_AHEAD_OPTION)
    return ahead if ahead is not None and ahead.active else None


def ahead_of(connection: sa.Connection) -> ReadAhead:
    """The session's ``ReadAhead``, made for it if it had none (a plain read on PostgreSQL)."""
    ahead: ReadAhead | None = connection.get_execution_options().get(READ_AHEAD_OPTION)
    if ahead is None:
        ahead = ReadAhead()
        connection.execution_options(**{READ_AHEAD_OPTION: ahead})
    return ahead


def send_before_statement(connection: sa.Connection, *_: Any) -> None:
    """``before_cursor_execute``: a statement of SQLAlchemy's goes after what is unsent."""
    ahead = read_ahead(connection)
    if ahead is not None and ahead.unsent:
        ahead.send_alone(connection)
