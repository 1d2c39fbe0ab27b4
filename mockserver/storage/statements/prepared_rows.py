"""The rows ``Prepared`` statements give: tuples read as SQLAlchemy's ``Row`` is."""

from __future__ import annotations

import operator
from collections.abc import Sequence
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
