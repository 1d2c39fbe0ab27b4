"""Reading a recorded exchange's bodies: what every rule of the engine reads them with."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any


def json_of(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def instant_of(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def data_of(body: Any) -> Any:
    """An envelope's ``data``, or nothing."""
    return body.get("data") if isinstance(body, dict) else None


def objects_in(body: Any, wanted: Callable[[dict[str, Any]], bool]) -> Iterator[dict[str, Any]]:
    """Every object of an answer, at any depth, that ``wanted`` picks (its own objects too)."""
    if isinstance(body, dict):
        if wanted(body):
            yield body
        for value in body.values():
            yield from objects_in(value, wanted)
    elif isinstance(body, list):
        for item in body:
            yield from objects_in(item, wanted)


def whole(value: Any) -> int | None:
    """``value`` where a body shows a whole number there (JSON's ``true`` is no number), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
