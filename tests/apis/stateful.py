"""Shared by the Schemathesis tests: one fresh sandbox per stateful scenario."""

from __future__ import annotations


class Scenarios:
    """Numbers stateful scenarios; each runs in a sandbox of its own.

    Hypothesis replays a failing scenario to shrink it. In a shared sandbox the
    replay would meet the first run's bookings, answer differently, and end in
    FlakyStrategyDefinition instead of the real failure; a fresh API key per
    scenario makes every replay exact.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.current = 0

    def sandbox_key(self) -> str:
        return f"{self.prefix}{self.current}"

    def next(self) -> None:
        self.current += 1
