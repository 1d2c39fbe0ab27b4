"""The rows ``Prepared`` statements give: tuples read as SQLAlchemy's ``Row`` is."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any, ClassVar


class Row(tuple[Any, ...]):
    """A result row read as SQLAlchemy's ``Row`` is: by position, by attribute, by mapping."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._index[name]]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> dict[str, Any]:
        return {name: self[position] for name, position in self._index.items()}


def row_class(description: Sequence[Sequence[Any]]) -> type[Row]:
    """A ``Row`` class for a cursor's columns, made once per statement."""
    index = {column[0]: position for position, column in enumerate(description)}
    # A property per column: ``Row.__getattr__`` runs only after the ordinary lookup has
    # failed, an AttributeError raised and caught on every read (1 us against 0.1). As on
    # SQLAlchemy 2.1's rows, a column named ``count`` or ``index`` hides the tuple's method.
    columns = {
        name: property(operator.itemgetter(position))
        for name, position in index.items()
        if name.isidentifier() and not name.startswith("_")
    }
    # ``_readings``: how each record kind is read from rows of this class (``kernel/records.py``).
    return type("Row", (Row,), {"__slots__": (), "_index": index, "_readings": {}, **columns})


def row_maker(
    row: type[Row], processors: Sequence[Callable[[Any], Any] | None]
) -> Callable[[Sequence[Any]], Row]:
    """Makes ``row``s from a cursor's raw rows, each column through its result processor
    (SQLAlchemy's own, or None), written once as code: a loop over every column with a test
    each cost a page of ten about as much as reading its records."""
    if not any(processors):
        return row
    names: dict[str, Any] = {"Row": row}
    columns = []
    for position, processor in enumerate(processors):
        if processor is None:
            columns.append(f"raw[{position}]")
        else:
            names[f"process_{position}"] = processor
            columns.append(f"process_{position}(raw[{position}])")
    source = f"def make(raw):\n    return Row(({', '.join(columns)},))\n"
    exec(compile(source, "<row maker>", "exec"), names)
    make: Callable[[Sequence[Any]], Row] = names["make"]
    return make
