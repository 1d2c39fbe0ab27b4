"""An imported document's columns (``storage/snapshots/snapshot_columns.py``), and its whole
check (``snapshots.checked_document``) against junk in every column of a seeded world's export."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.storage.snapshots.snapshot_columns import MISSING, row_values, whole_row
from mockserver.storage.snapshots.snapshots import checked_document, export_state
from mockserver.storage.tenancy.sandbox_rows import tenant_tables
from tests.storage.test_sandboxes import make_store

API = "reservekit-v1"
BOOKINGS = next(table for table in tenant_tables() if table.name == "bookings")


def problems_of(table: sa.Table, row: dict[str, Any]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    row_values(table, row, "row", problems)
    return problems


def test_a_booking_as_the_sandbox_writes_it_converts() -> None:
    row = {"date": "2027-01-08", "starts_at": "2027-01-08T22:00:00", "status": "pending", "id": 3}
    problems: list[FieldProblem] = []
    assert row_values(BOOKINGS, row, "row", problems) == {
        "date": date(2027, 1, 8),
        "starts_at": datetime(2027, 1, 8, 22),
        "status": "pending",
        "id": 3,
    }
    assert problems == []


def test_a_row_without_a_column_is_null_there_where_it_may_be_and_else_a_problem() -> None:
    row = row_values(BOOKINGS, {"id": 3, "date": "2027-01-08"}, "row", [])
    problems: list[FieldProblem] = []
    whole = whole_row(BOOKINGS, row, "row", problems)
    nullable = {column.name for column in BOOKINGS.columns if column.nullable and not column.primary_key}
    assert set(whole) == {"id", "date", *nullable}
    assert (whole["cancel_reason"], whole["message"]) == (None, None)
    assert {problem.field for problem in problems} == {
        f"row.{column.name}"
        for column in BOOKINGS.columns
        if column.name not in {"id", "date", "tenant_id", *nullable}
    }
    assert {problem.message for problem in problems} == {MISSING}


def test_dates_and_instants_lie_within_the_clocks_years() -> None:
    assert problems_of(BOOKINGS, {"date": "9999-12-31"}) == [
        FieldProblem("row.date", "not within 1900 to 2999")
    ]
    assert problems_of(BOOKINGS, {"starts_at": "1899-12-30T00:00:00"}) == [
        FieldProblem("row.starts_at", "not within 1900 to 2999")
    ]
    # A slot on the clock's last date, read in UTC, ends on the next.
    assert problems_of(BOOKINGS, {"date": "2999-12-31", "ends_at": "3000-01-01T05:00:00"}) == []
    assert problems_of(BOOKINGS, {"created_at": "0001-01-01T00:00:00+05:00"}) == [
        FieldProblem("row.created_at", "not within 1900 to 2999")
    ]


def test_values_not_of_their_columns_type_are_named() -> None:
    assert problems_of(BOOKINGS, {"id": 2**31, "status": 7, "nope": 1}) == [
        FieldProblem("row.id", "not a valid INTEGER"),
        FieldProblem("row.status", "not a valid VARCHAR(20)"),
        FieldProblem("row.nope", "no such column"),
    ]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A store without the APIs' adapters seeds its world into every table of a tenant."""
    store = make_store(str(tmp_path_factory.mktemp("exports") / "sandbox.db"))
    try:
        exported = export_state(store, "sk_rsv_snapshot_columns", (API,))
    finally:
        store.dispose()
    assert all(exported["apis"][API][name] for name in ("bookings", "reservations", "folios", "orders"))
    return exported


# Junk of each column's kind, one value a column (by turns where a kind has several): every
# column once keeps the check to two seconds (every value in every column, imported over HTTP
# and probed through every GET, took five minutes: 1b1aed7's sweep).
JUNK = {
    "date": ["9999-12-31", "2026-02-30"],
    "instant": ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59"],
    "time": ["24:00:00", "9am"],
    "text": ["", "zzz", "\u00e9\u202e", 1],
    "integer": [-1, 0, 10**15, "1"],
    "flag": ["yes"],
    "json": ["x", {"x": 1}, [1]],
}


def kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int):
        return "integer"
    if not isinstance(value, str):
        return "json"
    for kind, parse in (
        ("instant", datetime.fromisoformat),
        ("date", date.fromisoformat),
        ("time", time.fromisoformat),
    ):
        try:
            parse(value)
        except ValueError:
            continue
        if kind != "instant" or "T" in value:
            return kind
    return "text"


def every_junk_document(document: dict[str, Any], api: str) -> Iterator[tuple[str, dict[str, Any]]]:
    turns = {kind: itertools.cycle(values) for kind, values in JUNK.items()}
    for name, rows in document["apis"][api].items():
        for column, value in (rows[0] if rows else {}).items():
            if column == "id" or value is None:
                continue
            bad = next(turns[kind_of(value)])
            changed = copy.deepcopy(document)
            for row in changed["apis"][api][name]:
                row[column] = bad
            yield f"{name}.{column}={bad!r}", changed


def test_junk_in_any_column_is_refused_or_taken_never_a_crash(document: dict[str, Any]) -> None:
    """Every column of a seeded world's export, junk of its kind in every row: the check refuses
    with its own problems, or takes the document. A booking dated 9999 read
    in a zone west of UTC once overflowed here, an import that answered 500."""
    checked_document(document, (API,))
    crashed, tried = [], 0
    for change, changed in every_junk_document(document, API):
        tried += 1
        try:
            checked_document(changed, (API,))
        except InvalidInput:
            pass
        except Exception as error:  # every crash is collected, then named
            crashed.append(f"{change}: {type(error).__name__}: {error}")
    assert crashed == []
    assert tried > 120, "the export lacks tables a seeded world fills"
