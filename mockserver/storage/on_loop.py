"""Reads served on the event loop: the store refuses, early, anything that could wait.

A handler on anyio's thread pool costs two thread hops and, under load, a fight for the GIL
between the loop and the pool: measured in process, a GET cost 2.5 ms of CPU that way and
1.5 ms on the loop. A read of a sandbox this process already knows is a few indexed lookups
that no lock can hold up (WAL readers never wait for a writer), so API handlers are first run
on the loop inside ``reads_only()``. Whatever could wait (a write transaction, seeding a new
key, a due use-mark) raises ``WouldWait`` before it touches the database; everything the
handler did until then was a read, so the caller simply runs it again off the loop (the
app's one writer thread).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A context variable, not module state: each request's task (and each thread anyio copies a
# context into) sees only its own value.
_READS_ONLY: ContextVar[bool] = ContextVar("booking_sandbox_reads_only", default=False)


class WouldWait(Exception):
    """What the handler asked for may wait on a lock or take long: run it on a thread."""


@contextmanager
def reads_only() -> Iterator[None]:
    token = _READS_ONLY.set(True)
    try:
        yield
    finally:
        _READS_ONLY.reset(token)


def reading_only() -> bool:
    """Whether this is a handler's first try, on the event loop."""
    return _READS_ONLY.get()


def refuse_if_reading_only(what: str) -> None:
    """Raises ``WouldWait`` inside ``reads_only()``; ``what`` says why, for debugging."""
    if _READS_ONLY.get():
        raise WouldWait(what)
