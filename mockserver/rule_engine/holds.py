"""An API's words for its places (``PLACES-ADD-UP``): where an answer shows the places left, which
place a booking holds, and how a client reads a place again.

Each API says in its own rules module which reads show places left (a time slot's availability
on a date, a class's spots left) and, from a booking as its views show it, the place it holds,
if any: a cancelled booking holds none. The judgement over a trace is ``places.py``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockserver.documents.har import Exchange

from .operations import Operation

Place = Hashable
Remaining = Callable[[Operation, Exchange, Any], list[tuple[Place, int]]]
"""An answer -> each place it shows, with the places left there."""
Held = Callable[[Mapping[str, Any]], Place | None]
"""A booking as its views show it -> the place it holds (None: none, as a cancelled one)."""
ReadOf = Callable[[Mapping[str, Any]], tuple[str, dict[str, str]] | None]
"""A booking as its views show it -> the documented read of its place: a path template of the
API and its query (the walk reads each place its bookings hold, or held)."""


@dataclass(frozen=True)
class Holds:
    remaining: Remaining
    held: Held
    shows: Callable[[Mapping[str, Any]], bool]
    """Whether a booking's showing says enough to tell the place it holds (a status read does not)."""
    read_of: ReadOf


def query_of(exchange: Exchange) -> dict[str, str]:
    """The request's query, each parameter's first value."""
    return {name: values[0] for name, values in parse_qs(urlsplit(exchange.url).query).items() if values}
