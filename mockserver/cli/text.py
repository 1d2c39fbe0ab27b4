"""What the client commands print for a person: aligned tables and ``name  value`` blocks, the
JSON behind them left to ``--json``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from mockserver.documents.printable import visible

Column = tuple[str, Callable[[Mapping[str, Any]], Any]]


def as_json(answer: object) -> str:
    return json.dumps(answer, indent=2)


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], *, empty: str) -> str:
    """Left-aligned columns under upper-case headings; ``empty`` where there is no row."""
    cells = [[_cell(pick(row)) for _, pick in columns] for row in rows]
    if not cells:
        return empty
    headings = [name.upper() for name, _ in columns]
    widths = [max(len(line[i]) for line in [headings, *cells]) for i in range(len(columns))]
    lines = [headings, *cells]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def fields(pairs: Iterable[tuple[str, Any]]) -> str:
    """``name  value`` lines, the values aligned; a value of None is left out."""
    shown = [(name, _cell(value)) for name, value in pairs if value is not None]
    width = max((len(name) for name, _ in shown), default=0)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in shown)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value) or "-"
    return visible(" ".join(str(value).split()))  # one line: a description's own line breaks folded
