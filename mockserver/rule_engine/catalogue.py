"""``CATALOGUE-UNCHANGED``: what no documented operation changes reads the same each time.

An API's catalogue (its services and their add-ons, its time slots, classes, pass plans and
credit packages) is the vendor's to set: no operation the API documents changes it. A booking
takes a place, it does not move a service's price, an add-on's stock or a slot's update time. So
a read of it, asked again the same way by the same caller, answers what it answered before. A
vendor that writes a booking through to its catalogue (an ORM that touches the slot a booking
belongs to, a stock counter kept on the add-on) shows it in the next read, which no directed
scenario makes after its own bookings.

Narrow, so that a correct vendor never fails it:
- only the reads each API's words name (``Vocabulary.catalogue``), never one that shows places
  left or anything time alone changes, and only their 2xx answers;
- each against the last 2xx answer to the same request (its path and query, by the same
  credential, in the same language and media type): a role or an account may be shown a
  catalogue of its own;
- a list's items as a set, since no document promises their order;
- a sandbox's state replaced or changed through its control API, or its clock moved, starts
  every read again; so does a 2xx write of the API that its words say may change it (none does);
- a change is reported once per caller, operation and place in the answer (a field, whichever
  item of a list), however often the vendor moves it again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from mockserver.documents.har import Exchange, header_value

from .callers import caller_of
from .findings import Finding
from .operations import Operation
from .reading import answer_of
from .vocabulary import Vocabulary

FAMILY = "CATALOGUE-UNCHANGED"
# The request headers a vendor may answer a catalogue differently by.
ASKED_BY = ("accept", "accept-language")
KEPT = 10_000
"""The most requests' answers kept: a proxy runs for days, and a cursor names each page anew."""


def reads(*operations: str) -> Callable[[Operation, Exchange], bool]:
    """The words of a catalogue read by its operations alone."""
    named = frozenset(operations)
    return lambda operation, exchange: operation.name in named


class Catalogue:
    """One API's catalogue reads over one trace: the last answer to each request."""

    def __init__(self, words: Vocabulary) -> None:
        assert words.catalogue is not None, f"{words.prefix} names no catalogue"
        self.words = words
        self.shows = words.catalogue
        self.rule = words.rule(FAMILY)
        self._last: dict[tuple[str, ...], tuple[int, str]] = {}
        self._said: dict[tuple[str, str, str], None] = {}
        """Each change reported: its caller, operation and the place its answers first differ."""

    def forget(self) -> None:
        """The sandbox's state, or its clock, moved: every read starts again."""
        self._last.clear()

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        if not 200 <= exchange.status < 300 or not self.shows(operation, exchange):
            return
        body = answer_of(exchange)
        if body is None:
            return
        asked = (
            caller_of(exchange),
            exchange.url,
            *(header_value(exchange.request_headers, h) for h in ASKED_BY),
        )
        shown = _canonical(body)
        last = self._last.pop(asked, None)
        self._last[asked] = (index, shown)  # the latest last, so the one dropped is the oldest
        _bound(self._last)
        if last is None or last[1] == shown:
            return
        where, difference = _difference(json.loads(last[1]), json.loads(shown))
        # Once per caller, operation and place: a vendor whose bookings touch a slot moves it
        # at each booking, and a proxy's days of traffic would list every one.
        said = (asked[0], operation.name, _generic(where))
        if said in self._said:
            return
        self._said[said] = None
        _bound(self._said)
        message = (
            f"{operation.name} answered otherwise than at #{last[0]}, and no documented operation "
            f"changes it: {difference}"
        )
        yield Finding.of(self.rule, index, exchange, message)


def _bound(kept: dict[Any, Any]) -> None:
    """The oldest entry dropped once ``kept`` holds more than ``KEPT``."""
    if len(kept) > KEPT:
        del kept[next(iter(kept))]


def _canonical(body: Any) -> str:
    return json.dumps(_sorted(body), sort_keys=True, separators=(",", ":"))


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {name: _sorted(item) for name, item in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        # By id where each item has one: two answers of one set then differ item by item.
        return sorted(
            items,
            key=lambda item: (
                str(item.get("id")) if isinstance(item, dict) else "",
                json.dumps(item, sort_keys=True),
            ),
        )
    return value


def _difference(before: Any, after: Any, where: str = "") -> tuple[str, str]:
    """The first place two answers differ, as a JSON path; and it with both values."""
    if isinstance(before, dict) and isinstance(after, dict):
        for name in sorted(set(before) | set(after)):
            if before.get(name, _ABSENT) != after.get(name, _ABSENT):
                return _difference(before.get(name, _ABSENT), after.get(name, _ABSENT), f"{where}.{name}")
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for n, (one, other) in enumerate(zip(before, after, strict=True)):
            if one != other:
                return _difference(one, other, f"{where}[{n}]")
    return where, f"{where or 'the answer'} was {_shown(before)}, now {_shown(after)}"


def _generic(where: str) -> str:
    """A place in an answer, whichever item of a list: each slot of a list touched is one change."""
    return re.sub(r"\[\d+\]", "[]", where)


_ABSENT = object()


def _shown(value: Any) -> str:
    return "absent" if value is _ABSENT else json.dumps(value)[:80]
