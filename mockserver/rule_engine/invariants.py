"""Invariants that hold for any booking API, judged over a trace.

What a documented read shows of a booking changes only where something documented says it may:
a change to that booking (in the fields it names, the fields its operation documents, and the
fields a document derives), or a change to another booking whose documented reach includes it
(a shared customer, a series, a group). So a read that differs from the booking's last showing
breaks a rule, and which one depends on what passed by in between:

- a change to the booking itself: ``WHOLE-READ-AFTER-WRITE`` (a field it did not name moved);
- a change to a booking that was already final: ``TERMINAL-EVERY-SPELLING``;
- only refusals: ``REFUSAL-CHANGES-NOTHING``;
- only changes to other bookings: ``NEIGHBOURS``;
- nothing at all: ``WHOLE-READ-AFTER-WRITE`` too (two reads of one state disagree);
- a change another account sent, where the trace says whose each exchange is:
  ``ROLES-EVERY-OPERATION``, as is another account reading a booking as this one sees it.

Each API says, in its own rules module, where its answers show bookings (its views: a read by
id, a list, a calendar each show their own projection), which fields are derived, which
operations change what, and which statuses are final. A booking in a state that time alone
changes (a hold that expires) is not judged until it is shown settled again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .operations import Operation
from .reading import json_of

FAMILIES = (
    "WHOLE-READ-AFTER-WRITE",
    "NEIGHBOURS",
    "REFUSAL-CHANGES-NOTHING",
    "TERMINAL-EVERY-SPELLING",
    "ROLES-EVERY-OPERATION",
)
# A view shows another account's booking "as this account sees it" only where this many of its
# fields agree: fewer (a bare status) agree by chance where each account numbers its own bookings.
SAME_BOOKING_FIELDS = 5
Shown = Callable[[Operation, Any], list[tuple[str, dict[str, Any]]]]
"""An answer's body -> the bookings it shows in one view, by id."""


@dataclass(frozen=True)
class View:
    name: str
    operations: frozenset[str]
    """The operations whose 2xx answers show bookings in this projection."""
    shown: Shown


@dataclass(frozen=True)
class Vocabulary:
    """One API's words for the invariants: each a fact its documents state."""

    prefix: str
    param: str
    """The path parameter that names a booking."""
    views: tuple[View, ...]
    writes: frozenset[str]
    """Every operation that may change a booking (a GET among them where the API changes on one)."""
    creates: frozenset[str] = frozenset()
    """The writes whose 2xx answer makes a booking (``created`` names it)."""
    derived: frozenset[str] = frozenset({"updated_at"})
    changes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """A write -> the fields of its booking it may change beyond those its body names; a write
    not listed may change any field of its own booking."""
    reaches: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    """A write documented to change other bookings too (a series, a group, a shared customer)
    -> the fields of theirs it may change (None: any)."""
    created: Callable[[Operation, Exchange], str | None] = lambda operation, exchange: None
    """The id a create's answer names (in its body or a header)."""
    shared: frozenset[str] = frozenset()
    """Writes to what a booking shares with others (its customer record): a final booking does
    not stop them."""
    final: Callable[[dict[str, Any]], bool] = lambda shown: False
    timed: Callable[[dict[str, Any], datetime], bool] = lambda shown, at: False
    """Whether time alone may change a booking shown so by ``at`` (a hold before it expires, a
    visit whose end has passed)."""

    def rule(self, family: str) -> str:
        return f"{self.prefix}-{family}"

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.rule(family) for family in FAMILIES)


@dataclass
class _Showing:
    fields: dict[str, Any]
    at: int
    free: set[str] = field(default_factory=set)
    """Fields a change since ``at`` may have moved."""
    since: list[tuple[str, int]] = field(default_factory=list)
    """What passed by since ``at`` that bears on it: (own | final | refused | neighbour, index)."""


class Invariants:
    """The invariants over one trace: each booking's last showing in each view, to each caller,
    and what happened since.

    A showing is kept per caller, since accounts may number their bookings alike; a change is
    news to every caller's showing of that id, since a merchant changes what its customer reads.
    """

    def __init__(self, words: Vocabulary) -> None:
        self.words = words
        self._showings: dict[tuple[str, str, str], _Showing] = {}
        """(caller, booking, view) -> its last showing."""
        self._final: dict[tuple[str, str], int] = {}

    def observe(
        self, index: int, exchange: Exchange, operation: Operation, caller: str, *, foreign: bool = False
    ) -> Iterator[Finding]:
        """``foreign``: sent by another account than the one whose bookings this trace follows."""
        body = json_of(exchange.response_body)
        ok = 200 <= exchange.status < 300
        if foreign:
            yield from self._foreign(index, exchange, operation, body, ok)
            return
        if operation.name in self.words.writes:
            self._written(index, exchange, operation, ok)
        if not ok:
            return
        for view in self.words.views:
            if operation.name in view.operations:
                for booking, shown in view.shown(operation, body):
                    yield from self._shown(index, exchange, (caller, booking, view.name), shown)

    def _foreign(
        self, index: int, exchange: Exchange, operation: Operation, body: Any, ok: bool
    ) -> Iterator[Finding]:
        """Another account's request: whatever it asked, this account's bookings stay as they were,
        and no answer to it shows one of them."""
        if operation.name in self.words.writes:
            for showing in self._showings.values():
                showing.since.append(("foreign" if ok else "refused", index))
        if not ok:
            return
        for view in self.words.views:
            if operation.name not in view.operations:
                continue
            for booking, shown in view.shown(operation, body):
                for (_, shown_booking, name), own in self._showings.items():
                    if (shown_booking, name) == (booking, view.name) and self._same(own.fields, shown):
                        said = (
                            f"another account was shown booking {booking} ({view.name}) as its owner sees it"
                        )
                        yield Finding.of(self.words.rule("ROLES-EVERY-OPERATION"), index, exchange, said)
                        return

    def _same(self, own: dict[str, Any], shown: dict[str, Any]) -> bool:
        compared = [name for name in own if name not in self.words.derived]
        return len(compared) >= SAME_BOOKING_FIELDS and all(own[name] == shown.get(name) for name in compared)

    def time_moved(self) -> None:
        """A sandbox's clock was moved: every showing may have changed by time alone."""
        self._showings.clear()

    def _written(self, index: int, exchange: Exchange, operation: Operation, ok: bool) -> None:
        booking = operation.params.get(self.words.param)
        if ok and booking is None and operation.name in self.words.creates:
            booking = self.words.created(operation, exchange)
        if not ok:
            for showing in self._showings.values():
                showing.since.append(("refused", index))
            return
        reach = self.words.reaches.get(operation.name, frozenset())
        if reach is None:
            self._showings = {key: s for key, s in self._showings.items() if key[1] == booking}
        sent = json_of(exchange.request_body)
        named = set(sent) if isinstance(sent, dict) else set()
        anything = operation.name not in self.words.changes
        for key, showing in list(self._showings.items()):
            caller, shown_booking, _ = key
            if shown_booking != booking:
                showing.free |= reach or set()
                showing.since.append(("neighbour", index))
            elif (caller, booking) in self._final and operation.name not in self.words.shared:
                showing.since.append(("final", index))
            elif anything:
                # A change that may move any field: its next showing is where judging starts again.
                del self._showings[key]
            else:
                showing.free |= named | self.words.changes[operation.name]
                showing.since.append(("own", index))

    def _shown(
        self, index: int, exchange: Exchange, key: tuple[str, str, str], shown: dict[str, Any]
    ) -> Iterator[Finding]:
        caller, booking, view = key
        before = self._showings.get(key)
        self._showings[key] = _Showing(dict(shown), index)
        if self.words.final(shown):
            self._final.setdefault((caller, booking), index)
        at = exchange.started
        if before is None or self.words.timed(before.fields, at) or self.words.timed(shown, at):
            return
        skip = self.words.derived | before.free
        moved = sorted(
            name
            for name in set(before.fields) | set(shown)
            if name not in skip and before.fields.get(name) != shown.get(name)
        )
        if not moved:
            return
        family, cause = self._cause(before)
        changes = ", ".join(
            f"{name} {_short(before.fields.get(name))} -> {_short(shown.get(name))}" for name in moved
        )
        said = f"booking {booking} ({view}) shown at #{before.at}, {cause}, now shows {changes}"
        yield Finding.of(self.words.rule(family), index, exchange, said)

    @staticmethod
    def _cause(before: _Showing) -> tuple[str, str]:
        kinds = dict(reversed(before.since))  # the first of each kind
        if "own" in kinds:
            return "WHOLE-READ-AFTER-WRITE", f"changed at #{kinds['own']} in other fields"
        if "final" in kinds:
            return "TERMINAL-EVERY-SPELLING", f"already final, changed at #{kinds['final']}"
        if "foreign" in kinds:
            return (
                "ROLES-EVERY-OPERATION",
                f"then another account's change answered 2xx (#{kinds['foreign']})",
            )
        if "refused" in kinds:
            return "REFUSAL-CHANGES-NOTHING", f"then only refusals (the first at #{kinds['refused']})"
        if "neighbour" in kinds:
            return "NEIGHBOURS", f"then only other bookings changed (the first at #{kinds['neighbour']})"
        return "WHOLE-READ-AFTER-WRITE", "with nothing changed since"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
