"""A process's catalogue records (providers, services, locations, time slots, staff, their
shifts, service terms, a service's add-ons and form), kept by the making of the data they
were read from.

A create read its time slot, service and location inside the write lock, three selects and
their rows' parsing, a sixth of the time it held the lock; availability reads the service
too. These rows change only when their sandbox's data is made: seeded, reset or imported,
each of which draws a new ``sandboxes.made_id`` in its own transaction. A record is kept
under the tenant and the ``made_id`` its request opened the sandbox with, so it is found
again only while that making stands:

- a write reads ``made_id`` in its own transaction, under the write lock: what it finds kept
  under that number was read from that making's rows, which cannot have changed since;
- a read takes ``made_id`` from its process's kept clock row (``tenant_clocks.py``): it may
  lag a reset being committed by another process, as a read racing that reset would;
- a record read while a making may still roll back (``made_id`` None: seeding, a reset, an
  import) is not kept.

A record read under a lagging number is kept under that number, which no making draws again
(62 random bits): nothing reads it once the lag is over. Records are immutable dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

KEPT = 10_000
"""Records kept at most, about 3 MB (a time slot and its key take 300 bytes): past it the
process starts afresh, and a sandbox's next requests read their records again."""


class KeptCatalogue:
    def __init__(self) -> None:
        self._kept: dict[tuple[int, int, str, Hashable], Any] = {}

    def of(self, tenant_id: int, made_id: int | None) -> TenantCatalogue:
        """The records of one tenant's making (none kept when ``made_id`` is None)."""
        return TenantCatalogue(self._kept, tenant_id, made_id)


class TenantCatalogue:
    def __init__(
        self, kept: dict[tuple[int, int, str, Hashable], Any], tenant_id: int, made_id: int | None
    ) -> None:
        self._kept = kept
        self._tenant_id = tenant_id
        self._made_id = made_id

    def record(self, kind: str, found_by: Hashable, read: Callable[[], T | None]) -> T | None:
        """The ``kind`` record found by ``found_by`` (its id, or another key of it such as a
        slug): kept, or ``read`` (and kept when found)."""
        if self._made_id is None:
            return read()
        key = (self._tenant_id, self._made_id, kind, found_by)
        found: T | None = self._kept.get(key)
        if found is None:
            found = read()
            if found is not None:
                if len(self._kept) >= KEPT:
                    self._kept.clear()
                self._kept[key] = found
        return found
