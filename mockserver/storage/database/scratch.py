"""A temporary database: a SQLite file in a private folder of its own, for a server given no
``--db``. ``serve`` makes one before it forks its workers (they must share one file); an app
built in process (``create_app``: the proxy, a test) makes its own.

The folder's removal is arranged before a stop can act. A stop (Ctrl-C, or SIGTERM, which
``serve`` and ``proxy`` turn into an interrupt while they start) landing after ``mkdtemp``
made the folder but before its caller had noted it left the folder behind: a window of
microseconds that a test sending SIGTERM the moment the folder appears met now and then. Both
signals are held while the folder is made and its removal arranged, and their handlers run
the moment that is done.

A server killed outright (kill -9, the OOM killer, a CI runner's hard stop) runs no tidy-up,
and its folder stays: a journal's tens of megabytes each time. ``serve`` and ``proxy`` (its
journal's; ``server_database``) hold a lock on their folder's ``owner.lock`` while they run
(``held_while_serving``) and, as they start, remove each folder of this user's whose lock no
process holds (``remove_abandoned``). A folder with no ``owner.lock`` (an app's made in
process, a test's; a server of an older version's) is never touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

PREFIX = "booking-sandbox-"
OWNER = "owner.lock"
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


def server_database(leaving: ExitStack) -> str:
    """A server command's temporary database (``serve``'s, ``proxy``'s journal's): what servers
    killed outright left removed first; the folder locked while ``leaving`` is open, and
    removed as it closes."""
    remove_abandoned()
    db = temporary_database(lambda folder: leaving.callback(shutil.rmtree, folder, ignore_errors=True))
    leaving.callback(held_while_serving(Path(db).parent))
    return db


def held_while_serving(folder: Path) -> Callable[[], None]:
    """Locks ``folder`` as a running server's until the returned function is called (or the
    process ends, however it ends). The lock is taken before the file has its name, so no
    ``remove_abandoned`` ever finds it unlocked."""
    unnamed = folder / f".{OWNER}.{os.getpid()}"
    descriptor = os.open(unnamed, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    unnamed.rename(folder / OWNER)
    return lambda: os.close(descriptor)


def remove_abandoned(root: Path | None = None) -> list[Path]:
    """Removes each of this user's temporary database folders under ``root`` (the temporary
    directory) whose ``owner.lock`` no process holds: a server's killed before its tidy-up."""
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            descriptor = os.open(folder / OWNER, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW)
        except OSError:
            continue  # not a server's folder, or gone meanwhile
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # its server is running
        try:
            shutil.rmtree(folder, ignore_errors=True)  # under the lock: two removers, one folder
            removed.append(folder)
        finally:
            os.close(descriptor)
    return removed
