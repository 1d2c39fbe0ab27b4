"""An API's words for its places (``PLACES-ADD-UP``): where an answer shows the places left, which
place a booking holds, and how a client reads a place again.

Each API says in its own rules module which reads show places left (a time slot's availability
on a date, a class's spots left, a group's head count) and who holds each place. Most show a
booking whole after each change, and the place it holds follows from that showing: a cancelled
booking holds none. An API whose changes answer no body (the merchant API's 201 and 200) says
instead what each change did to whom, from its request (``Taken``). The judgement over a trace is
``places.py``'s.
"""

from __future__ import annotations

import operator
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
class Taken:
    """What a 2xx change did to one holder of a place: the place it holds now (None: none), and,
    where the trace had not seen it before, the place it held then (a customer who leaves a
    group held a place in it, whoever seated them)."""

    holder: Hashable
    place: Place | None
    before: Place | None = None


Moves = Callable[[Operation, Exchange], list[Taken] | None]
"""A 2xx change -> each holder it seated or unseated, from its request (None: the trace cannot
tell whom it moved, so every place's count starts again)."""


@dataclass(frozen=True)
class Holds:
    remaining: Remaining
    held: Held = lambda shown: None
    shows: Callable[[Mapping[str, Any]], bool] = lambda shown: False
    """Whether a booking's showing says enough to tell the place it holds (a status read does not)."""
    read_of: ReadOf = lambda shown: None
    moves: Moves | None = None
    """Where a change's answer shows no booking: whom it moved (then ``held`` and ``shows`` are
    not asked, and each holder is whoever the API counts in a place: a customer in a group)."""
    covers: Callable[[Place, Place], bool] = operator.eq
    """Whether a holder's place takes a place a read shows: the same place, or, where a read
    lists open times, a time on the same resource that overlaps it."""
    lists: frozenset[str] = frozenset()
    """The reads that list the times still open rather than count places left
    (``open_times.py``): each time one lists is open, and one it listed before and no longer
    lists is taken."""


def query_of(exchange: Exchange) -> dict[str, str]:
    """The request's query, each parameter's first value."""
    return {name: values[0] for name, values in parse_qs(urlsplit(exchange.url).query).items() if values}
