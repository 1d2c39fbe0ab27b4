"""What ``serve --vendor-only --vary SEED`` chooses otherwise: each choice drawn from the seed.

Where the documents are silent, a real deployment chooses for itself: where its integer ids
start and how they step (per account), the order of a list no document orders, the UTC
offset of an instant where no document says UTC, whether a timestamp has fractions, how far
ahead it books, each account's catalogue. The same seed makes the same choices on every server.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta, timezone

NOWHERE = 2_147_483_647
"""What a number no id encodes to is decoded to: a well-formed id no sandbox reaches."""

OFFSETS = (timedelta(hours=5, minutes=30), timedelta(hours=-3), timedelta(hours=9), timedelta(hours=-7))
WINDOWS = (28, 35, 45, 60)
INSTANT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


@dataclass(frozen=True)
class ApiVariation:
    """What an API's documents leave open, by name (``VARIED`` in each vocabulary)."""

    id_fields: frozenset[str] = frozenset()
    """JSON fields and query parameters holding an integer id."""
    id_headers: frozenset[str] = frozenset()
    """Answer headers holding an id (lower case)."""
    embedded_ids: tuple[str, ...] = ()
    """Prefixes of answer strings that end in an integer id (Bardge's co-pay option
    ``package_<id>``, whose number a purchase names as ``package_id``)."""
    unordered_lists: tuple[str, ...] = ()
    """Dotted paths of lists whose order no document gives."""
    offsets: bool = False
    """Whether its instants may come in any UTC offset, with or without fractions."""
    optional_fields: frozenset[str] = frozenset()
    """Answer fields no schema requires, that a vendor may leave out rather than write null."""
    inferred_fields: frozenset[str] = frozenset()
    """Answer fields no schema requires that only the vendor's generated swagger shows (never
    its documents): a vendor may leave them out whatever they hold."""
    error_codes: tuple[tuple[str, ...], ...] = ()
    """Where an error answer's codes are (``*`` every item of a list): where no document gives
    their spelling, a vendor may namespace them (``booking.slot_unavailable``)."""
    documented_codes: frozenset[str] = frozenset()
    """Codes a document spells (Bardge's ``permission_denied``): never namespaced."""


@dataclass(frozen=True)
class Ids:
    """One sandbox key's ids: ``start``, ``start + step``, … for the sandbox's 1, 2, …"""

    start: int
    step: int

    def encode(self, value: int) -> int:
        return self.start + (value - 1) * self.step if value >= 1 else value

    def decode(self, value: int) -> int:
        """The sandbox's id a number names; a number no id is (NOWHERE) stays out of reach, and
        one no id may be at all (0, or past the largest) stays as it came, for the API to refuse."""
        if not 1 <= value <= NOWHERE:
            return value
        ahead = value - self.start
        if ahead < 0 or ahead % self.step:
            return NOWHERE
        return ahead // self.step + 1


CODE_NAMESPACES = ("", "booking.", "bookings/")


@dataclass(frozen=True)
class Variation:
    """Every choice one ``--vary`` seed makes, the same on every server given it."""

    seed: int

    def _draw(self, *what: object) -> int:
        return int(hashlib.sha256(repr((self.seed, *what)).encode()).hexdigest(), 16)

    def ids(self, key: str) -> Ids:
        drawn = self._draw("ids", key)
        return Ids(start=1000 + drawn % 90_000, step=1 + drawn // 90_000 % 7)

    def world_seed(self, key: str) -> int:
        """Each account's own catalogue: its world is seeded from its key."""
        return self._draw("world", key) % 2**31

    @property
    def booking_window_days(self) -> int:
        return WINDOWS[self._draw("window") % len(WINDOWS)]

    @property
    def offset(self) -> timezone:
        return timezone(OFFSETS[self._draw("offset") % len(OFFSETS)])

    @property
    def fractions(self) -> bool:
        return self._draw("fractions") % 2 == 0

    @property
    def reversed_lists(self) -> bool:
        return self._draw("order") % 2 == 0

    @property
    def code_namespace(self) -> str:
        """What an inferred error code is prefixed with: nothing, or a namespace of the vendor's."""
        return CODE_NAMESPACES[self._draw("codes") % len(CODE_NAMESPACES)]

    @property
    def omits_optional(self) -> bool:
        """Two seeds in three leave optional fields out: most vendors write no nulls."""
        return self._draw("omit") % 3 != 0
