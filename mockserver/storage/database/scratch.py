"""A temporary database: a SQLite file in a private folder of its own, for a server given no
``--db``. ``serve`` makes one before it forks its workers (they must share one file); an app
built in process (``create_app``: the proxy, a test) makes its own.

The folder's removal is arranged before a stop can act. A stop (Ctrl-C, or SIGTERM, which
``serve`` and ``proxy`` turn into an interrupt while they start) landing after ``mkdtemp``
made the folder but before its caller had noted it left the folder behind: a real window of
microseconds that a test sending SIGTERM the moment the folder appears met about once a full
run. Both signals are held while the folder is made and its removal arranged, and delivered
the moment that is done.
"""

from __future__ import annotations

import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "booking-sandbox-"
_STOPS = frozenset({signal.SIGINT, signal.SIGTERM})


def temporary_database(removal: Callable[[Path], object]) -> str:
    """The path of a new SQLite file (not yet made) in a new private folder; ``removal(folder)``
    is called before any stop is delivered, to arrange the folder's removal (a ``finalize``, a
    ``finally``'s callback). A stop that came meanwhile is raised once it returns."""
    with stops_held():
        folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        removal(folder)
    return str(folder / "sandbox.db")


@contextmanager
def stops_held() -> Iterator[None]:
    """SIGINT and SIGTERM held inside the block, delivered as it ends (their handlers run
    then, in the main thread). Only the main thread's mask matters: the signals' Python
    handlers run there alone, so another thread's work is never interrupted by them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        # Unblocking delivers what is pending, and the standard library runs its handlers
        # before this call returns: an interrupt is raised here, after the block's work.
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
