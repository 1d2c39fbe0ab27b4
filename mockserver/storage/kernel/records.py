"""Records read from rows: each kind's reading worked out once for each shape of row.

A record is a domain dataclass; a row has a column per field (named the field's name after a
prefix, in a joined read). Mapping a row field by field (a mapping of the row, a dict of the
fields, an ``isinstance`` each, then the keyword call) cost about 10 us for a reservation,
and a merchant's week reads sixteen records. A prepared statement's rows share one class, so
the reading of a kind from that class is written out once, as code: the row's positions,
stored times made UTC-aware, converted fields through their converters, and the record's
constructor called with them in its own order.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any, Generic, TypeVar

from mockserver.storage.kernel.stored_times import from_db_time

R = TypeVar("R")


def utc(value: Any) -> Any:
    """A stored time made UTC-aware; any other value as it is."""
    return from_db_time(value) if isinstance(value, datetime) else value


def optional(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` for a column that may be empty (None, or an empty string) and then reads None."""
    return lambda value: convert(value) if value else None


class RecordReader(Generic[R]):
    """Reads ``kind`` records from rows: each field from its column (``prefix`` + its name),
    a stored time UTC-aware, and a field given a converter through it (an enum's value, a list
    as a tuple)."""

    def __init__(self, kind: type[R], /, **convert: Callable[[Any], Any]) -> None:
        unknown = set(convert) - set(kind.__dataclass_fields__)  # type: ignore[attr-defined]
        assert not unknown, f"{kind.__name__} has no fields {sorted(unknown)}"
        self._kind = kind
        self._fields = fields(kind)  # type: ignore[arg-type]
        self._convert = convert
        self._times = _maybe_times(kind)
        self._filled = _fills_its_fields(kind, self._fields)

    def __call__(self, row: Any, prefix: str = "") -> R:
        # A prepared statement's row class keeps its readings; SQLAlchemy's own rows (a
        # statement it runs itself) are read by name, one at a time.
        readings: dict[tuple[object, str], Callable[[Any], R]] | None = getattr(type(row), "_readings", None)
        if readings is None:
            return self.by_name(row._mapping, prefix)
        read = readings.get((self, prefix))
        if read is None:
            read = readings[(self, prefix)] = self._written(type(row)._index, prefix)
        return read(row)

    def maybe(self, row: Any) -> R | None:
        """The record in ``row``, or None where there is no row."""
        return None if row is None else self(row)

    def by_name(self, mapping: Any, prefix: str = "") -> R:
        """The record from a mapping of column names to values."""
        values = {}
        for field in self._fields:
            value = mapping[prefix + field.name]
            convert = self._convert.get(field.name)
            values[field.name] = convert(value) if convert is not None else utc(value)
        return self._kind(**values)

    def _written(self, index: dict[str, int], prefix: str) -> Callable[[Any], R]:
        names: dict[str, Any] = {
            "kind": self._kind,
            "utc": utc,
            "new": object.__new__,
            "put": object.__setattr__,
        }
        # In the constructor's own order where every field is one of its positions.
        by_position = all(field.init and not field.kw_only for field in self._fields)
        arguments = []
        for field in self._fields:
            taken = f"row[{index[prefix + field.name]}]"
            if field.name in self._convert:
                names[f"convert_{field.name}"] = self._convert[field.name]
                taken = f"convert_{field.name}({taken})"
            elif field.name in self._times:
                taken = f"utc({taken})"
            arguments.append((field.name, taken))
        if self._filled:
            # The record's attributes given at once, as its constructor would set them one by one.
            given = ", ".join(f"{name!r}: {taken}" for name, taken in arguments)
            body = f"record = new(kind)\n    put(record, '__dict__', {{{given}}})\n    return record"
        else:
            called = (taken if by_position else f"{name}={taken}" for name, taken in arguments)
            body = f"return kind({', '.join(called)})"
        source = f"def read(row):\n    {body}\n"
        exec(compile(source, f"<reading {self._kind.__name__}>", "exec"), names)
        read: Callable[[Any], R] = names["read"]
        return read


def _fills_its_fields(kind: type, kind_fields: tuple[Any, ...]) -> bool:
    """Whether ``kind``'s constructor does nothing but set each field to the value it is given
    (a dataclass's own, no ``__post_init__``): such a record is read by filling its attributes
    at once. A frozen dataclass's constructor sets each through ``object.__setattr__``: 2.4 us
    for a reservation's fifteen fields, 0.9 us at once, and a merchant's week reads a dozen."""
    if hasattr(kind, "__post_init__") or hasattr(kind, "__slots__"):
        return False
    given = {field.name: object() for field in kind_fields}
    try:
        made = kind(**given)
    except Exception:  # a constructor that needs real values does more than set them
        return False
    return bool(vars(made) == given)


def _maybe_times(kind: type) -> frozenset[str]:
    """The fields that may hold a time: those annotated with ``datetime``, and every field
    whose annotation cannot be read (they are made UTC-aware if they do)."""
    try:
        hints = typing.get_type_hints(kind)
    except (NameError, TypeError):
        return frozenset(kind.__dataclass_fields__)  # type: ignore[attr-defined]
    return frozenset(name for name, hint in hints.items() if _may_hold_time(hint))


def _may_hold_time(hint: Any) -> bool:
    if hint is datetime or hint is Any or hint is object:
        return True
    return any(_may_hold_time(argument) for argument in typing.get_args(hint))


def reader(kind: type[R]) -> RecordReader[R]:
    """The reader of a kind whose fields need no converter."""
    found: RecordReader[R] = _plain_reader(typing.cast(type, kind))
    return found


@functools.lru_cache(maxsize=128)
def _plain_reader(kind: type) -> RecordReader[Any]:
    return RecordReader(kind)
