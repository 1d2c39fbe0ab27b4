"""How long one request of the kit's may take whole, from its sending to its answer's last byte.

``requests`` bounds the connect and each read alone: a target that drips its answer (a byte
every few seconds, a proxy trickling a stalled upstream's keep-alive) passes every read's
timeout and would hold a run, its report and its CI job until someone stops it. The kit's
requests on the main thread (every check's, Schemathesis' and the preflight's) end at
``ANSWER_SECONDS``, with ``AnswerTooSlow``: that check fails saying so, and the run goes on.

The bound is an interval timer (``SIGALRM``), as pytest-timeout's signal mode bounds a test:
Python runs the handler in the main thread between two reads of the socket, and its exception
unwinds urllib3, which closes a connection that did not end cleanly. A request on another
thread keeps the per-read timeouts alone (the lease's renewal; a race's callers, which the
main thread waits for within the deadline: ``race.at_once``), and a timer already set by
someone else (pytest-timeout given after ``--``) is left to them.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import requests

_TIMER = hasattr(signal, "SIGALRM")
"""Windows has no interval timer: a run there keeps the per-read timeouts alone."""
ANSWER_SECONDS = 60.0
"""Twice the longest read the kit waits for (30 s): a slow answer is not cut, a dripping one is."""


class AnswerTooSlow(requests.exceptions.ReadTimeout):
    """The target kept sending, too slowly to finish within the deadline."""

    kit_text = True  # a failed check's reason says it whole (``reasons.py``)

    def __init__(self, method: str, url: str, seconds: float) -> None:
        self.why = f"no whole answer within {seconds:g} s (its bytes came, too slowly to end)"
        super().__init__(f"{method} {url}: {self.why}")


class _Deadline(Exception):
    """Raised by the timer's handler; not an ``OSError``, which urllib3 would take for the
    network's and wrap."""


@contextmanager
def answered_within(seconds: float, method: str, url: str) -> Iterator[None]:
    """Raises ``AnswerTooSlow`` where what runs inside takes longer than ``seconds``."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0 or not _TIMER:
        yield
        return
    armed = [True]

    def too_slow(signum: int, frame: FrameType | None) -> None:
        # Once, and never after the block has ended: a late signal lands nowhere.
        if armed[0]:
            armed[0] = False
            raise _Deadline

    previous = signal.signal(signal.SIGALRM, too_slow)
    restore = signal.SIG_DFL if previous is None else previous
    mine = True
    try:
        running, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
        if running:  # another's timer, put back: it bounds this and more
            mine = armed[0] = False
            signal.signal(signal.SIGALRM, restore)
            signal.setitimer(signal.ITIMER_REAL, running)
        try:
            yield
        finally:
            armed[0] = False
            if mine:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Deadline:
        raise AnswerTooSlow(method, url, seconds) from None
    finally:
        if mine:
            signal.signal(signal.SIGALRM, restore)
