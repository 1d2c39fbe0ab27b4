"""Undoing what a scenario created, so a real deployment is left as the kit found it.

Each undo is sent by the role that owns the thing (another role is rightly refused), and its
answer is read: a thing already gone (the scenario cancelled or deleted it itself) is fine;
anything else is a leftover, listed at the run's end with its id, why it stayed, and how to
remove it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests

# What an undo may rightly meet when the scenario already removed the thing: not found, a
# conflict or a refusal of a second cancel (each API answers that differently), gone.
ALREADY_GONE = (404, 409, 410, 422)


@dataclass(frozen=True)
class Leftover:
    what: str
    why: str
    how: str


class Tidy:
    """Undo steps a scenario registers as it creates things; run last-first at its end."""

    def __init__(self, leftovers: list[Leftover] | None = None) -> None:
        self._steps: list[tuple[Callable[[], Any], str, tuple[int, ...]]] = []
        self.leftovers = [] if leftovers is None else leftovers

    def later(self, step: Callable[[], Any], what: str = "", gone: tuple[int, ...] = ALREADY_GONE) -> None:
        """``step`` undoes ``what`` (e.g. ``booking 42``); ``gone`` are the statuses that mean
        it was removed already."""
        self._steps.append((step, what, gone))

    def run_all(self) -> None:
        # One failed undo must not stop the rest, nor fail a check that passed.
        for step, what, gone in reversed(self._steps):
            try:
                answer = step()
            except requests.RequestException as error:
                self._left(what, f"the target did not answer ({type(error).__name__})", None)
                continue
            refused = isinstance(answer, requests.Response) and answer.status_code >= 300
            if refused and answer.status_code not in gone:
                self._left(what, f"answered {answer.status_code}", answer)

    def _left(self, what: str, why: str, answer: requests.Response | None) -> None:
        request = answer.request if answer is not None else None
        how = f"{request.method} {request.url}" if request is not None else "cancel or delete it by hand"
        self.leftovers.append(Leftover(what or "something the scenario made", why, how))
