"""A request's first read on PostgreSQL: its tenant's clock row, and whether its sandbox has fault rules.

Every request under an API's mount asks for its sandbox's fault rules before its handler runs
(``control/traffic.py``); a handler that reads then asks for its tenant's clock row; a change
to a ReserveKit booking asks for the sandbox's webhook endpoints, to queue its event; the
journal, once the answer is made, asks for the sandbox's clock row again to date the entry.
On PostgreSQL, where no shared counter lets a process keep any of them, each was a round trip
and a checkout of a plain-reads connection. One statement now asks what they need: the
tenant's ``TENANT_CLOCK`` row, and whether the sandbox has any fault rule or webhook endpoint
at all. Sandboxes rarely have either; where one has, they are read as before. An endpoint
registered before the request was sent is seen; one registered while it runs may or may not
be, as before (the endpoints were read after the change, a moment later).

The row is kept for the request (a context variable of the store's, which the handler's
thread inherits) and taken by its first read: the same row that read would have read a moment
later, in a statement of its own. Between the two nothing of the request's own happened; a
change by another request could as well have come between the handler's clock row and its
next statement, each in its own snapshot (``plain_reads.py``). A write reads its clock row
with its lock, as before: what it writes must be dated after what held the lock before it.

A request need not wait for the row before its handler starts: where this process has read
the row before and it said the sandbox had no fault rules, the request goes on that row
(``ahead``). The handler's first read sends the row's statement again ahead of its own, in the
same round trip (``database/read_ahead.py``); its first write reads it with its locks, in
place of the clock row, before it writes anything (``before_write``); where it sent neither,
``confirm`` reads it once the answer is made. A row that reads otherwise now (the clock moved,
a reset, a fault rule or a webhook, the sandbox gone) is that request's to serve again the
usual way (``control/traffic.py``), its first pass having written nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import sqlalchemy as sa

from mockserver.storage.control import schema as c
from mockserver.storage.database.plain_reads import PlainReads
from mockserver.storage.database.read_ahead import READ_AHEAD_OPTION, Read, ReadAhead, StaleOpening
from mockserver.storage.database.write_behind import WRITE_BEHIND_OPTION
from mockserver.storage.database.write_locks import write_options
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.rows import handler_write, tenant_clock_row
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.named_reads import Ahead, reads_named
from mockserver.storage.tenancy.sandbox_rows import key_fingerprint

FIRST_READ = q.TENANT_CLOCK.add_columns(
    sa.exists().where(c.fault_rules.c.sandbox_hash == t.sandboxes.c.key_hash).label("faulted"),
    sa.exists().where(c.webhooks.c.sandbox_hash == t.sandboxes.c.key_hash).label("hooked"),
)

REMEMBERED = 1024
"""Tenants' last rows a process keeps; past this many, it forgets them all and reads again."""


@dataclass
class FirstRead:
    """What a request's first statement found (``row`` is None: its tenant was evicted)."""

    fingerprint: str
    tenant_id: int
    row: Any
    taken: bool = field(default=False)
    confirmed: bool = field(default=True)
    """False: ``row`` is what this process read last time, not read again yet (``ahead``)."""
    stale: bool = field(default=False)
    """Read again, it was not what ``row`` had said (``row`` is now what it said)."""

    @property
    def faulted(self) -> bool:
        """Whether the sandbox has fault rules; without a row (evicted), as good as unknown."""
        return self.row is None or bool(self.row.faulted)

    @property
    def hooked(self) -> bool:
        """Whether the sandbox has webhook endpoints; without a row, as good as unknown."""
        return self.row is None or bool(self.row.hooked)


class FirstReads:
    def __init__(
        self,
        plain: PlainReads | None,
        prepared: PreparedStatements,
        known_tenant: Callable[[str], int | None],
    ) -> None:
        self._plain = plain
        self._prepared = prepared
        self._known_tenant = known_tenant
        # Per store, not per module: two apps in one process keep their requests' rows apart.
        self._current: ContextVar[FirstRead | None] = ContextVar(f"first_read_{id(self)}", default=None)
        # Each tenant's row as this process read it last: what a GET may open its sandbox on.
        self._last: dict[tuple[int, str], Any] = {}

    @property
    def made(self) -> bool:
        """Whether requests read first here (PostgreSQL); SQLite's rows are kept per process."""
        return self._plain is not None

    def read(self, api: str, api_key: str) -> FirstRead | None:
        """What the request needs first, in one statement. None where nothing was read: SQLite
        (its rows are kept per process), or a key this process has not seen yet (the handler
        finds or makes its tenant)."""
        if self._plain is None:
            return None
        fingerprint = key_fingerprint(api, api_key)
        tenant_id = self._known_tenant(fingerprint)
        if tenant_id is None:
            return None
        row = self._read(tenant_id, fingerprint)
        self._remember(tenant_id, fingerprint, row)
        return FirstRead(fingerprint, tenant_id, row)

    def ahead(self, api: str, api_key: str) -> FirstRead | None:
        """A read's first read, not read yet: the row this process read last for the key's
        tenant, where it had one and it said the sandbox has no fault rules. The handler's first
        statement reads it again, ahead of its own (``database/read_ahead.py``), or ``confirm``
        does. None where there is none to go on: ``read`` then."""
        if self._plain is None:
            return None
        fingerprint = key_fingerprint(api, api_key)
        tenant_id = self._known_tenant(fingerprint)
        last = None if tenant_id is None else self._last.get((tenant_id, fingerprint))
        if tenant_id is None or last is None or last.faulted:
            return None
        return FirstRead(fingerprint, tenant_id, last, confirmed=False)

    def confirm(self, first: FirstRead) -> bool:
        """Whether what ``ahead`` went on was right, reading it again if no statement did. False
        where it was not, or could not be read: the request is to be served again, the usual way."""
        if first.confirmed or first.stale:
            return first.confirmed
        try:
            return self._received(
                first, [] if (row := self._read(first.tenant_id, first.fingerprint)) is None else [row]
            )
        except Exception:  # served again the usual way, which reads it and answers for its failure
            return False

    def before_write(
        self, known: dict[str, Any]
    ) -> tuple[sa.Select[Any], Callable[[list[Any]], None]] | None:
        """A write of a request that went on an old row reads that row with its locks, before it
        writes anything: this gives the select and its check, which raises ``StaleOpening`` where
        the row has changed (the transaction then writes nothing, and the request is served
        again). None where the request read its row first. A write of another tenant's asks
        here first: what it would write must not be written twice."""
        first = self._current.get()
        if first is None or first.confirmed:
            return None
        if (first.tenant_id, first.fingerprint) != (known["id"], known["key_hash"]):
            if not self.confirm(first):
                raise StaleOpening
            return None
        if first.stale:
            raise StaleOpening

        def check(rows: list[Any]) -> None:
            if not self._received(first, rows):
                raise StaleOpening

        return FIRST_READ, check

    def write_options(
        self, digest: str, known: dict[str, Any], ahead: Sequence[Ahead], bounded: bool
    ) -> dict[str, Any]:
        """A pooled write's execution options: SQLite's gate; PostgreSQL's lock, its wait
        ``bounded`` (``LocksBusy``), with the tenant's clock row and the reads of what its
        handler named ``ahead`` in the same round trip (``write_behind.py``)."""
        options = write_options(digest, bounded=bounded)
        if self._plain is not None:
            options[WRITE_BEHIND_OPTION] = handler_write(
                self._prepared, known, self.before_write(known), self._bound(known["id"], ahead)
            )
        return options

    def _read(self, tenant_id: int, fingerprint: str) -> Any:
        assert self._plain is not None, "PostgreSQL's"
        known = {"id": tenant_id, "key_hash": fingerprint}
        with self._plain.session(lambda connection: self._prepared.first(connection, FIRST_READ, known)) as (
            _,
            row,
        ):
            return row

    def _remember(self, tenant_id: int, fingerprint: str, row: Any) -> None:
        if row is None:
            self._last.pop((tenant_id, fingerprint), None)
            return
        if len(self._last) >= REMEMBERED:
            self._last.clear()
        self._last[tenant_id, fingerprint] = row

    def _received(self, first: FirstRead, rows: list[Any]) -> bool:
        """The row read again: the same as ``first``'s, or ``first`` is stale."""
        row = rows[0] if rows else None
        self._remember(first.tenant_id, first.fingerprint, row)
        if row is not None and row == first.row:
            first.confirmed = True
            return True
        first.stale, first.row = True, row
        return False

    def keep(self, first: FirstRead | None) -> Token[FirstRead | None] | None:
        """Keeps the request's first read for its handler, until ``release``d (nothing to keep
        on SQLite)."""
        return None if self._plain is None else self._current.set(first)

    def release(self, kept: Token[FirstRead | None] | None) -> None:
        if kept is not None:
            self._current.reset(kept)

    def hooked(self, digest: str) -> bool | None:
        """Whether the sandbox had webhook endpoints when this request began (its first read
        said); None where this request read nothing first of that sandbox."""
        first = self._current.get()
        if first is None or not first.confirmed or first.row is None or first.row.key_hash != digest:
            return None
        return first.hooked

    def clock_row(self, known: dict[str, Any], ahead: Sequence[Ahead] = ()) -> Callable[[sa.Connection], Any]:
        """How a handler's read gets its tenant's clock row: the one its request read first, once,
        where it is that tenant's; else ``TENANT_CLOCK`` on its connection. What its handler named
        ``ahead`` goes with the read's next statement (``database/read_ahead.py``)."""
        first = self._current.get()
        named = self._bound(known["id"], ahead)
        opening: ReadAhead | None = ReadAhead(named=named) if named else None
        if (
            first is None
            or first.taken
            or first.stale
            or (first.tenant_id, first.fingerprint) != (known["id"], known["key_hash"])
        ):
            read = tenant_clock_row(self._prepared, known)
        else:
            first.taken = True
            read = partial(_given, first.row)
            if not first.confirmed:
                prepared = self._prepared.get(FIRST_READ)
                assert prepared is not None, "the first read is a plain select"
                opening = ReadAhead(prepared, known, partial(self._received, first), named)
        return read if opening is None else _with_ahead(opening, read)

    def _bound(self, tenant_id: int, ahead: Sequence[Ahead]) -> list[Read]:
        """What ``ahead`` names, prepared (a statement SQLAlchemy must run is left to it)."""
        bound = [
            self._prepared.bound(statement, params)
            for named in ahead
            for statement, params in reads_named(tenant_id, named)
        ]
        return [(prepared, given) for prepared, given in bound if prepared is not None]


def _given(row: Any, _: sa.Connection) -> Any:
    return row


def _with_ahead(ahead: ReadAhead, read: Callable[[sa.Connection], Any]) -> Callable[[sa.Connection], Any]:
    def opening(connection: sa.Connection) -> Any:
        connection.execution_options(**{READ_AHEAD_OPTION: ahead})
        return read(connection)

    return opening
