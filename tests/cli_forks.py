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

Protocol, one JSON object per line on stdin: ``{"argv": [...], "cwd": ..., "environ": {...},
"output": path, "errors": path or null (with the output), "input": path or null (nothing),
"timeout": seconds}``; ``{"code": exit code}`` on stdout once the child has exited (``-9``
when it outran its timeout and was killed). ``tests/commands.py`` is the other end.
"""

from __future__ import annotations

import gc
import inspect
import json
import os
import select
import signal
import sys
import time
from typing import Any

# Imported for the children: what a kit run imports beside the kit's own modules, the
# slowest first (measured one by one after pytest's own: 240, 160, 100 ms, ...).
import email_validator  # noqa: F401
import faker
import hypothesis  # noqa: F401
import jsonschema  # noqa: F401
import openapi_schema_validator  # noqa: F401
import pydantic_settings  # noqa: F401
import pytest  # noqa: F401
import requests  # noqa: F401
import schemathesis
import schemathesis.pytest.plugin
import schemathesis.specs.openapi.schemas  # noqa: F401
import yaml  # noqa: F401

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
import mockserver.seeding.world  # noqa: F401
from mockserver import cli
from mockserver.documents.resources import spec_document
from mockserver.server.settings import KNOWN_APIS


def _child(request: dict[str, Any]) -> int:
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["environ"])
    time.tzset()
    given = os.open(request.get("input") or os.devnull, os.O_RDONLY)
    output = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    errors = (
        os.open(request["errors"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        if request.get("errors")
        else output
    )
    os.dup2(given, 0)
    os.dup2(output, 1)
    os.dup2(errors, 2)
    for opened in {given, output, errors}:
        os.close(opened)  # as a new process has them: on 0, 1 and 2 alone
    try:
        return cli.main(request["argv"])
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def _wait(pid: int, timeout: float) -> int:
    exited = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([exited], [], [], timeout)
        if not ready:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(exited)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


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
    for api in KNOWN_APIS:
        spec_document(api)
    # A child's full collections (pytest runs several as it ends, to report unraisable
    # exceptions) would walk every imported object; frozen, they skip them.
    gc.freeze()


def main() -> None:
    _ready_to_fork()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            # The exit unwinds this loop and ends the child as an interpreter ends, atexit and all.
            raise SystemExit(_child(request))
        print(json.dumps({"code": _wait(pid, float(request["timeout"]))}), flush=True)


if __name__ == "__main__":
    main()
