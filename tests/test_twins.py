"""The PostgreSQL twins left out (``tests/twins/``): how the measure reads a server's log and
chooses, and the list it wrote."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.twins import EVERY_TWIN, leave_out, proven_elsewhere
from tests.twins.measure import chosen, sent, shape

ROOT = Path(__file__).resolve().parent.parent

LOG = """\
2026-12-02 19:46:35.625 UTC [25095] LOG:  database system is ready to accept connections
@@sandbox_1_1|LOG:  statement: BEGIN
@@sandbox_1_1|LOG:  execute _pg3_4: SELECT bookings.id
\tFROM bookings
\tWHERE bookings.tenant_id = $1 AND bookings.id IN ($2, $3, $4)
@@sandbox_1_1|DETAIL:  parameters: $1 = '7', $2 = '1'
@@sandbox_1_2|LOG:  execute <unnamed>: SELECT bookings.id FROM bookings WHERE bookings.tenant_id = $1 AND bookings.id IN ($2)
@@sandbox_1_2|ERROR:  duplicate key value violates unique constraint "bookings_pkey" at 12
@@sandbox_9_9|LOG:  statement: DROP TABLE nobody_asked
@@postgres|LOG:  statement: CREATE DATABASE "sandbox_1_3"
"""


def test_a_statement_is_its_shape_whatever_its_values_and_spelling() -> None:
    one = shape("SELECT a FROM t WHERE t.k = 'x''y' AND t.id IN ($1, $2, $3) LIMIT 10")
    other = shape("SELECT a  FROM t\n\tWHERE t.k = 'z' AND t.id IN ($7) LIMIT 1")
    assert one == other == "SELECT a FROM t WHERE t.k = '?' AND t.id IN (?list) LIMIT ?"
    assert shape("SELECT a FROM t") != shape("SELECT b FROM t")


def test_each_tests_statements_and_errors_are_read_from_the_log_by_its_database() -> None:
    tests = {"sandbox_1_1": "a[postgresql]", "sandbox_1_2": "b[postgresql]"}
    found = set(sent(LOG.splitlines(keepends=True), tests))
    select = "SELECT bookings.id FROM bookings WHERE bookings.tenant_id = $? AND bookings.id IN (?list)"
    assert found == {
        ("a[postgresql]", ("sql", "BEGIN")),
        ("a[postgresql]", ("sql", select)),
        ("b[postgresql]", ("sql", select)),
        ("b[postgresql]", ("error", 'duplicate key value violates unique constraint "bookings_pkey" at ?')),
    }


def test_the_storage_twins_are_kept_and_then_the_most_proof_for_its_cpu() -> None:
    found = {
        "tests/storage/test_x.py::t[postgresql]": {("sql", "A")},
        "tests/apis/a.py::wide[postgresql]": {("sql", "A"), ("sql", "B"), ("sql", "C")},
        "tests/apis/a.py::cheap[postgresql]": {("sql", "B")},
        "tests/apis/a.py::cheaper[postgresql]": {("sql", "C")},
        "tests/apis/a.py::nothing_new[postgresql]": {("sql", "A"), ("sql", "B")},
    }
    cpu = {"tests/apis/a.py::wide[postgresql]": 2.0}
    cpu |= {"tests/apis/a.py::cheap[postgresql]": 0.2, "tests/apis/a.py::cheaper[postgresql]": 0.1}
    kept = chosen(found, cpu)
    assert kept[0] == "tests/storage/test_x.py::t[postgresql]"
    assert sorted(kept[1:]) == ["tests/apis/a.py::cheap[postgresql]", "tests/apis/a.py::cheaper[postgresql]"]
    # Every statement any twin sent is sent by one kept.
    assert set().union(*(found[test] for test in kept)) == set().union(*found.values())


def _item(nodeid: str) -> Any:
    return SimpleNamespace(nodeid=nodeid)


def _config(every: bool, deselected: list[Any]) -> Any:
    def deselect(*, items: list[Any]) -> None:
        deselected.extend(items)

    hook = SimpleNamespace(pytest_deselected=deselect)
    return SimpleNamespace(getoption=lambda name: every if name == EVERY_TWIN else None, hook=hook)


def test_a_listed_twin_is_deselected_unless_every_twin_is_asked_for() -> None:
    listed = sorted(proven_elsewhere())[0]
    twin_kept = "tests/storage/test_nothing.py::test_kept[postgresql]"
    items = [_item(listed), _item(listed.replace("[postgresql", "[sqlite")), _item(twin_kept)]
    deselected: list[Any] = []
    leave_out(_config(False, deselected), items)
    assert [i.nodeid for i in items] == [listed.replace("[postgresql", "[sqlite"), twin_kept]
    assert [i.nodeid for i in deselected] == [listed]
    every = [_item(listed), _item(twin_kept)]
    leave_out(_config(True, []), every)
    assert len(every) == 2


TEST_ID = re.compile(r"^(tests/[\w/]+\.py)::(\w+)\[(.*postgresql.*)\]$")


def test_each_listed_twin_names_a_twin_of_a_test_that_exists() -> None:
    """A renamed test's twin runs again until the next measure; its stale line is caught here."""
    listed = proven_elsewhere()
    assert len(listed) > 100
    for test in listed:
        named = TEST_ID.match(test)
        assert named, test
        path = ROOT / named.group(1)
        assert path.is_file(), test
        assert re.search(rf"^(async )?def {named.group(2)}\(", path.read_text(encoding="utf-8"), re.M), test
        assert not named.group(1).startswith("tests/storage/"), test
