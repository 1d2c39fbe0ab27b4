"""Undoing what a scenario created, so a real deployment is left as the kit found it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress


class Tidy:
    """Undo steps a scenario registers as it creates things; run last-first at its end."""

    def __init__(self) -> None:
        self._steps: list[Callable[[], object]] = []

    def later(self, step: Callable[[], object]) -> None:
        self._steps.append(step)

    def run_all(self) -> None:
        # One failed undo must not stop the rest, nor fail a check that passed.
        for step in reversed(self._steps):
            with suppress(Exception):
                step()
