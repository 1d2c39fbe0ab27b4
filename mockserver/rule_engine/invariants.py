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

Each API says, in its own rules module (its ``vocabulary.Vocabulary``), where its answers show
bookings (its views: a read by id, a list, a calendar each show their own projection), which
fields are derived, which operations change what, and which statuses are final. A booking in a
state that time alone changes (a hold that expires) is not judged until it is shown settled again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mockserver.documents.har import Exchange

from .callers import UNTOLD, caller_of
from .findings import Finding
from .operations import Operation
from .reading import answer_of, sent_of
from .target_clocks import TargetClocks
from .vocabulary import Vocabulary

# A view shows another account's booking "as this account sees it" only where this many of its
# fields agree: fewer (a bare status) agree by chance where each account numbers its own bookings.
SAME_BOOKING_FIELDS = 5


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
    reader: str = ""
    """The credential it was shown to, where its caller is an account of several."""


class Invariants:
    """The invariants over one trace: each booking's last showing in each view, to each caller,
    and what happened since.

    A showing is kept per caller, since accounts may number their bookings alike; a change is
    news to every caller's showing of that id, since a merchant changes what its customer reads.
    Nothing a change does scans every showing: a change reaches its own booking's showings, and
    what bears on the others (a refusal, a change elsewhere, a change of wide reach, a clock
    moved) is kept as the latest place it happened, read when a booking is shown again.
    """

    def __init__(
        self, words: Vocabulary, clocks: TargetClocks | None = None, *, accounts: bool = False
    ) -> None:
        """``accounts``: the trace says whose each exchange is (``foreign``), so this account's
        creates' answers are kept to tell another account's answered alike."""
        self.words = words
        self._accounts = accounts
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
        self._made: dict[str, tuple[int, Any]] = {}
        """A booking this account's create made -> where, and the create's answer."""
        self._ticks = 0

    def observe(
        self, index: int, exchange: Exchange, operation: Operation, caller: str, *, foreign: bool = False
    ) -> Iterator[Finding]:
        """``foreign``: sent by another account than the one whose bookings this trace follows.
        ``caller`` may be an account of several credentials (the explorer's owner and the guest it
        invites, who read one lifecycle booking's status each their own way)."""
        self._ticks = max(self._ticks, index)
        body = answer_of(exchange)
        ok = 200 <= exchange.status < 300
        if foreign:
            yield from self._foreign(index, exchange, operation, body, ok)
            return
        if operation.name in self.words.writes:
            self._written(index, exchange, operation, ok)
        if not ok:
            return
        if self._accounts and operation.name in self.words.creates and isinstance(body, dict) and body:
            made = self.words.created(operation, exchange)
            if made is not None:
                self._made.setdefault(made, (index, body))
        # The credential, where each reads some fields its own way and ``caller`` is an account.
        reader = caller_of(exchange) if self.words.per_caller else caller
        for view in self.words.views:
            if operation.name in view.operations:
                for booking, shown in view.shown(operation, body):
                    yield from self._shown(index, exchange, (caller, booking, view.name), shown, reader)

    def _foreign(
        self, index: int, exchange: Exchange, operation: Operation, body: Any, ok: bool
    ) -> Iterator[Finding]:
        """Another account's request: whatever it asked, this account's bookings stay as they were,
        and no answer to it shows one of them, except one that names people besides its owner,
        whom the other account may be (``Vocabulary.names_others``: a guest answering)."""
        answered = [
            (view.name, booking, fields) for view in self.words.views if operation.name in view.operations
            for booking, fields in view.shown(operation, body)
        ] if ok else []  # fmt: skip
        if operation.name in self.words.writes and any(self.words.names_others(f) for *_, f in answered):
            self._written(index, exchange, operation, ok)
        elif operation.name in self.words.writes:
            self._latest["foreign" if ok else "refused"] = index
        if not ok:
            return
        if operation.name in self.words.creates and (made := self.words.created(operation, exchange)):
            # A create answered word for word as this account's was: the answer of another account
            # (a key looked up without its owner) names this account's booking, whatever the
            # numbering; an answer of its own would name its own account, or a booking of its own.
            at, answer = self._made.get(made, (0, None))
            if answer is not None and answer == body:
                said = (
                    f"another account's create was answered as this account's at #{at}, naming booking {made}"
                )
                yield Finding.of(self.words.rule("ROLES-EVERY-OPERATION"), index, exchange, said)
                return
        for view, booking, shown in answered:
            for key in self._of.get(booking, ()):
                own = self._showings[key]
                if key[2] == view and self._same(own.fields, shown) and not self.words.names_others(shown):
                    said = f"another account was shown booking {booking} ({view}) as its owner sees it"
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
        if not ok:
            self._latest["refused"] = index
            return
        booking = self.words.written(operation, exchange)
        reach = self.words.reaches.get(operation.name, frozenset())
        if reach is None:
            self._latest["void"] = index
        for name in reach or ():
            self._reached[name] = index
        if not self._changes or self._changes[-1][1] != booking:
            self._changes = [*self._changes[-1:], (index, booking)]
        else:
            self._changes[-1] = (index, booking)
        sent = sent_of(exchange)
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
        self, index: int, exchange: Exchange, key: tuple[str, str, str], shown: dict[str, Any], reader: str
    ) -> Iterator[Finding]:
        caller, booking, view = key
        before = self._showings.get(key)
        # A caller the recording does not name reads the fields each caller sees its own way as
        # whoever sent it did: they say nothing of the booking's state. Nor do they where another
        # credential of the caller's account read it last (the walk's owner, and its guest).
        masked = caller in UNTOLD
        other = before is not None and before.reader != reader
        untold = self.words.per_caller if masked or other else frozenset()
        self._showings[key] = _Showing(dict(shown), index, reader=reader)
        self._of.setdefault(booking, set()).add(key)
        if self.words.final(shown) and not (masked and self.words.per_caller):
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
        skip = self.words.derived | before.free | reached | by_time | untold
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
