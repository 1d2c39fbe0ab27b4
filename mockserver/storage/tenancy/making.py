"""Making a tenant's data, and the ``Sandbox`` a request or a scenario works on.

A tenant is filled from its sandbox's world (the server's, or the one a reset gave it, named
by ``sandboxes.world``) at its seed, placed at the sandbox's own "now", and then arranged as
its scenario says.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.domain.kernel.ids import IdMint
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.lifecycle.ledger import SqlLifecycle
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.slots.ledger import SqlLedger
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.handles import Sandbox
from mockserver.storage.tenancy.kept_catalogue import KeptCatalogue
from mockserver.storage.tenancy.materialise import insert_world, world_rows
from mockserver.storage.tenancy.sandbox_worlds import SandboxWorlds
from mockserver.storage.tenancy.tenant_clocks import TenantClock

Arranger = Callable[[Sandbox, str], timedelta]
"""Applies a named scenario to a freshly seeded tenant (see ``seeding.scenarios``); returns
how far the sandbox clock should then move forward."""


class Making:
    def __init__(
        self,
        worlds: SandboxWorlds,
        prepared: PreparedStatements,
        catalogue: KeptCatalogue,
        arrange: Arranger | None,
        contexts: Callable[[str], frozenset[str] | None] = lambda api: None,
    ) -> None:
        self.worlds = worlds
        self._contexts = contexts
        self._prepared = prepared
        self._catalogue = catalogue
        self._arrange = arrange

    def sandbox(
        self,
        connection: sa.Connection,
        *,
        api: str,
        tenant_id: int,
        opened: TenantClock,
        reading: bool = False,
    ) -> Sandbox:
        """The tenant's sandbox on ``connection``; ``reading``: a session that writes nothing."""
        ids = IdMint(f"{opened.seed}:{opened.digest}")
        catalogue = self._catalogue.of(tenant_id, opened.made_id)
        return Sandbox(
            tenant_id,
            api,
            SqlLedger(connection, tenant_id, ids, self._prepared, catalogue, reading=reading),
            SqlCalendar(connection, tenant_id, self._prepared, catalogue),
            SqlLifecycle(connection, tenant_id, self._prepared, catalogue),
            SqlReseller(connection, tenant_id, self._prepared, catalogue),
            opened.clock,
            self.worlds.world(connection, opened.seed, opened.world),
            opened.digest,
            opened.seeded_at,
        )

    def fill(
        self,
        connection: sa.Connection,
        *,
        api: str,
        tenant_id: int,
        seed: int,
        world: str | None,
        scenario: str | None,
        clock: SandboxClock,
        digest: str,
    ) -> timedelta:
        """Seeds one tenant from ``world`` (a digest; None: the server's) at ``seed`` and arranges
        its scenario; how far the scenario wants the clock moved."""
        # Placed at the sandbox's own "now": a key first used after its clock moved has slots ahead.
        seeded = self.worlds.world(connection, seed, world)
        contexts = self._contexts(api)
        insert_world(
            connection, tenant_id, world_rows(seeded), clock.now(), self._prepared, contexts=contexts
        )
        if scenario is None or self._arrange is None:
            return timedelta(0)
        opened = TenantClock(seed, clock, digest, seeded_at=clock.now(), made_id=None, world=world)
        return self._arrange(self.sandbox(connection, api=api, tenant_id=tenant_id, opened=opened), scenario)
