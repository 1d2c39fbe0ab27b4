"""A temporary database: a SQLite file in a private folder of its own, for a server given no
``--db``. ``serve`` makes one before it forks its workers (they must share one file); an app
built in process (``create_app``: the proxy, a test) makes its own.

The folder's removal is arranged before a stop can act. A stop (Ctrl-C, or SIGTERM, which
``serve`` and ``proxy`` turn into an interrupt while they start) landing after ``mkdtemp``
made the folder but before its caller had noted it left the folder behind: a window of
microseconds that a test sending SIGTERM the moment the folder appears met now and then. Both
signals are held while the folder is made and its removal arranged, and their handlers run
the moment that is done.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "booking-sandbox-"
_STOPS = (signal.SIGINT, signal.SIGTERM)


def temporary_database(removal: Callable[[Path], object]) -> str:
    """The path of a new SQLite file (not yet made) in a new private folder; ``removal(folder)``
    is called before any stop is delivered, to arrange the folder's removal (a ``finalize``, a
    ``finally``'s callback). A stop that came meanwhile has its handler run once that is done
    (an interrupt raised from here)."""
    with stops_held():
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        removal(folder)
    return str(folder / "sandbox.db")


def removed_with(owner: object) -> Callable[[Path], object]:
    """A removal for ``temporary_database``: the folder goes when ``owner`` (an app) is
    collected, or when the process exits."""
    return lambda folder: weakref.finalize(owner, shutil.rmtree, folder, ignore_errors=True)


@contextmanager
def stops_held() -> Iterator[None]:
    """SIGINT and SIGTERM held inside the block: their handlers run as it ends, in the order the
    signals came. Held in Python, not with the thread's signal mask: a process-directed signal
    goes to any thread that has it unmasked, and Python runs its handler in the main thread
    whichever thread took it (a test beside other threads saw the mask hold nothing). Only the
    main thread can set handlers; elsewhere nothing is held (a signal's handler interrupts only
    the main thread)."""
    before = {stop: signal.getsignal(stop) for stop in _STOPS}
    if threading.current_thread() is not threading.main_thread() or None in before.values():
        yield  # None: a handler set outside Python, which could not be put back
        return
    came: list[int] = []
    for stop in _STOPS:
        signal.signal(stop, lambda number, _: came.append(number))
    try:
        yield
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)
        for number in came:
            signal.raise_signal(number)  # its handler runs (an interrupt is raised) here
