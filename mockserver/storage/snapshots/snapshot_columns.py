"""Each column of an imported state document's row, from its JSON value to its column's type.

A value that is not its column's type (an integer past PostgreSQL's 32 bits, an instant that is
not ISO 8601) is a problem, as is a date or an instant outside the sandbox clock's years (the
domain reads a booking's date in its location's zone, and the year 9999 overflowed there), and
any text no API would have stored (``snapshot_checks.text_problem``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import EARLIEST, LATEST
from mockserver.domain.kernel.errors import FieldProblem
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.snapshots.snapshot_checks import text_problem

Converter = Callable[[Any], Any]
"""A column's value from its JSON one; raises TypeError or ValueError where it cannot be."""

OUT_OF_YEARS = f"not within {EARLIEST.year} to {LATEST.year}"
NOT_NULL = "may not be null"
MISSING = "missing: a row holds each column of its table that may not be null, as an export writes it"


def row_values(table: sa.Table, row: Any, where: str, problems: list[FieldProblem]) -> dict[str, Any]:
    if not isinstance(row, dict):
        problems.append(FieldProblem(where, "must be an object"))
        return {}
    columns = _columns(table)
    converted: dict[str, Any] = {}
    for name, given in row.items():
        column = columns.get(name)
        if column is None:
            problems.append(FieldProblem(f"{where}.{name}", "no such column"))
            continue
        convert, kind, nullable = column
        if given is None and not nullable:
            # A JSON column's None is stored as JSON's null, which NOT NULL lets by; the
            # domain then unpacked it (a folio's add-ons of null made its booking a 500).
            problems.append(FieldProblem(f"{where}.{name}", NOT_NULL))
            continue
        try:
            converted[name] = value = given if given is None or convert is None else convert(given)
        except (TypeError, ValueError):
            problems.append(FieldProblem(f"{where}.{name}", f"not a valid {kind}"))
            continue
        except OverflowError:  # an instant with an offset, read in UTC, may leave the calendar
            problems.append(FieldProblem(f"{where}.{name}", OUT_OF_YEARS))
            continue
        if isinstance(value, date) and not _within_clock(value):
            problems.append(FieldProblem(f"{where}.{name}", OUT_OF_YEARS))
            continue
        for text in _texts(value):
            if problem := text_problem(name, text):
                problems.append(FieldProblem(f"{where}.{name}", problem))
                break
    return converted


@functools.cache
def _columns(table: sa.Table) -> dict[str, tuple[Converter | None, str, bool]]:
    """Each column a row may name: how its JSON value becomes the column's (None: as it is, a
    JSON column's), its type's name and whether it may be null. Looked up per table once, not
    per value: a state import converts a few thousand values."""
    return {
        column.name: (_converter(column.type), str(column.type), bool(column.nullable))
        for column in table.columns
        if column.name != "tenant_id"
    }


def whole_row(
    table: sa.Table, values: dict[str, Any], where: str, problems: list[FieldProblem]
) -> dict[str, Any]:
    """``values`` (a row's, converted) with each column of ``table`` it left out: null where
    the column may be null, else a problem. A table's rows are inserted together, each with
    every column: one left out had failed the whole insert (a 500)."""
    for column in table.columns:
        if column.name in values or column.name == "tenant_id":
            continue
        if column.nullable and not column.primary_key:
            values[column.name] = None
        else:
            problems.append(FieldProblem(f"{where}.{column.name}", MISSING))
    return values


def _within_clock(value: date) -> bool:
    """A date within the sandbox clock's years, an instant within a day of them: a slot on the
    clock's last date, read in UTC, may end on the next."""
    if isinstance(value, datetime):
        return EARLIEST.replace(tzinfo=None) - _A_DAY <= value <= LATEST.replace(tzinfo=None) + _A_DAY
    return EARLIEST.year <= value.year <= LATEST.year


_A_DAY = timedelta(days=1)


def _texts(value: Any) -> list[str]:
    """Every string in a column's value: itself, or those a JSON column's value holds."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, (dict, list)):
        return []
    found: list[str] = []
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            pending.extend([*item.keys(), *item.values()])
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _converter(kind: sa.types.TypeEngine[Any]) -> Converter | None:
    if isinstance(kind, sa.JSON):
        return None
    for column_type, convert in _CONVERTERS:
        if isinstance(kind, column_type):
            return convert
    return _text


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


# What every backend's integer column holds (PostgreSQL's INTEGER is 32-bit).
INT_RANGE = range(-(2**31), 2**31)


def integer(value: Any, within: range | None = INT_RANGE) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or (within is not None and value not in within):
        raise TypeError(value)
    return value


# DateTime before Date: checked in order, most specific first.
_CONVERTERS: tuple[tuple[type[sa.types.TypeEngine[Any]], Converter], ...] = (
    (sa.DateTime, lambda v: naive_utc(datetime.fromisoformat(_text(v)))),
    (sa.Date, lambda v: date.fromisoformat(_text(v))),
    (sa.Time, lambda v: time.fromisoformat(_text(v))),
    (sa.Boolean, _boolean),
    (sa.Integer, integer),
)


def naive_utc(value: datetime) -> datetime:
    """Stored times are naive UTC; an instant given with an offset is converted, not relabelled."""
    return to_db_time(value) if value.tzinfo is not None else value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value
