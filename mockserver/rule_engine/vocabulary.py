"""An API's words for the rule engine: each a fact its documents state.

Where its answers show bookings (its views: a read by id, a list, a calendar each show their own
projection), which operations change what and how far their reach goes, which statuses are final
and what time alone may change, and where it shows timestamps, money and places. Each API says
them in its own rules module; the judgements (``invariants.py``, ``stamps.py``, ``identity.py``,
``money.py``, ``places.py``) read them, and the explorer walks by them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mockserver.documents.har import Exchange

from .holds import Holds
from .operations import Operation
from .prices import Prices

FAMILIES = (
    "WHOLE-READ-AFTER-WRITE",
    "NEIGHBOURS",
    "REFUSAL-CHANGES-NOTHING",
    "TERMINAL-EVERY-SPELLING",
    "ROLES-EVERY-OPERATION",
)
Shown = Callable[[Operation, Any], list[tuple[str, dict[str, Any]]]]
"""An answer's body -> the bookings it shows in one view, by id."""


@dataclass(frozen=True)
class View:
    name: str
    operations: frozenset[str]
    """The operations whose 2xx answers show bookings in this projection."""
    shown: Shown


@dataclass(frozen=True)
class Vocabulary:
    """One API's words for the invariants: each a fact its documents state."""

    prefix: str
    param: str
    """The path parameter that names a booking."""
    views: tuple[View, ...]
    writes: frozenset[str]
    """Every operation that may change a booking (a GET among them where the API changes on one)."""
    creates: frozenset[str] = frozenset()
    """The writes whose 2xx answer makes a booking (``created`` names it)."""
    derived: frozenset[str] = frozenset({"updated_at"})
    per_caller: frozenset[str] = frozenset()
    """Fields each caller reads its own value of (a lifecycle booking's status is the reading
    participant's): where a recording cannot tell its callers apart, none is compared."""
    changes: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """A write -> the fields of its booking it may change beyond those its body names; a write
    not listed may change any field of its own booking."""
    reaches: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    """A write documented to change other bookings too (a series, a group, a shared customer)
    -> the fields of theirs it may change (None: any)."""
    created: Callable[[Operation, Exchange], str | None] = lambda operation, exchange: None
    """The id a create's answer names (in its body or a header)."""
    named_by: tuple[str, ...] = ()
    """The answer headers a document says name the booking a create made, beside ``created``
    (a ``Location`` by its path's last segment): each must name the same booking."""
    shared: frozenset[str] = frozenset()
    """Writes to what a booking shares with others (its customer record), which move no place:
    a final booking does not stop them, and a count of places goes on across them."""
    final: Callable[[dict[str, Any]], bool] = lambda shown: False
    names_others: Callable[[dict[str, Any]], bool] = lambda shown: False
    """Whether a booking, as shown, names people besides its owner (lifecycle's participants):
    another account may be one of them, and is shown it as its owner is."""
    timed: Callable[[dict[str, Any], datetime], bool] = lambda shown, at: False
    """Whether time alone may change a booking shown so by ``at`` (a hold before it expires, a
    visit whose end has passed)."""
    time_moves: frozenset[str] | None = None
    """The fields time alone may change where ``timed`` says it may (None: any)."""
    stamps: tuple[str, str, str] | None = None
    """The view whose bookings carry their own timestamps, and the fields that hold when each
    was made and last changed (``stamps.py``); None where the API shows none."""
    money: Prices | None = None
    places: Holds | None = None
    """What the API's answers show of money and of places left (``money.py``, ``places.py``)."""
    catalogue: Callable[[Operation, Exchange], bool] | None = None
    """Whether a read shows only what no documented operation changes (``catalogue.py``)."""

    def rule(self, family: str) -> str:
        return f"{self.prefix}-{family}"

    def shown(self, operation: Operation, body: Any) -> list[tuple[str, dict[str, Any]]]:
        """Every booking an answer shows, in each view that shows it."""
        views = [view for view in self.views if operation.name in view.operations]
        return [one for view in views for one in view.shown(operation, body)]

    def written(self, operation: Operation, exchange: Exchange) -> str | None:
        """The booking a 2xx write is about: the one its path names, or the one a create made."""
        booking = operation.params.get(self.param)
        if booking is None and operation.name in self.creates:
            return self.created(operation, exchange)
        return booking

    @property
    def ids(self) -> tuple[str, ...]:
        stamped = ("TIMESTAMPS",) if self.stamps else ()
        named = ("IDENTITY",) if self.creates else ()
        priced = ("MONEY-ADDS-UP",) if self.money else ()
        placed = ("PLACES-ADD-UP",) if self.places else ()
        catalogued = ("CATALOGUE-UNCHANGED",) if self.catalogue else ()
        families = (*FAMILIES, *stamped, *named, *priced, *placed, *catalogued)
        return tuple(self.rule(family) for family in families)
