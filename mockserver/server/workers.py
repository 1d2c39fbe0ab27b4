"""The server's processes: the one that imported the code serves too, and forks the others.

uvicorn's own supervisor starts each worker with ``multiprocessing``'s spawn: a new interpreter that
imports SQLAlchemy, Connexion, Faker and every handler again, 90 MB and half a second a worker.
Forked after those imports, a worker shares the imported code and data with its parent until one of
them writes to a page. CPython 3.11 writes to many: each reference count a request touches, each
code object its specialising interpreter rewrites. With gunicorn's arbiter, which imported
everything and then served nothing, the pages both workers had copied stayed in the arbiter as well,
28 MB that nothing would read again (measured page by page; ARCHITECTURE.md). So the process
``serve`` runs in is the first worker (the primary): it imports, forks the others (``gc.freeze``
first, so that no collection walks, and so copies, the imported objects), then builds its own app
and serves beside them. A page either writes now has one copy, not three.

Each process builds its own app after the fork (``create_server``): database connections, the
journal's slot lock and thread pools belong to one process, and none may be inherited. A worker that
dies is replaced by a new interpreter (``REPLACEMENT``), not a fork: by then the primary runs
threads, and a fork copies only the thread that calls it, with whatever locks the others held.
SIGINT or SIGTERM stops them all; a worker whose primary is gone stops by itself.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import logging.config
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

import uvicorn

from .app import Server, create_server
from .listener import listener_for
from .settings import Settings
from .uvicorn_config import GRACEFUL_S, log_config, uvicorn_config

logger = logging.getLogger(__name__)

# A worker's exit status when it could not start: the primary stops the server instead of
# starting another that would fail the same way (gunicorn's WORKER_BOOT_ERROR).
BOOT_FAILED = 3
# uvicorn ticks every 0.1 s: the family is looked after every half second.
TICKS_PER_CHECK = 5
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
YOUNG_COLLECTION_AFTER = 7_000  # net allocations before a young collection (CPython's: 700)
# A replacement worker's program. One that cannot even import (the code on disk changed under
# a running server) ends as one that could not start: else it would be started every half second.
REPLACEMENT = f"""
import sys
try:
    from mockserver.server.lean import leave_out_unused; leave_out_unused()
    from mockserver.server.workers import replacement
except BaseException:
    import traceback; traceback.print_exc(); sys.exit({BOOT_FAILED})
replacement(sys.argv[1:])
"""


class Family:
    """The primary's secondaries: started, replaced when they die, stopped with it."""

    def __init__(self, settings: Settings, listener: socket.socket) -> None:
        self._settings = settings
        self.listener = listener
        self.pids: set[int] = set()
        self.stopping = False
        self.failed = False

    def fork(self) -> None:
        """Forks one secondary; returns in the primary only. A stop signal waits until the new
        process has its own handlers: the primary's would have it stop its siblings."""
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            pid = os.fork()
            if pid == 0:
                _serve_and_exit(self._settings, self.listener, parent=os.getppid())
            self.pids.add(pid)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)

    def replace(self) -> None:
        environment = {**os.environ, **self._settings.to_environment()}
        fd, parent = str(self.listener.fileno()), str(os.getpid())
        # -P: the code the primary runs, not a ``mockserver`` that the current directory holds.
        argv = [sys.executable, "-P", "-c", REPLACEMENT, fd, parent]
        try:
            self.pids.add(os.posix_spawn(sys.executable, argv, environment))
        except OSError:
            logger.exception("no new worker could be started: stopping the server")
            self.failed = self.stopping = True

    def stop(self) -> None:
        """Asks every secondary to finish what it serves and end; none is replaced from now on."""
        self.stopping = True
        self.signal(signal.SIGTERM)

    def cut(self) -> None:
        """Asks every secondary to cut the webhook sends its close waits for (``_built``)."""
        self.signal(signal.SIGINT)

    def signal(self, number: int) -> None:
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    def look_after(self) -> None:
        """Reaps the secondaries that ended and, unless the server is stopping, replaces each."""
        for pid, code in self._ended():
            if code == BOOT_FAILED:
                logger.error("worker %d could not start: stopping the server", pid)
                self.failed = self.stopping = True
            elif not self.stopping:
                logger.warning("worker %d ended (exit status %d): starting another", pid, code)
                self.replace()

    def wait(self, seconds: float) -> None:
        """Waits for every secondary to end, killing those still there after ``seconds``."""
        deadline = time.monotonic() + seconds
        while self.pids and time.monotonic() < deadline:
            list(self._ended())
            time.sleep(0.05)
        self.signal(signal.SIGKILL)
        for pid in self.pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.pids.clear()

    def _ended(self) -> Iterator[tuple[int, int]]:
        for pid in list(self.pids):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self.pids.discard(pid)
                yield pid, os.waitstatus_to_exitcode(status)


class _Server(uvicorn.Server):
    """uvicorn's server; the primary's looks after its family; a secondary's watches its parent,
    as does a primary given one (``serve --exit-with-parent``)."""

    def __init__(self, config: uvicorn.Config, family: Family | None, parent: int | None) -> None:
        super().__init__(config)
        self._family = family
        self._parent = parent

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self._family is not None:
            self._family.stop()
        super().handle_exit(sig, frame)

    async def on_tick(self, counter: int) -> bool:
        if counter % TICKS_PER_CHECK == 0:
            if self._family is not None:
                self._family.look_after()
                self.should_exit = self.should_exit or self._family.stopping
            if self._parent is not None and os.getppid() != self._parent:
                self.should_exit = True
        return await super().on_tick(counter)


def serve(
    settings: Settings, listener: socket.socket | None = None, *, parent: int | None = None,
    taking_over: Callable[[], None] = lambda: None,
) -> None:  # fmt: skip
    """Runs the primary and its ``settings.workers - 1`` secondaries on ``listener`` (or one bound
    here) until SIGINT, SIGTERM or ``parent``'s end; calls ``taking_over`` once its handlers are
    set (where ``cli.exits.Stops`` raises a stop whose interrupt was lost)."""
    logging.config.dictConfig(log_config(settings.log_level))
    family = Family(settings, listener or listener_for(settings))
    # A stop asked for while the workers start is kept, not lost, and not a KeyboardInterrupt.
    _handled(STOP_SIGNALS, lambda *_: family.stop())
    taking_over()
    try:
        gc.freeze()
        for _ in range(settings.workers - 1):
            family.fork()
        if not family.stopping:
            with _built(settings, family) as built:
                server = _Server(uvicorn_config(settings, built.app, built.renderer.refusal), family, parent)
                server.should_exit = family.stopping
                server.run(sockets=[family.listener])
    finally:
        family.stop()
        _handled(STOP_SIGNALS, lambda *_: family.cut())  # stopped: a stop from here cuts, as in _built
        family.wait(GRACEFUL_S)
    if family.failed:
        sys.exit(BOOT_FAILED)


def _serve_and_exit(settings: Settings, listener: socket.socket, parent: int) -> None:
    """A secondary's life: its own app on the shared socket, then ``os._exit``, never a return
    into the primary's code (which would, for one, delete the temporary database)."""
    code = BOOT_FAILED
    try:
        stopping: list[int] = []
        _handled(STOP_SIGNALS, lambda number, _: stopping.append(number))
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        with _built(settings) as built:
            server = _Server(uvicorn_config(settings, built.app, built.renderer.refusal), None, parent)
            server.should_exit = bool(stopping)
            server.run(sockets=[listener])
            code = 0 if server.started or stopping else BOOT_FAILED
    except BaseException:
        logger.exception("worker %d failed", os.getpid())
    finally:
        logging.shutdown()
        os._exit(code)


@contextlib.contextmanager
def _built(settings: Settings, family: Family | None = None) -> Iterator[Server]:
    """A process's server, closed once it has served: its journal written and its threads ended
    before the process ends (a secondary's ``os._exit`` would cut them short) or its primary
    removes a temporary database (one of its threads reopened the file as the folder went).

    The close waits for webhook sends in flight, each up to ``--webhook-timeout``; a stop meanwhile
    (a second Ctrl-C) cuts them, and the primary passes it on (``Family.cut``): a secondary cuts on
    SIGINT alone, since the primary's one stop sends it SIGTERM more than once."""
    server = create_server(settings)
    settle_collector()
    try:
        yield server
    finally:

        def cut(number: int, frame: FrameType | None) -> None:
            server.cut()
            if family is not None:
                family.cut()

        before = _handled(STOP_SIGNALS if family is not None else (signal.SIGINT,), cut)
        try:
            server.close()
        finally:
            for number, handler in before.items():
                signal.signal(number, handler)


def _handled(numbers: Iterable[int], handler: Callable[[int, FrameType | None], Any]) -> dict[int, Any]:
    """Each of the signals ``numbers`` handled by ``handler`` from now; the handlers they had."""
    return {number: signal.signal(number, handler) for number in numbers}


def settle_collector() -> None:
    """Once a worker's app is built: the app lives as long as the process, so it is frozen and
    no collection walks it; and the youngest generation waits for ``YOUNG_COLLECTION_AFTER``
    allocations. A request that waits on the loop (PostgreSQL's reads) keeps its coroutines,
    their cells and its rows alive while the others run, a few hundred objects each: at 700 the
    youngest generation was collected every turn, each time promoting requests still in flight
    to the older ones, and so to full collections of every object the app had built (served
    GETs on PostgreSQL: 23 us of a request's 0.45 ms in the collector, 0.6 us after)."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])


def replacement(argv: list[str]) -> None:
    """A replacement worker (``REPLACEMENT``): the listening socket's descriptor and the
    primary's process id in ``argv``, the settings in the environment the primary gave it."""
    fd, parent = int(argv[0]), int(argv[1])
    _serve_and_exit(Settings.load(), socket.socket(fileno=fd), parent)
