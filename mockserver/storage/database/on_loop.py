"""Handlers served on the event loop: the store refuses, early, what could wait long.

A handler on anyio's thread pool costs two thread hops and, under load, a fight for the GIL
between the loop and the pool: measured in process, a GET cost 2.5 ms of CPU that way and
1.5 ms on the loop. A read of a sandbox this process already knows is a few indexed lookups
that no lock can hold up (WAL readers never wait for a writer), so API handlers are first run
on the loop inside ``reads_only()``. Whatever could wait long (seeding a key this process has
not seen, a due use-mark) raises ``WouldWait`` before it touches the database; everything the
handler did until then was a read, so the caller simply runs it again off the loop (the
app's one writer thread, inside ``on_the_writer``). A write transaction of a known sandbox
runs on the loop too: it waits at the write gate for the one transaction ahead of it (a
create holds it for well under a millisecond, seeding a new key for 0.2 ms), where handing
it to the writer thread made the two threads fight for the GIL while the gate was held
(creates, A/B: 478 -> 565 a second). Once a handler has begun a write there, nothing refuses
it again: running it twice would write twice. Both steady threads' transactions follow
each other, so each keeps its connections (``SteadyConnections``). On PostgreSQL a read is
tried on the loop too (a few round trips in autocommit, ``plain_reads.py``), and so is a
write: its first transaction there waits at most ``LOOP_LOCK_WAIT_MS`` for the sandbox's
advisory lock, in the pipeline that begins it; if another write (of any server) holds it
longer, ``LocksBusy`` is raised before any statement and the handler runs on anyio's threads,
where it waits for the lock. A write that took its lock holds the loop for its round trips,
where a thread hop each way and the GIL's hand-overs around every round trip had cost more
(creates, A/B: 193 -> 315 a second).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

import sqlalchemy as sa
from anyio import to_thread

from mockserver.storage.database.engine import KeptConnection
from mockserver.storage.database.kept_answers import KeptAnswers, WallClockWatch
from mockserver.storage.database.write_locks import LocksBusy, write_options

# A context variable, not module state: each request's task (and each thread anyio copies a
# context into) sees only its own value.
_READS_ONLY: ContextVar[bool] = ContextVar("booking_sandbox_reads_only", default=False)
_ON_THE_WRITER: ContextVar[bool] = ContextVar("booking_sandbox_on_the_writer", default=False)
# Set once a handler on the loop has begun a write: from then on it must finish there.
_WROTE: ContextVar[bool] = ContextVar("booking_sandbox_wrote_on_the_loop", default=False)
T = TypeVar("T")


class WouldWait(Exception):
    """What the handler asked for may wait on a lock or take long: run it on a thread."""


@contextmanager
def reads_only() -> Iterator[None]:
    """A handler's try on the loop."""
    token, wrote = _READS_ONLY.set(True), _WROTE.set(False)
    try:
        yield
    finally:
        _WROTE.reset(wrote)
        _READS_ONLY.reset(token)


def refuse_if_reading_only(what: str) -> None:
    """Raises ``WouldWait`` inside ``reads_only()``, unless the handler has already begun a
    write there (running it again would do that write twice); ``what`` says why, for debugging."""
    if _READS_ONLY.get() and not _WROTE.get():
        raise WouldWait(what)


def writing_on_the_loop() -> bool:
    """Marks a handler on the loop, as its write transaction begins, as having written there:
    it is never refused again. Says whether this write's wait for its locks is bounded (``LocksBusy``):
    the handler's first write on the loop, which nothing has written before. Off the loop,
    nothing to mark, and a write waits for its locks."""
    if not _READS_ONLY.get():
        return False
    first = not _WROTE.get()
    _WROTE.set(True)
    return first


def on_the_writer(method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Runs a handler refused on the loop, on the process's one writer thread."""
    token = _ON_THE_WRITER.set(True)
    try:
        return method(*args, **kwargs)
    finally:
        _ON_THE_WRITER.reset(token)


class SteadyConnections:
    """The connections a SQLite worker's two steady threads keep: the loop's, for the reads
    and writes that follow each other there, and the writer thread's, for its writes, which
    take turns anyway. A transaction elsewhere (control handlers on anyio's threads,
    PostgreSQL, whose handlers all run there) takes a pooled connection (``None`` here)."""

    def __init__(self) -> None:
        self._reads = KeptConnection()
        self._writes = KeptConnection(**write_options())

    def kept(self, *, write: bool) -> KeptConnection | None:
        # A KeptConnection is one per thread: the loop's writes and the writer thread's
        # each have their own.
        if write:
            return self._writes if _ON_THE_WRITER.get() or _READS_ONLY.get() else None
        return self._reads if _READS_ONLY.get() else None

    def version(self, engine: sa.Engine, generation: Callable[[], int | None]) -> tuple[int, int] | None:
        """SQLite's ``PRAGMA data_version`` on the loop's read connection, which never writes,
        so it moves with every other connection's commit, and the clocks' ``generation``, read
        first (``kept_answers.py``). ``None`` without a counter, or inside a transaction."""
        counter = generation()
        driver: Any = self._reads.connection(engine).connection.driver_connection
        if counter is None or driver.in_transaction:
            return None
        return int(driver.execute("PRAGMA data_version").fetchone()[0]), counter

    def close(self) -> None:
        self._reads.close()
        self._writes.close()


def reads_on_loop(
    method: Callable[..., Any], writes: ThreadPoolExecutor | None, answers: KeptAnswers | None = None
) -> Callable[..., Any]:
    """``method`` first on the event loop; if it would wait long there (``storage.on_loop``:
    seeding a new key, a due use-mark, a sandbox lock another write holds), on the process's
    writer thread (SQLite's), or on anyio's threads where ``writes`` is None (PostgreSQL's).
    A read answered on the loop is kept in ``answers``, and given again while nothing it was
    made from has changed (``kept_answers.py``). Control handlers are not wrapped: they send
    webhooks and read files, on anyio's threads."""
    name = method.__name__

    async def handle(*args: Any, **kwargs: Any) -> Any:
        look, kept = (None, None) if answers is None else answers.look(name)
        if kept is not None and answers is not None and not answers.verify:
            return kept
        with reads_only(), WallClockWatch() as wall:
            try:
                answer = method(*args, **kwargs)
            except (WouldWait, LocksBusy):
                pass
            else:
                if answers is not None and look is not None:
                    if kept is not None:
                        answers.verified(look, kept, answer)
                    elif not (_WROTE.get() or wall.read):
                        answers.keep(look, answer)
                return answer
        if writes is None:
            return await to_thread.run_sync(
                functools.partial(contextvars.copy_context().run, method, *args, **kwargs)
            )
        call = functools.partial(contextvars.copy_context().run, on_the_writer, method, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(writes, call)

    # Connexion passes the parameters the signature names: the wrapper shows the method's.
    handle.__signature__ = _signature_of(method)  # type: ignore[attr-defined]
    handle.__name__ = handle.__qualname__ = name
    handle.__doc__ = method.__doc__
    return handle


def _signature_of(method: Callable[..., Any]) -> inspect.Signature:
    """``inspect.signature(method)``, read once per handler class's function, not per app."""
    function = getattr(method, "__func__", None)
    if function is None:
        return inspect.signature(method)
    return _bound_signature(function)


@functools.cache
def _bound_signature(function: Callable[..., Any]) -> inspect.Signature:
    signature = inspect.signature(function)
    # Without self, as the bound method shows it.
    return signature.replace(parameters=list(signature.parameters.values())[1:])
