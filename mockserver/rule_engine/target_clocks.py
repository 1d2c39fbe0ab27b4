"""The target's own clock, as far as a trace tells it: what "time alone" is judged by.

A booking whose end has passed may change by time alone, but passed by whose clock? A trace
records the wall clock it was sent on, and a booking-sandbox's clock may be months from it (a
test pins it, the explorer stops it). Where the trace holds the sandbox's own answer about its
clock (a control API move or read), that clock is the judge; elsewhere the wall clock, which
is a deployment's own.
"""

from __future__ import annotations

from datetime import datetime

from mockserver.documents.har import Exchange


class TargetClocks:
    """Each caller's sandbox clock, as its control API last answered it."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[datetime, bool, datetime]] = {}
        """A caller -> the clock's reading, whether it was stopped, and when it was read."""

    def read(self, caller: str, now: datetime, frozen: bool, exchange: Exchange) -> None:
        self._read[caller] = (now, frozen, exchange.started)

    def read_by(self, caller: str) -> bool:
        """Whether the trace shows the caller's sandbox clock (else ``at`` is the wall clock's)."""
        return caller in self._read

    def at(self, caller: str, exchange: Exchange) -> datetime:
        """The target's time when ``exchange`` was sent."""
        reading = self._read.get(caller)
        if reading is None:
            return exchange.started
        now, frozen, read_at = reading
        return now if frozen else now + (exchange.started - read_at)

    def forget(self) -> None:
        self._read.clear()
