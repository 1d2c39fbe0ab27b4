"""A booking's timestamps, judged over a trace by what the target's own clock showed.

``created_at`` is when a booking was made and never moves; ``updated_at`` moves with each change.
"Moves" cannot mean "differs from before": a vendor may keep whole seconds, so two changes
inside one second, or under a sandbox's stopped clock, legitimately show the same instant. What
a trace can prove is weaker and always true of a correct vendor: every instant the target stamped
was its clock's reading then, and a clock does not run back. So the latest instant a caller was
shown (a stamp, or a sandbox's clock as its control API answered) is a floor under the target's
clock from then on, and a change sent after it that shows ``updated_at`` below it was not stamped
when it happened. A clock a sandbox moves on, or that runs between a booking's making and its
change, is what lets the floor pass a booking's old stamp.

Each caller's clock and bookings are followed apart (each sandbox key has a clock of its own),
and a control call that replaces a sandbox's state forgets what was shown before it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .operations import Operation
from .reading import answer_of, instant_of
from .target_clocks import TargetClocks
from .vocabulary import Vocabulary

FAMILY = "TIMESTAMPS"
SKEW = timedelta(seconds=1)
"""How far apart a target's own clocks may read: a vendor may stamp a booking's making with its
database's clock and its changes with its application's. A stamp further behind is no skew."""
FRACTION = re.compile(r"T\d\d:\d\d:\d\d[.,](\d+)")


@dataclass(frozen=True)
class _Due:
    """A booking a 2xx made or changed, not shown since."""

    at: int
    floor: tuple[datetime, int] | None
    """The caller's floor under the request: what was answered before it was sent."""
    made: bool


@dataclass
class _Stamped:
    fields: dict[str, Any]
    created: datetime | None
    updated: datetime | None
    """The latest ``updated_at`` shown so far."""
    at: int
    answered: datetime
    """When the showing of ``updated`` was answered: a read sent before then may show older."""


class _Floor:
    """The instants one caller's target was seen to stamp, each with when it was answered. The
    floor under a request is what was answered before it was sent: requests in flight together
    (a race's) are stamped in any order, whatever order their answers are recorded in."""

    RECENT = 64
    """Stamps kept apart by when they were answered; older ones are settled, as answered before
    anything still to be sent (more than this many requests in flight at once are not followed)."""

    def __init__(self) -> None:
        self._settled: tuple[datetime, int] | None = None
        self._recent: deque[tuple[datetime, datetime, int]] = deque()

    def add(self, answered: datetime, stamp: datetime, index: int) -> None:
        self._recent.append((answered, stamp, index))
        if len(self._recent) > self.RECENT:
            _, old, at = self._recent.popleft()
            self._settled = _later(self._settled, (old, at))

    def under(self, sent: datetime) -> tuple[datetime, int] | None:
        floor = self._settled
        for answered, stamp, index in self._recent:
            if answered <= sent:
                floor = _later(floor, (stamp, index))
        return floor


def _later(one: tuple[datetime, int] | None, other: tuple[datetime, int]) -> tuple[datetime, int]:
    return other if one is None or other[0] > one[0] else one


class Stamps:
    """The timestamp rule of one API (``Vocabulary.stamps``) over one trace."""

    def __init__(self, words: Vocabulary, clocks: TargetClocks | None = None) -> None:
        assert words.stamps is not None, f"{words.prefix} shows no timestamps"
        self.words = words
        self.clocks = clocks or TargetClocks()
        self.rule = words.rule(FAMILY)
        view, self._created, self._updated = words.stamps
        self._view = next(v for v in words.views if v.name == view)
        self._floor: dict[str, _Floor] = {}
        """A caller -> the instants its target was seen to stamp or read."""
        self._known: dict[tuple[str, str], _Stamped] = {}
        self._due: dict[tuple[str, str], _Due] = {}

    def clock(self, caller: str, now: datetime | None, index: int, exchange: Exchange) -> None:
        """A sandbox's clock as its control API answered: a floor, as a stamp is."""
        if now is not None and now.tzinfo is not None:
            self._floor.setdefault(caller, _Floor()).add(_answered(exchange), now, index)

    def forget(self) -> None:
        """A sandbox's state was replaced (reset, imported): its bookings and clock start again."""
        self._floor.clear()
        self._known.clear()
        self._due.clear()

    def observe(self, index: int, exchange: Exchange, operation: Operation, caller: str) -> Iterator[Finding]:
        ok = 200 <= exchange.status < 300
        if ok and operation.name in self.words.writes:
            self._changed(index, exchange, operation, caller)
        if not ok or operation.name not in self._view.operations:
            return
        shown = self._view.shown(operation, answer_of(exchange))
        for booking, fields in shown:
            yield from self._shown(index, exchange, (caller, booking), fields)
        # The answer's own stamps raise the floor only once each was judged against the old one.
        # Only when a booking was made: a target may nudge ``updated_at`` past its clock to tell
        # two changes apart under a stopped one (this sandbox does, by a microsecond).
        for _, fields in shown:
            stamp = _aware(fields.get(self._created))
            if stamp is not None:
                self._floor.setdefault(caller, _Floor()).add(_answered(exchange), stamp, index)

    def _changed(self, index: int, exchange: Exchange, operation: Operation, caller: str) -> None:
        made = self.words.param not in operation.params and operation.name in self.words.creates
        booking = self.words.written(operation, exchange)
        if booking is None:
            return
        key = (caller, str(booking))
        if operation.method == "DELETE":
            self._known.pop(key, None)
            self._due.pop(key, None)
        elif operation.name not in self.words.shared:
            # Two changes before the next showing: the first's floor, the lower, is what both keep.
            # Taken now, while the stamps answered since are still apart from the settled ones.
            kept = self._floor.get(caller)
            floor = kept.under(exchange.started) if kept is not None else None
            self._due.setdefault(key, _Due(index, floor, made))

    def _shown(
        self, index: int, exchange: Exchange, key: tuple[str, str], fields: dict[str, Any]
    ) -> Iterator[Finding]:
        booking = key[1]
        created, updated = _aware(fields.get(self._created)), _aware(fields.get(self._updated))
        prior = self._known.get(key)
        due = self._due.pop(key, None)
        floor = due.floor if due is not None else None
        if prior is None:
            self._known[key] = _Stamped(dict(fields), created, updated, index, _answered(exchange))
            made = due is not None and due.made
            if made and floor and created and self._below(fields.get(self._created), created, floor):
                what = f"booking {booking}, made at #{due.at if due else 0}, shows {self._created}"
                yield self._finding(index, exchange, what, created, floor)
            return
        if created is not None and prior.created is not None and created != prior.created:
            said = f"booking {booking}'s {self._created} moved from {_text(prior.created)} (#{prior.at})"
            yield Finding.of(self.rule, index, exchange, f"{said} to {_text(created)}")
        overlapping = exchange.started < prior.answered  # sent before that showing came back
        if updated and prior.updated and updated < prior.updated - SKEW and not overlapping:
            said = f"booking {booking}'s {self._updated} went back from {_text(prior.updated)} (#{prior.at})"
            yield Finding.of(self.rule, index, exchange, f"{said} to {_text(updated)}")
        elif due and floor and updated and self._below(fields.get(self._updated), updated, floor):
            changed = self._moved(prior.fields, fields, self.clocks.at(key[0], exchange), own=due.at == index)
            if changed:
                what = f"changing {', '.join(changed)} of booking {booking} at #{due.at} left {self._updated}"
                yield self._finding(index, exchange, what, updated, floor)
        latest = max((stamp for stamp in (prior.updated, updated) if stamp is not None), default=None)
        answered = _answered(exchange) if latest == updated else prior.answered
        self._known[key] = _Stamped(dict(fields), prior.created or created, latest, index, answered)

    def _moved(self, before: dict[str, Any], after: dict[str, Any], at: datetime, *, own: bool) -> list[str]:
        """The fields a change moved. Read later than the change's own answer, none where time
        alone may have moved them too: an expired hold is stamped when it expired, before the floor."""
        if not own and (self.words.timed(before, at) or self.words.timed(after, at)):
            return []
        skip = self.words.derived | {self._created, self._updated}
        return sorted(
            name
            for name in set(before) | set(after)
            if name not in skip and before.get(name) != after.get(name)
        )

    def _below(self, text: Any, stamp: datetime, floor: tuple[datetime, int]) -> bool:
        """Whether a stamp lies before the floor by more than two clocks of one target may
        disagree, read to the stamp's own precision: a target that keeps whole seconds shows
        12:00:05 for a clock that read 12:00:05.7."""
        fraction = FRACTION.search(str(text))
        digits = len(fraction.group(1)) if fraction else 0
        unit = 10 ** (6 - min(digits, 6))
        return stamp < floor[0] - timedelta(microseconds=floor[0].microsecond % unit) - SKEW

    def _finding(
        self, index: int, exchange: Exchange, what: str, stamp: datetime, floor: tuple[datetime, int]
    ) -> Finding:
        said = (
            f"{what} at {_text(stamp)}, before {_text(floor[0])}, which the target had shown at #{floor[1]}"
        )
        return Finding.of(self.rule, index, exchange, said)


def _answered(exchange: Exchange) -> datetime:
    return exchange.started + timedelta(milliseconds=exchange.duration_ms)


def _aware(text: Any) -> datetime | None:
    """An instant with its offset; one without cannot be held against another."""
    instant = instant_of(text)
    return instant if instant is not None and instant.tzinfo is not None else None


def _text(instant: datetime) -> str:
    return instant.isoformat()
