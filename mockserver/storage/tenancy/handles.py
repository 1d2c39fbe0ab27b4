"""What ``SandboxStore`` hands out: one open sandbox of an API, and what a key's tenants share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.seeding.world import CATALOGUE_AGE, World
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.lifecycle.ledger import SqlLifecycle
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.slots.ledger import SqlLedger


@dataclass(frozen=True)
class Sandbox:
    tenant_id: int
    api: str
    ledger: SqlLedger
    calendar: SqlCalendar
    lifecycle: SqlLifecycle
    reseller: SqlReseller
    clock: SandboxClock
    world: World
    """The seeded world the sandbox was made from (its read-only catalogue)."""
    sandbox_hash: str
    """Names the sandbox key's shared row (for webhooks and the journal)."""
    seeded_at: datetime
    """When the key's sandbox was seeded (made, or last reset), on its own clock: the seeded
    world is placed around it."""

    @property
    def catalogue_since(self) -> datetime:
        """When the seeded catalogue (services, time slots) was set up, before any customer."""
        return self.seeded_at - CATALOGUE_AGE


@dataclass(frozen=True)
class SandboxState:
    """What a sandbox key's tenants share."""

    seed: int
    scenario: str | None
    clock: SandboxClock
    apis: tuple[str, ...]
    """The APIs the key has been used on (each has its own tenant)."""
    world: str | None = None
    """The digest of the world a reset or an import gave the sandbox; None: the server's."""
