"""Runs ``booking-sandbox`` commands in children forked from this process, one per request.

A short kit run (one rule's scenarios) spent 1.2 of its 2.2 s importing pytest,
Schemathesis, Hypothesis and requests, and the contract tests start the kit about
seventy times; any other command spent a second of CPU importing the CLI, and the tests run
a hundred (``check-har``, the control commands). This process imports those libraries once;
each child it forks is then a fresh ``booking-sandbox`` command: its own working directory,
environment, standard input, output and exit code (a kit run its own pytest session, which
imports and assertion-rewrites the kit's tests and conftests as a user's run does). The
kit's library modules, which pytest imports as they are, are imported here too (75 ms a
run): each holds nothing a run changes until it runs, and no run happens in this process.

A command is run (its exit code answered once it has exited, as ``subprocess.run`` waits) or
started (its pid answered at once, as ``subprocess.Popen`` starts one: ``serve``, a server the
test talks to, signals and waits for, which spent a second of CPU importing before its banner).
This process answers requests while what it started runs, and kills what is still running once
the test process hangs up.

Protocol, on the socket (``SOCK_SEQPACKET``) whose descriptor is this module's argument: a
request is one JSON object, ``{"op": "run" or "start", "argv": [...], "cwd": ..., "environ":
{...}, "timeout": seconds}``, sent with the descriptors of the child's standard input, output
and errors and, to start one, the write end of a pipe for its exit code. A run is answered
``{"code": exit code}`` once the child has exited (``-9`` when it outran its timeout and was
killed), a start ``{"pid": pid}`` at once, and the started child's exit code is written to its
pipe once it has exited. ``tests/commands.py`` is the other end.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib.metadata
import inspect
import json
import os
import runpy
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

# Imported for the children: what a kit run imports beside the kit's own modules, the
# slowest first (measured one by one after pytest's own: 240, 160, 100 ms, ...).
import email_validator  # noqa: F401
import faker
import hypothesis.core
import jsonschema  # noqa: F401
import openapi_schema_validator  # noqa: F401
import pydantic_settings  # noqa: F401
import pytest  # noqa: F401
import requests  # noqa: F401
import schemathesis
import schemathesis.pytest.plugin
import schemathesis.specs.openapi.schemas  # noqa: F401
import yaml  # noqa: F401
from _pytest.assertion.rewrite import AssertionRewritingHook

import contract_tests.explorer
import contract_tests.kit.inventory
import contract_tests.kit.preflight
import contract_tests.kit.report
import contract_tests.kit.run
import contract_tests.rules.bardge_reseller
import contract_tests.rules.lifecycle_desk
import contract_tests.rules.merchant_shop
import contract_tests.rules.real_ids
import contract_tests.rules.reservekit_slots
import mockserver.seeding.world
import mockserver.server.app
import mockserver.server.workers
import mockserver.storage.database.prepare  # noqa: F401
from mockserver import cli
from mockserver.documents.resources import spec_document
from mockserver.server.settings import KNOWN_APIS
from tests.process_end import end

AFTER_THE_FORK = (
    "pyrate_limiter",
    "schemathesis.reporting.html",
    "schemathesis.specs.openapi.coverage._operation",
    "schemathesis.specs.openapi.object_authorization",
    "schemathesis.generation.body_overrides",
    "hypothesis.strategies._internal.flatmapped",
    "pdb",
    *(
        f"_pytest.{plugin}"
        for plugin in (
            "faulthandler",
            "helpconfig",
            "junitxml",
            "pastebin",
            "setuponly",
            "setupplan",
            "skipping",
            "stepwise",
            "threadexception",
            "tracemalloc",
            "unittest",
            "unraisableexception",
            "warnings",
        )
    ),
)


def _child(request: dict[str, Any], streams: list[int]) -> int:
    """The command, on the standard streams it was handed (input, output, errors)."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["environ"])
    time.tzset()
    for number, stream in enumerate(streams):
        os.dup2(stream, number)
    # As a new process has its files: on 0, 1 and 2 alone. The forking process's socket, its
    # other children's exit pipes and their pidfds are closed too (they are plain numbers
    # here, so nothing closes them again at exit).
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    # As a new process draws them: Hypothesis' choices that no seed fixes come from a generator
    # made when this process imported the libraries, so every child drew them alike (the kit's
    # stateful phase took no seed, and no forked run showed it; fresh processes did).
    unseeded = hypothesis.core.threadlocal._hypothesis_global_random
    if unseeded is not None:
        unseeded.seed()
    try:
        if request.get("program") == "pytest":
            return _pytest(request["argv"])
        return cli.main(request["argv"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _pytest(argv: list[str]) -> int:
    """``python -m pytest argv`` in the working directory: an integrator's own suite, with the
    plugins installed here. A new interpreter spent 1.3-1.9 s of CPU importing them (the tests
    run some thirty). The working directory is the first path, as ``-m`` makes it, and this
    repository's ``tests`` package is let go: the suite imports its own, or none. The plugins
    are imported already, so pytest cannot rewrite their asserts (none of them holds one that
    reaches a test's report) and would warn so; a new interpreter does not warn."""
    for name in [name for name in sys.modules if name == "tests" or name.startswith("tests.")]:
        del sys.modules[name]
    sys.path[0] = os.getcwd()
    sys.argv = ["pytest", *argv]
    AssertionRewritingHook._warn_already_imported = lambda self, name: None  # type: ignore[method-assign]
    runpy.run_module("pytest", run_name="__main__", alter_sys=True)  # ends by SystemExit, as -m's
    return 0


def _ready_to_fork() -> None:
    """What each child would otherwise redo over everything imported here (measured with
    py-spy over the detection tests: a third of the children's time)."""
    # pytest prints a failure's source, and ``inspect.getmodule`` first maps every loaded
    # module's file (a realpath each) the first time a process asks: here, once.
    inspect.getmodule(_child.__code__, inspect.getsourcefile(_child))
    # The kit generates the sandbox's seeded world, whose fixture speaks en_US: a first Faker
    # imports that locale's providers (50 ms; 2 ms once they are imported).
    faker.Faker("en_US")
    # What every run reads from the package's files, parsed once per file version and kept
    # (each run would otherwise parse the inventory and its API's spec from YAML again).
    contract_tests.kit.inventory.load()
    # The plugins an integrator's pytest loads (the suite forks some thirty of them), but
    # Hypothesis': its import starts a count that its session's start ends, and a kit run,
    # which loads no plugin of its own accord, would never end it (each lazy strategy it then
    # draws is "slow code in plugin", warned of). A child imports it as pytest loads it.
    for plugin in importlib.metadata.entry_points(group="pytest11"):
        if plugin.module != "_hypothesis_pytestplugin":
            plugin.load()
    for api in KNOWN_APIS:
        spec_document(api)
    # What a kit run that runs Schemathesis still imported after the fork: Schemathesis' rate
    # limiter, at its first request, and its HTML report, at the session's end; pytest's own
    # default plugins and pdb, which its debugging plugin imports (a short schema run's CPU,
    # alternated three times: 278, 254, 261 ms -> 238, 234, 246). Not Hypothesis' regex
    # strategies: their import reads its character map, which Hypothesis warns of before its
    # plugin is loaded (an integrator's forked pytest, with warnings as errors, stopped there).
    for module in AFTER_THE_FORK:
        importlib.import_module(module)
    # A child's full collections (pytest runs several as it ends, to report unraisable
    # exceptions) would walk every imported object; frozen, they skip them.
    gc.freeze()


@dataclass
class _Running:
    pid: int
    exited: int  # its pidfd, readable once it has exited
    deadline: float | None  # a run's: killed once it outruns its timeout
    status: int | None  # a started process's exit pipe; a run's code goes back on the socket


def _serve(asked: socket.socket) -> None:
    """Runs and starts commands until the test process hangs up, then kills what it started."""
    running: dict[int, _Running] = {}
    # poll, not select: a descriptor's number may pass select's 1,024 (a test process that has
    # made hundreds of apps holds as many files, and a received descriptor may be numbered so).
    watched = select.poll()
    watched.register(asked, select.POLLIN)
    while True:
        deadlines = [r.deadline for r in running.values() if r.deadline is not None]
        wait = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
        ready = {fd for fd, _ in watched.poll(None if wait is None else wait * 1000)}
        for exited in ready & running.keys():
            watched.unregister(exited)
            _reap(running.pop(exited), asked)
        for child in running.values():
            if child.deadline is not None and time.monotonic() > child.deadline:
                os.kill(child.pid, signal.SIGKILL)
                child.deadline = None  # reaped as it dies, its code -9
        if asked.fileno() in ready:
            message, streams, _, _ = socket.recv_fds(asked, 1 << 20, 4)
            if not message:
                break
            request = json.loads(message)
            pid = os.fork()
            if pid == 0:
                asked.detach()
                end(functools.partial(_child, request, streams[:3]))
            for stream in streams[:3]:
                os.close(stream)
            started = request["op"] == "start"
            timeout = None if started else time.monotonic() + float(request["timeout"])
            child = _Running(pid, os.pidfd_open(pid), timeout, streams[3] if started else None)
            running[child.exited] = child
            watched.register(child.exited, select.POLLIN)
            if started:
                asked.send(json.dumps({"pid": pid}).encode())
    for child in running.values():
        os.kill(child.pid, signal.SIGKILL)
        _reap(child, None)


def _reap(child: _Running, asked: socket.socket | None) -> None:
    os.close(child.exited)
    _, status = os.waitpid(child.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if child.status is not None:
        with contextlib.suppress(BrokenPipeError):  # its handle was dropped unread
            os.write(child.status, str(code).encode())
        os.close(child.status)
    elif asked is not None:
        asked.send(json.dumps({"code": code}).encode())


def main() -> None:
    asked = socket.socket(fileno=int(sys.argv[1]))  # the number it had in the test process
    _ready_to_fork()
    _serve(asked)


if __name__ == "__main__":
    main()
