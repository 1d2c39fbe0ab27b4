"""Telling the submitters of journal entries how their commit went: a thread's future at once,
an event loop's futures in one call through its queue."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Protocol

Waiter = Future[None] | asyncio.Future[None]
"""What an entry's submitter waits on: a thread's future, or a future of its event loop."""


class Waiting(Protocol):
    """An entry with its submitter's waiter (``None`` for an entry answered before its commit)."""

    @property
    def done(self) -> Waiter | None: ...


def stopped() -> RuntimeError:
    return RuntimeError("the journal writer has stopped")


def settle(batch: Iterable[Waiting], failure: BaseException | None) -> None:
    """Tells the entries' waiters (the writer thread's batches: threads', and every waiter on
    PostgreSQL): a thread's at once, an event loop's in one call through its queue."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for pending in batch:
        if isinstance(pending.done, Future):
            if failure is None:
                pending.done.set_result(None)
            else:
                pending.done.set_exception(failure)
        elif pending.done is not None:
            by_loop.setdefault(pending.done.get_loop(), []).append(pending.done)
    for loop, waiting in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(_settle_on_loop, waiting, failure)


def settle_here(batch: Iterable[Waiting], failure: BaseException | None) -> None:
    """Tells the waiters of a batch committed on their own event loop's thread, at once."""
    waiting = [pending.done for pending in batch if isinstance(pending.done, asyncio.Future)]
    _settle_on_loop(waiting, failure)


def _settle_on_loop(waiting: list[asyncio.Future[None]], failure: BaseException | None) -> None:
    for done in waiting:
        if done.done():  # the request was cancelled (its client went away)
            continue
        if failure is None:
            done.set_result(None)
        else:
            done.set_exception(failure)
