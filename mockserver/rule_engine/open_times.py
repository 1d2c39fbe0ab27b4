"""``PLACES-ADD-UP`` where a read lists the times still open rather than counting places left
(lifecycle's availability: each start, per resource, that a booking of the service's length
could take). A time is open or taken, and a booking takes every listed time on its resource that
it overlaps.

On a trace alone on its places, a time the trace saw open while none of its bookings took it
stays open until one of them takes it, and opens again once none does. A time it saw taken by
none of its bookings is taken by something the trace does not change (another customer's
booking, a blocked time), and stays taken. A time one of the trace's bookings takes is never
listed open. What the trace cannot count starts every time again, as for counted places.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

from .findings import Finding
from .holds import Place
from .operations import Operation
from .places import Places
from .reading import instant_of
from .vocabulary import Vocabulary


class OpenTimes(Places):
    """One API's listed open times over one trace that uses them alone (``Holds.lists``)."""

    def __init__(self, words: Vocabulary) -> None:
        super().__init__(words)
        self._listed: dict[tuple[str, str], set[Place]] = {}
        """A read (its path and query) -> every time it has listed: one it lists no more is taken."""
        self._open: dict[Place, int] = {}
        """A time seen open while none of the trace's bookings took it -> when."""
        self._taken: dict[Place, int] = {}
        """A time seen taken while none of the trace's bookings took it -> when."""

    def forget(self) -> None:
        super().forget()
        self._listed.clear()
        self._open.clear()
        self._taken.clear()

    def _read(self, operation: Operation, exchange: Exchange, body: Any) -> list[tuple[Place, int]]:
        if operation.name not in self.holds.lists:
            return []
        listed = {place for place, _ in self.holds.remaining(operation, exchange, body)}
        url = urlsplit(exchange.url)
        seen = self._listed.setdefault((url.path, url.query), set())
        seen |= listed
        return [(place, 1 if place in listed else 0) for place in sorted(seen, key=repr)]

    def _known(self, holder: Hashable, place: Place | None) -> None:
        # Known now, it took its times all along: what the trace saw of them was its doing.
        super()._known(holder, place)
        for seen in (self._open, self._taken):
            for time in [time for time in seen if place is not None and self.holds.covers(place, time)]:
                del seen[time]

    def _judged(self, index: int, exchange: Exchange, place: Place, left: int) -> Iterator[Finding]:
        holders = self._holders(place)
        opened, taken = self._open.get(place, -1), self._taken.get(place, -1)
        said = None
        if holders and left:
            said = f"{_named(place)} is listed open, though the trace's booking {holders[0]} takes it"
        elif not holders and not left and opened >= self._void:
            said = (
                f"{_named(place)} was open at #{opened}, none of the trace's bookings takes it now, "
                "and it is no longer listed"
            )
        elif not holders and left and taken >= self._void:
            said = (
                f"{_named(place)} was taken at #{taken} by none of the trace's bookings, and is "
                "listed open with nothing of the trace's left it since"
            )
        if not holders:
            (self._open if left else self._taken)[place] = index
            (self._taken if left else self._open).pop(place, None)
        if said is not None:
            yield Finding.of(self.rule, index, exchange, said)


def overlaps(held: Place, listed: Place) -> bool:
    """A booking's (resource, start, end) takes a listed time on its resource that it overlaps."""
    if not (isinstance(held, tuple) and isinstance(listed, tuple) and len(held) == len(listed) == 3):
        return False
    return bool(held[0] == listed[0] and held[1] < listed[2] and listed[1] < held[2])


def time_of(resource: Any, starts: Any, ends: Any) -> Place | None:
    """A time on a resource, its instants parsed (answers may spell an instant in any offset)."""
    start, end = instant_of(starts), instant_of(ends)
    if resource is None or start is None or end is None or start.tzinfo is None or end.tzinfo is None:
        return None
    return (str(resource).lower(), start, end)


def _named(place: Place) -> str:
    if isinstance(place, tuple) and len(place) == 3:
        resource, start, end = place
        return f"{start.isoformat()} to {end.isoformat()} on {resource}"
    return str(place)
