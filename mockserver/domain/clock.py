"""The sandbox clock.

Every timestamp the sandbox stores or returns comes from a ``Clock``, never from
``datetime.now()`` directly, so that a sandbox's time can be shifted or frozen
(the control API builds on this) and tests can pin time exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

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
        if self.frozen_at is not None:
            return self.frozen_at
        return self.source() + self.offset


@dataclass(frozen=True)
class FixedClock:
    """A clock that always answers the same instant; for tests and seeding."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant


def next_revision_time(clock: Clock, previous: datetime) -> datetime:
    """A modification time strictly after ``previous``.

    Clients detect changes by comparing ``updated_at``; with a frozen clock, or two
    edits inside one clock tick, "now" alone would not move, so it is nudged on.
    """
    return max(clock.now(), previous + MICROSECOND)
