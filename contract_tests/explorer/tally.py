"""The explorer's progress across a run's walks: steps taken, rules broken, and each rule's
shortest break seen, which the finding reports (``runs.explore``)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .findings import Broken

PROGRESS_EVERY = 40


@dataclass
class Tally:
    """The run's progress across examples: steps taken, findings so far."""

    steps: int = 0
    examples: int = 0
    requests: int = 0
    started: float = field(default_factory=time.monotonic)
    rules: set[str] = field(default_factory=set)
    progress: Callable[[str], None] = lambda line: None
    first_found: float | None = None
    shrink_seconds: float = 10
    shortest: dict[str, Broken] = field(default_factory=dict)
    """Each rule's break with the fewest exchanges seen, in any walk: Hypothesis shrinks by its
    own order of choices, so a shrink cut short by its time may end on a longer sequence."""
    answered: Counter[str] = field(default_factory=Counter)
    """Each operation the walk sent -> how many of its answers were a 2xx."""

    def called(self, operation: str, status: int) -> None:
        self.requests += 1
        self.answered[operation] += 200 <= status < 300

    def unanswered(self, planned: Iterable[str]) -> list[str]:
        """The operations of the plan that no request answered with a 2xx (or none was sent):
        what the walk said nothing of, however many steps it took."""
        return sorted({name for name in planned if not self.answered[name]})

    def found(self, error: Broken) -> None:
        self.rules.add(error.rule)
        if self.first_found is None:
            self.first_found = time.monotonic()
        kept = self.shortest.get(error.rule)
        if kept is None or error.length() < kept.length():
            self.shortest[error.rule] = error

    def shrunk_enough(self) -> bool:
        if self.first_found is None:
            return False
        # One exchange is as short as a break gets: no replay could shorten it further.
        if all(error.length() <= 1 for error in self.shortest.values()):
            return True
        return time.monotonic() - self.first_found > self.shrink_seconds

    def stepped(self) -> None:
        self.steps += 1
        if self.steps % PROGRESS_EVERY == 0:
            found = (
                f", found so far: {', '.join(sorted(self.rules))}" if self.rules else ", nothing found so far"
            )
            seconds = time.monotonic() - self.started
            walked = f"{self.steps} steps in {self.examples} walks, {self.requests} requests"
            self.progress(f"{walked}, {seconds:.0f} s{found}")
