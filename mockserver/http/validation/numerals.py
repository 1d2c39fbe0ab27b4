"""A number in a query or a path as the vendors' servers read one: ASCII digits, a sign, and for
a ``number`` a point and an exponent.

Connexion turns a parameter's text into its type with Python's ``int`` and ``float``, which also
take ``1_000``, `` 7 `` (a ``+`` in a query is a space), full-width and other scripts' digits,
``nan`` and ``inf``: a client sending ``page=1_0`` was served page 10 here and is refused by a
vendor's server, so code that passed against the sandbox failed against the vendor. Text no
vendor reads as a number is kept as text, for the parameter's schema to refuse by name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_WRITTEN = {
    "integer": re.compile(r"[+-]?[0-9]+\Z"),
    "number": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"),
}


def as_written(
    resolved: dict[str, Any], given: Mapping[str, Any], schemas: Mapping[str, Any], where: str
) -> dict[str, Any]:
    """``resolved`` with each number parameter whose text (``given``: a path's value, or a
    query's values, the last of which Connexion reads) is no numeral put back as that text."""
    for name, value in resolved.items():
        schema = schemas.get(name)
        written = _WRITTEN.get(schema.get("type", "")) if isinstance(schema, dict) else None
        if written is None or value is None or isinstance(value, str):
            continue
        text = given[name] if where == "path" else given[name][-1]
        if isinstance(text, str) and not written.match(text):
            resolved[name] = text
    return resolved
