"""A value an error message quotes, as the sender wrote it and briefly.

jsonschema quotes an invalid value as Python writes it, and whole: a client that sent ``null``,
``true`` or ``{"a": 1}`` read ``None``, ``True`` and ``{'a': 1}`` back, and a 64 KiB ``message``
came back in a 64 KiB 400. The APIs' 400s and a world file's lines both say it this way, and
name the allowed word a value most likely misspells (``meant_among``).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from typing import Any

QUOTED = 60
"""The most of an invalid value an error message quotes: jsonschema's quotes it whole, so a
64 KiB ``message`` came back in a 64 KiB 400."""


def quoted_briefly(message: str, instance: Any) -> str:
    """``message`` with its opening quote of ``instance`` in JSON, cut to ``QUOTED`` characters,
    its length said (``'xxxx…' (3000 characters) is too long``).

    jsonschema quotes a value as Python writes it: a client sending ``null``, ``true`` or
    ``{"a": 1}`` read ``None``, ``True`` and ``{'a': 1}`` back. A string keeps its quotes, as the
    rest of the message quotes names and types."""
    said = repr(instance)
    if not message.startswith(said):
        return message
    shown = said if isinstance(instance, str) else _as_json(instance, said)
    rest = message[len(said) :]
    if len(shown) <= QUOTED:
        return shown + rest
    unit = "characters" if isinstance(instance, str) else "items" if isinstance(instance, list) else "fields"
    size = f" ({len(instance)} {unit})" if isinstance(instance, str | list | dict) else ""
    return f"{shown[:QUOTED]}…{size}{rest}"


def _as_json(instance: Any, said: str) -> str:
    try:
        return json.dumps(instance, ensure_ascii=False)
    except (TypeError, ValueError):  # not from a JSON body (a query's resolved value): as it was
        return said


def meant_among(given: object, allowed: Iterable[object], *, cutoff: float = 0.6) -> str | None:
    """The allowed word ``given`` most likely misspells: the same but for case (``CONFIRMED``
    for ``confirmed``), else difflib's nearest above ``cutoff`` (``cancelled`` for ``canceled``,
    ``booking.created`` for ``bookings.create``), two letters swapped first (``--prot`` is
    ``--port``, which difflib ranks level with ``--root``); None where none is near."""
    if not isinstance(given, str):
        return None
    words = [word for word in allowed if isinstance(word, str)]
    same = [word for word in words if word.casefold() == given.casefold()]
    if same:
        return same[0]
    near = difflib.get_close_matches(given, words, n=3, cutoff=cutoff)
    swapped = [word for word in near if sorted(word) == sorted(given)]
    return (swapped or near)[0] if near else None


def misspelt_choice(validator: object, given: object, allowed: object) -> str:
    """`` (did you mean 'series'?)``, said after a schema's refusal of ``given`` where the
    refusing keyword (``validator``) is ``enum`` and an ``allowed`` word is near; else nothing."""
    if validator != "enum" or not isinstance(allowed, list):
        return ""
    meant = meant_among(given, allowed)
    return f" (did you mean {meant!r}?)" if meant else ""
