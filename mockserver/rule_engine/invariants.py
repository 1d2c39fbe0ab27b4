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
from .holds import Holds
from .operations import Operation
from .prices import Prices
from .reading import json_of
from .target_clocks import TargetClocks

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
    named_by: tuple[str, ...] = ()
    """The answer headers a document says name the booking a create made, beside ``created``
    (a ``Location`` by its path's last segment): each must name the same booking."""
    shared: frozenset[str] = frozenset()
    """Writes to what a booking shares with others (its customer record): a final booking does
    not stop them."""
    final: Callable[[dict[str, Any]], bool] = lambda shown: False
    timed: Callable[[dict[str, Any], datetime], bool] = lambda shown, at: False
    """Whether time alone may change a booking shown so by ``at`` (a hold before it expires, a
    visit whose end has passed)."""
    time_moves: frozenset[str] | None = None
    """The fields time alone may change where ``timed`` says it may (None: any)."""
    stamps: tuple[str, str, str] | None = None
    """The view whose bookings carry their own timestamps, and the fields that hold when each
    was made and last changed (``stamps.py``); None where the API shows none."""
    money: Prices | None = None
    places: Holds | None = None
    """What the API's answers show of money and of places left (``money.py``, ``places.py``)."""

    def rule(self, family: str) -> str:
        return f"{self.prefix}-{family}"

    def shown(self, operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
        """Every booking an answer shows, in each view that shows it."""
        views = [view for view in self.views if operation.name in view.operations]
        return [one for view in views for one in view.shown(operation, body)]

    @property
    def ids(self) -> tuple[str, ...]:
        stamped = ("TIMESTAMPS",) if self.stamps else ()
        named = ("IDENTITY",) if self.creates else ()
        priced = ("MONEY-ADDS-UP",) if self.money else ()
        placed = ("PLACES-ADD-UP",) if self.places else ()
        return tuple(self.rule(family) for family in (*FAMILIES, *stamped, *named, *priced, *placed))


@dataclass
class _Showing:
    fields: dict[str, Any]
    at: int
    free: set[str] = field(default_factory=set)
    """Fields a change to this booking since ``at`` may have moved."""
    own: int | None = None
    """The first change to this booking since ``at`` (and ``final`` if it was already final)."""
    final: int | None = None
    kept: int = 0
    """The latest change of a wide reach this showing outlived (its own booking's)."""


class Invariants:
    """The invariants over one trace: each booking's last showing in each view, to each caller,
    and what happened since.

    A showing is kept per caller, since accounts may number their bookings alike; a change is
    news to every caller's showing of that id, since a merchant changes what its customer reads.
    Nothing a change does scans every showing: a change reaches its own booking's showings, and
    what bears on the others (a refusal, a change elsewhere, a change of wide reach, a clock
    moved) is kept as the latest place it happened, read when a booking is shown again.
    """

    def __init__(self, words: Vocabulary, clocks: TargetClocks | None = None) -> None:
        self.words = words
        self.clocks = clocks or TargetClocks()
        self._showings: dict[tuple[str, str, str], _Showing] = {}
        """(caller, booking, view) -> its last showing."""
        self._of: dict[str, set[tuple[str, str, str]]] = {}
        """A booking -> its showings' keys."""
        self._final: dict[tuple[str, str], int] = {}
        self._latest: dict[str, int] = {}
        """refused | foreign | void -> where the latest happened (void: every showing but the
        changed booking's may have moved: a change of wide reach, a clock moved)."""
        self._changes: list[tuple[int, str | None]] = []
        """The latest two changes to different bookings: whether another booking changed."""
        self._reached: dict[str, int] = {}
        """A field a change's documented reach may move in other bookings -> where it last did."""
        self._ticks = 0

    def observe(
        self, index: int, exchange: Exchange, operation: Operation, caller: str, *, foreign: bool = False
    ) -> Iterator[Finding]:
        """``foreign``: sent by another account than the one whose bookings this trace follows."""
        self._ticks = max(self._ticks, index)
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
            self._latest["foreign" if ok else "refused"] = index
        if not ok:
            return
        for view in self.words.views:
            if operation.name not in view.operations:
                continue
            for booking, shown in view.shown(operation, body):
                for key in self._of.get(booking, ()):
                    own = self._showings[key]
                    if key[2] == view.name and self._same(own.fields, shown):
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
        self._ticks += 1
        self._latest["void"] = self._ticks

    def _written(self, index: int, exchange: Exchange, operation: Operation, ok: bool) -> None:
        booking = operation.params.get(self.words.param)
        if ok and booking is None and operation.name in self.words.creates:
            booking = self.words.created(operation, exchange)
        if not ok:
            self._latest["refused"] = index
            return
        reach = self.words.reaches.get(operation.name, frozenset())
        if reach is None:
            self._latest["void"] = index
        for name in reach or ():
            self._reached[name] = index
        if not self._changes or self._changes[-1][1] != booking:
            self._changes = [*self._changes[-1:], (index, booking)]
        else:
            self._changes[-1] = (index, booking)
        sent = json_of(exchange.request_body)
        named = set(sent) if isinstance(sent, dict) else set()
        anything = operation.name not in self.words.changes
        for key in list(self._of.get(booking or "", ())):
            showing = self._showings[key]
            showing.kept = index
            if (key[0], key[1]) in self._final and operation.name not in self.words.shared:
                showing.final = showing.final or index
            elif anything:
                # A change that may move any field: its next showing is where judging starts again.
                self._forget(key)
            else:
                showing.free |= named | self.words.changes[operation.name]
                showing.own = showing.own or index

    def _forget(self, key: tuple[str, str, str]) -> None:
        del self._showings[key]
        self._of[key[1]].discard(key)

    def _shown(
        self, index: int, exchange: Exchange, key: tuple[str, str, str], shown: dict[str, Any]
    ) -> Iterator[Finding]:
        caller, booking, view = key
        before = self._showings.get(key)
        self._showings[key] = _Showing(dict(shown), index)
        self._of.setdefault(booking, set()).add(key)
        if self.words.final(shown):
            self._final.setdefault((caller, booking), index)
        at = self.clocks.at(caller, exchange)
        void = self._latest.get("void", 0)
        if before is None or (before.at < void and before.kept < void):
            return
        by_time: frozenset[str] = frozenset()
        if self.words.timed(before.fields, at) or self.words.timed(shown, at):
            if self.words.time_moves is None:
                return
            by_time = self.words.time_moves
        reached = {name for name, where in self._reached.items() if where > before.at}
        skip = self.words.derived | before.free | reached | by_time
        moved = sorted(
            name
            for name in set(before.fields) | set(shown)
            if name not in skip and before.fields.get(name) != shown.get(name)
        )
        if not moved:
            return
        family, cause = self._cause(before, booking)
        changes = ", ".join(
            f"{name} {_short(before.fields.get(name))} -> {_short(shown.get(name))}" for name in moved
        )
        said = f"booking {booking} ({view}) shown at #{before.at}, {cause}, now shows {changes}"
        yield Finding.of(self.words.rule(family), index, exchange, said)

    def _cause(self, before: _Showing, booking: str) -> tuple[str, str]:
        """Which rule a difference breaks, by what happened since the showing."""
        since = {kind: where for kind, where in self._latest.items() if where > before.at}
        elsewhere = next((where for where, changed in reversed(self._changes) if changed != booking), 0)
        if before.own is not None:
            return "WHOLE-READ-AFTER-WRITE", f"changed at #{before.own} in other fields"
        if before.final is not None:
            return "TERMINAL-EVERY-SPELLING", f"already final, changed at #{before.final}"
        if "foreign" in since:
            return (
                "ROLES-EVERY-OPERATION",
                f"then another account's change answered 2xx (#{since['foreign']})",
            )
        if elsewhere > before.at:
            return "NEIGHBOURS", f"then another booking changed (the latest at #{elsewhere})"
        if "refused" in since:
            return "REFUSAL-CHANGES-NOTHING", f"then only refusals (the latest at #{since['refused']})"
        return "WHOLE-READ-AFTER-WRITE", "with nothing changed since"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
