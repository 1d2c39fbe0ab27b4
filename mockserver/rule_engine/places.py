"""``PLACES-ADD-UP``: the places a read shows left are what it showed before, less the trace's own
bookings that took one there since, plus those that left.

Judged only on a trace that uses its places alone (the explorer's walk of a sandbox of its own):
on a target others share, a place the trace shows may have been taken by anyone, so the rule is
not met there, never failed.

Each booking the trace knows holds a place or none, as its latest showing says (``Holds.held``):
a create, a move and a cancel each show the booking after them, a delete leaves it holding none.
Where an API's changes answer no body, its words say whom each change seated or unseated
(``Holds.moves``): a customer who joins or leaves a group, the customers a merchant books.
A place's first showing is its baseline: what it shows later must differ from it by exactly the
change in how many of the trace's bookings hold it. Whatever the trace cannot count starts every
place again: a clock moved or a state replaced, another account's change, a change whose answer
does not show where its booking went, a change of a booking the trace had not seen, or one whose
documented reach is other bookings (a series).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .holds import Place, Taken
from .operations import Operation
from .reading import answer_of
from .vocabulary import Vocabulary

FAMILY = "PLACES-ADD-UP"


@dataclass(frozen=True)
class _Baseline:
    left: int
    held: int
    """How many of the trace's bookings held the place then."""
    at: int


class Places:
    """One API's places over one trace that uses them alone (``Vocabulary.places``)."""

    def __init__(self, words: Vocabulary) -> None:
        assert words.places is not None, f"{words.prefix} shows no places"
        self.words = words
        self.holds = words.places
        self.rule = words.rule(FAMILY)
        self._where: dict[Hashable, Place | None] = {}
        """A holder the trace knows (a booking; a customer in a group) -> the place it holds now
        (None: none)."""
        self._baseline: dict[Place, _Baseline] = {}
        self._void = 0
        """The latest exchange after which the trace cannot count its places."""

    def forget(self) -> None:
        """A sandbox's state was replaced: its bookings, and their places, start again."""
        self._where.clear()
        self._baseline.clear()

    def time_moved(self, index: int) -> None:
        self._void = max(self._void, index)

    def observe(
        self, index: int, exchange: Exchange, operation: Operation, *, foreign: bool = False
    ) -> Iterator[Finding]:
        if not 200 <= exchange.status < 300:
            return  # a refusal changes nothing (REFUSAL-CHANGES-NOTHING judges it did not)
        if foreign:
            if operation.name in self.words.writes:
                self._void = index
            return
        body = answer_of(exchange)
        shown = self._shown(operation, body)
        if operation.name in self.words.writes and self.holds.moves is not None:
            self._moved(index, self.holds.moves(operation, exchange))
        elif operation.name in self.words.writes:
            self._written(index, operation, exchange, shown)
        else:
            self._seen(index, shown)
        for place, left in self._read(operation, exchange, body):
            yield from self._judged(index, exchange, place, left)

    def _read(self, operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
        return self.holds.remaining(operation, exchange, body)

    def _shown(self, operation: Operation, body: Any) -> dict[str, Mapping[str, Any]]:
        """Each booking the answer shows whole enough to say where it is, merged over its views."""
        merged: dict[str, dict[str, Any]] = {}
        for booking, fields in self.words.shown(operation, body):
            merged.setdefault(booking, {}).update(fields)
        return {booking: fields for booking, fields in merged.items() if self.holds.shows(fields)}

    def _written(
        self, index: int, operation: Operation, exchange: Exchange, shown: Mapping[str, Mapping[str, Any]]
    ) -> None:
        booking = self.words.written(operation, exchange)
        made = operation.name in self.words.creates
        if operation.name in self.words.reaches and operation.name not in self.words.shared:
            self._void = index
        if booking is None:
            if made:
                self._void = index  # a booking made somewhere the trace cannot follow
            return
        if operation.method == "DELETE":
            if booking in self._where:
                self._where[booking] = None
            else:
                self._void = index
            return
        if booking not in shown or (booking not in self._where and not made):
            self._void = index  # where it went, or where it was, is not known
        if booking in shown:
            self._where[booking] = self.holds.held(shown[booking])

    def _moved(self, index: int, moves: list[Taken] | None) -> None:
        if moves is None:
            self._void = index
            return
        for move in moves:
            if move.holder not in self._where:
                self._known(move.holder, move.before)
            self._where[move.holder] = move.place

    def _seen(self, index: int, shown: Mapping[str, Mapping[str, Any]]) -> None:
        for booking, fields in shown.items():
            place = self.holds.held(fields)
            if booking not in self._where:
                self._known(booking, place)
            elif self._where[booking] != place:
                # Moved with no change the trace saw (another family names that): recount.
                self._where[booking] = place
                self._void = index

    def _known(self, holder: Hashable, place: Place | None) -> None:
        """Known now, it held its place all along: each baseline there counts it too."""
        self._where[holder] = place
        if place is None:
            return
        for shown, baseline in list(self._baseline.items()):
            if self.holds.covers(place, shown):
                self._baseline[shown] = _Baseline(baseline.left, baseline.held + 1, baseline.at)

    def _holders(self, place: Place) -> list[Hashable]:
        """The trace's holders that take ``place`` now."""
        covers = self.holds.covers
        return [holder for holder, where in self._where.items() if where is not None and covers(where, place)]

    def _judged(self, index: int, exchange: Exchange, place: Place, left: int) -> Iterator[Finding]:
        held = len(self._holders(place))
        baseline = self._baseline.get(place)
        self._baseline[place] = _Baseline(left, held, index)
        if baseline is None or baseline.at < self._void:
            return
        expected = baseline.left - (held - baseline.held)
        if left != expected:
            took = held - baseline.held
            since = f"the trace's own bookings there {'took' if took >= 0 else 'left'} {abs(took)} since"
            yield Finding.of(
                self.rule,
                index,
                exchange,
                f"{_named(place)} showed {baseline.left} places left at #{baseline.at}; {since}, so "
                f"{expected} are left, and it shows {left}",
            )


def _named(place: Place) -> str:
    return " ".join(str(part) for part in place) if isinstance(place, tuple) else str(place)
