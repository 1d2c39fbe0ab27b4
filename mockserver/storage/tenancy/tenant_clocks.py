"""What ``SandboxStore.open`` reads of a tenant's sandbox on every request, kept per process.

A request's transaction began with a select of its sandbox's seed, clock and first use (the
tenant's row joined to its sandbox's): 5 % of a GET's instructions with its datetime parsing, for
rows that change only when the sandbox is reset, its clock moved, its state imported or it is
evicted. Each of those bumps the ``CLOCKS`` counter after its commit (``generation.py``), so a
process keeps what it read under the counter it saw before reading, and reads again once the
counter has moved: a request sent after the change was answered sees it, whichever worker
answers. Writes still read the row in their own transaction, under the write lock, where a
sandbox evicted a moment ago must not be written to. Without a counter (PostgreSQL) every
request reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.storage.database.generation import Generation
from mockserver.storage.kernel.stored_times import from_db_time
from mockserver.storage.tenancy.sandbox_rows import clock_of

KEPT = 10_000
"""Tenants kept at most: past it the process starts afresh (a key evicted elsewhere would pile up)."""


@dataclass(frozen=True)
class TenantClock:
    """A tenant's sandbox as a request opens it."""

    seed: int
    clock: SandboxClock
    digest: str
    seeded_at: datetime
    made_id: int | None
    """Names the making of the sandbox's data (``sandboxes.made_id``); None while it is being
    made (seeding, a reset, an import), when nothing read may be kept."""
    world: str | None = None
    """The world the sandbox is seeded from (``sandboxes.world``; None: the server's)."""


class TenantClocks:
    def __init__(self, generation: Generation, now: Callable[[], datetime]) -> None:
        self._generation = generation
        self._now = now
        # Each row beside the counter it was kept under: a thread keeping a row read under an
        # older count, while another has moved on, leaves it where no read of the new count finds it.
        self._kept: dict[tuple[int, str], tuple[int, TenantClock]] = {}

    def generation(self) -> int | None:
        """The counter now: read it before the transaction's reads, then pass it back."""
        return self._generation.current()

    def get(self, tenant_id: int, fingerprint: str, generation: int | None) -> TenantClock | None:
        kept = self._kept.get((tenant_id, fingerprint))
        if generation is None or kept is None or kept[0] != generation:
            return None
        return kept[1]

    def keep(self, tenant_id: int, fingerprint: str, generation: int | None, row: Any) -> TenantClock:
        """The tenant's clock from its ``TENANT_CLOCK`` row, kept under ``generation``."""
        seeded_at = from_db_time(row.created_at)
        opened = TenantClock(
            row.seed, clock_of(row, self._now), row.key_hash, seeded_at, row.made_id, row.world
        )
        if generation is not None:
            if len(self._kept) >= KEPT:
                self._kept.clear()
            self._kept[tenant_id, fingerprint] = (generation, opened)
        return opened
