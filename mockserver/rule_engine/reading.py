"""Reading a recorded exchange's bodies: what every rule of the engine reads them with."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from mockserver.documents.har import Exchange, Unreadable


def answer_of(exchange: Exchange) -> Any:
    """The exchange's answer as JSON (read once for every check), or None where it is not JSON."""
    return _readable(exchange.response_json)


def sent_of(exchange: Exchange) -> Any:
    """The exchange's request body as JSON, or None where it is not JSON."""
    return _readable(exchange.request_json)


def _readable(document: Any) -> Any:
    return None if isinstance(document, Unreadable) else document


def instant_of(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def data_of(body: Any) -> Any:
    """An envelope's ``data``, or nothing."""
    return body.get("data") if isinstance(body, dict) else None


def objects_in(body: Any, wanted: Callable[[dict[str, Any]], bool]) -> Iterator[dict[str, Any]]:
    """Every object of an answer, at any depth, that ``wanted`` picks (its own objects too), an
    object before those inside it and in the answer's order. A stack, not recursion: an answer
    may be nested as deep as the JSON reader reaches, and a generator a level was slower."""
    pending = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if wanted(node):
                yield node
            pending.extend(reversed(node.values()))
        elif isinstance(node, list):
            pending.extend(reversed(node))


def whole(value: Any) -> int | None:
    """``value`` where a body shows a whole number there (JSON's ``true`` is no number), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
