"""A seed draws the same in any process: Hypothesis's constants from the importing code, left out.

Hypothesis (6.131 and later) now and then draws, for an integer, a float, a string or bytes, a
literal it read from the source of each "local" module the process has imported: neither the
standard library's nor site-packages', nor a test file's. The explorer's steps and Schemathesis'
cases are drawn that way, so one seed sent other requests in a process that had imported other
modules: the kit run beside a user's own code, or after ``--checks all`` had imported the
rules, against the replay command a finding prints; an editable install against a wheel; this
project after any change to any of its literals. A vendor's API knows nothing of the literals
of the code that tests it, so leaving them out loses no case worth drawing.

Hypothesis has no public switch for it, so the kit swaps its private reader for one that reads
nothing, for the kit's session only. A release that moves the reader leaves draws as they are,
and the kit says so once rather than stopping (``tests/contract/test_explore_replay.py``
notices here first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis.internal.conjecture import providers

UNSEEDED = (
    "contract kit: this Hypothesis keeps its draws of local constants elsewhere; a seed may draw "
    "otherwise in a process that imported other modules (a finding's replay command included)"
)


def draws_from_seed_alone() -> Callable[[], None] | None:
    """From now on, no draw takes a constant from imported code. The undo; ``None`` where this
    Hypothesis has no such reader to swap."""
    reader = getattr(providers, "_get_local_constants", None)
    cache: Any = getattr(providers, "CONSTANTS_CACHE", None)
    constants = getattr(providers, "Constants", None)
    if reader is None or constants is None or not hasattr(cache, "cache"):
        return None
    none = constants()
    providers._get_local_constants = lambda: none
    # Permitted constants are cached per kind of draw, the local ones among them.
    cache.cache.clear()

    def undo() -> None:
        providers._get_local_constants = reader
        cache.cache.clear()

    return undo
