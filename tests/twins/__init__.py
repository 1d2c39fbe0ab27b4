"""The PostgreSQL twins another twin proves already, left out of the suite's run.

The suites of ``conftest.BOTH_BACKENDS`` run each test that asks for a database twice, on
SQLite and on PostgreSQL. A twin is there for what PostgreSQL does otherwise: the statements
the storage sends it and what it answers, and the storage's, the server's and the journal's
code that runs for it alone. Measured (``python -m tests.twins.measure``), most handler tests'
twins send nothing and run nothing that another twin does not: a reading of a booking sends
the statements a create's test sends too. ``proven_elsewhere.txt`` lists those; the rest run.

What the measure cannot see: a statement that fails on PostgreSQL for one value and not
another of the same shape (the tests of such values, ids past PostgreSQL's integers and
hostile input, run on PostgreSQL on purpose and are not twins), and what another connection or
process sees when (the storage's own tests, the workers' and the journal writer's twins are
all kept: ``measure.ALWAYS``). ``--every-twin`` runs all of them, as
the measure does; a new test's twin runs until a measure lists it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

LISTED = Path(__file__).with_name("proven_elsewhere.txt")
EVERY_TWIN = "--every-twin"


@cache
def proven_elsewhere() -> frozenset[str]:
    """The listed twins' test ids."""
    lines = LISTED.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def leave_out(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselects the listed twins (reported as deselected), unless ``--every-twin`` is given."""
    if config.getoption(EVERY_TWIN):
        return
    listed = proven_elsewhere()
    left = [item for item in items if item.nodeid in listed]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = [item for item in items if item.nodeid not in listed]
