"""No statement of the storage layer walks what grows: SQLite's plan for each is read.

Every module-level statement of ``mockserver.storage`` is planned (``EXPLAIN QUERY PLAN``)
on a sqlite_file the code makes. A table that grows with traffic (bookings, customers,
reservations, …) may be read only through an index range narrower than the tenant: a plan
that scans such a table, or searches it by tenant alone, reads more the longer a sandbox
lives. SQLite, with no statistics, prefers walking a table in id order to sorting a few
rows for ``ORDER BY id LIMIT 1``, which is how such plans come about.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

import mockserver.storage
from mockserver.storage.control import journal_schema
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel.schema import metadata
from mockserver.storage.migrations import ensure_schema

# A world's catalogue is fixed by its fixture: paging or listing it walks a few dozen rows. A
# tenant's id counters are one row for each kind of record it has.
FIXED = {"services", "time_slots", "providers", "locations", "staff", "staff_shifts", "opening_hours"}
FIXED |= {"id_counters"}
# Statements that are building blocks, joined or filtered before use.
PARTS = {"mockserver.storage.reseller.queries._CLIENTS"}


def _statements() -> Iterator[tuple[str, sa.Executable]]:
    seen: set[int] = set()
    for module_info in pkgutil.walk_packages(mockserver.storage.__path__, "mockserver.storage."):
        if ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            qualified = f"{module_info.name}.{name}"
            if isinstance(value, sa.Select | sa.Update | sa.Delete) and id(value) not in seen:
                seen.add(id(value))
                if qualified not in PARTS:
                    yield qualified, value


def _plan(sqlite_file: sqlite3.Connection, statement: sa.Executable) -> list[str]:
    # A list parameter (``expanding``) is planned as a list of two.
    sql = re.sub(r"\(__\[POSTCOMPILE_\w+\]\)", "(?, ?)", str(statement.compile(dialect=sqlite.dialect())))
    return [row[-1] for row in sqlite_file.execute(f"EXPLAIN QUERY PLAN {sql}", [1] * sql.count("?"))]


def _walks_what_grows(step: str) -> bool:
    scanned = re.match(r"(?:SCAN|SEARCH) (\w+)", step)
    # A subquery's rows (a window over a search already narrowed) are no table that grows.
    tables = set(metadata.tables) | set(journal_schema.metadata.tables)  # once every context is imported
    if scanned is None or scanned.group(1) in FIXED or scanned.group(1) not in tables:
        return False
    return step.startswith("SCAN") or step.endswith("(tenant_id=?)")


@pytest.fixture(scope="module")
def sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = Path(tmp_path_factory.mktemp("plans")) / "s.db"
    engine = create_engine(str(path))
    ensure_schema(engine)
    journal_schema.metadata.create_all(engine)  # a shard's table, here beside the others
    engine.dispose()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def test_no_statement_walks_a_table_that_grows(sqlite_file: sqlite3.Connection) -> None:
    planned = {name: _plan(sqlite_file, statement) for name, statement in _statements()}
    assert len(planned) > 80  # the walk found the storage layer's statements
    walking = {name: plan for name, plan in planned.items() if any(map(_walks_what_grows, plan))}
    assert walking == {}


def test_the_check_sees_a_lookup_that_walks_the_tenant(sqlite_file: sqlite3.Connection) -> None:
    # What CUSTOMER_BY_EMAIL was planned as before its index ended in the id.
    sqlite_file.execute("DROP INDEX ix_customers_email")
    sqlite_file.execute("CREATE INDEX ix_customers_email ON customers (tenant_id, email_key)")
    try:
        plan = _plan(sqlite_file, mockserver.storage.kernel.queries.CUSTOMER_BY_EMAIL)
        assert any(map(_walks_what_grows, plan)), plan
    finally:
        sqlite_file.execute("DROP INDEX ix_customers_email")
        sqlite_file.execute("CREATE INDEX ix_customers_email ON customers (tenant_id, email_key, id)")
