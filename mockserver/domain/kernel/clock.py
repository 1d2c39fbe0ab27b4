"""The sandbox clock.

Every timestamp the sandbox stores or returns comes from a ``Clock``, never from
``datetime.now()`` directly, so that a sandbox's time can be shifted or frozen
(the control API builds on this) and tests can pin time exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from .errors import ClockBackwards, FieldProblem, InvalidInput

MICROSECOND = timedelta(microseconds=1)


def system_now() -> datetime:
    return datetime.now(UTC)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


@dataclass(frozen=True)
class SandboxClock:
    """Real time shifted by an offset, or a frozen instant when one is set."""

    offset: timedelta = timedelta(0)
    frozen_at: datetime | None = None
    source: Callable[[], datetime] = system_now

    def now(self) -> datetime:
        # A frozen clock never asks its source (the system clock, read at every request).
        return self.frozen_at if self.frozen_at is not None else self.at(self.source())

    def at(self, real: datetime) -> datetime:
        """What this clock reads when real time is ``real``."""
        if self.frozen_at is not None:
            return self.frozen_at
        # A running clock stops at the end of the range: moved close to it, it would otherwise
        # run past it, date what it stores there, and its own export would not import.
        return min(real + self.offset, LATEST)


@dataclass(frozen=True)
class FixedClock:
    """A clock that always answers the same instant; for tests and seeding."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


@dataclass(frozen=True)
class ClockStart:
    """Where a new (or reset) sandbox's clock starts: the wall clock, or a chosen instant.

    A chosen instant makes a sandbox independent of the day it is created on (the
    same seed then seeds the same dated world); ``frozen`` also stops it there, so
    the same requests get the same bytes back, timestamps included.
    """

    at: datetime | None = None
    frozen: bool = False

    def __post_init__(self) -> None:
        if self.at is not None and self.at.utcoffset() is None:
            raise ValueError("a start instant needs a UTC offset (e.g. 2027-01-04T09:00:00Z)")

    def clock(self, source: Callable[[], datetime] = system_now) -> SandboxClock:
        """A clock reading the start instant now (frozen there, or running on from it)."""
        at = source() if self.at is None else self.at.astimezone(UTC)
        if self.frozen:
            return SandboxClock(frozen_at=at, source=source)
        return SandboxClock(offset=at - source() if self.at is not None else timedelta(0), source=source)


def next_revision_time(clock: Clock, previous: datetime) -> datetime:
    """A modification time strictly after ``previous``.

    Clients detect changes by comparing ``updated_at``; with a frozen clock, or two
    edits inside one clock tick, "now" alone would not move, so it is nudged on.
    """
    return max(clock.now(), previous + MICROSECOND)


# Moving a sandbox's clock (the control API). Time never runs backwards: stored
# timestamps, settled statuses and delivered webhooks would contradict it.


# Beyond this no booking lives, and well before datetime's own limit (9999) so arithmetic
# on a clock reading (deadlines, windows) never overflows.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)


def advanced(clock: SandboxClock, by: timedelta) -> SandboxClock:
    if by < timedelta(0):
        raise ClockBackwards(f"the sandbox clock only moves forward; cannot advance by {by}")
    if by > LATEST - clock.now():
        raise InvalidInput(
            f"the sandbox clock cannot pass {LATEST.isoformat()}",
            problems=(FieldProblem("duration", f"at most {LATEST - clock.now()} from now"),),
        )
    if clock.frozen_at is not None:
        return replace(clock, frozen_at=clock.frozen_at + by)
    return replace(clock, offset=clock.offset + by)


def set_to(clock: SandboxClock, instant: datetime) -> SandboxClock:
    """The clock reading ``instant`` now, still frozen or still running as it was."""
    current = clock.now()
    if instant < current:
        raise ClockBackwards(
            f"the sandbox clock only moves forward; it reads {current.isoformat()}, "
            f"later than {instant.isoformat()}"
        )
    return advanced(clock, instant - current)


def frozen(clock: SandboxClock) -> SandboxClock:
    return replace(clock, offset=timedelta(0), frozen_at=clock.now())


def resumed(clock: SandboxClock) -> SandboxClock:
    """A frozen clock running again from the instant it was frozen at."""
    if clock.frozen_at is None:
        return clock
    return replace(clock, offset=clock.frozen_at - clock.source(), frozen_at=None)
