"""Other processes for the cross-process tests: forked from one server process per test process.

A spawned process imports everything again (SQLAlchemy, the package, Faker): about 4 s of CPU
each on this machine, and the racing tests start six at a time. Multiprocessing's forkserver
imports the test modules once, in a process with no threads of its own, and forks each child
from it: the children still race as separate processes, each with its own engine and
connections, as two servers' workers do.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import ForkServerContext

# Every module whose functions are a child's target: the forkserver starts once per test
# process, with the list given by whichever test asks first.
TARGET_MODULES = ["tests.storage.test_sandboxes", "tests.storage.test_write_gate"]


def other_processes() -> ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(TARGET_MODULES)
    return context
