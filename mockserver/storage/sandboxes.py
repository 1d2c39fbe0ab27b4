"""Sandboxes: one isolated, lazily seeded world per sandbox key.

A sandbox key (a ReserveKit ``sk_rsv_…`` key, or the last part of the other
APIs' ``role.subject.key`` tokens) owns one ``sandboxes`` row (its clock, seed
and scenario) and one tenant per API it has been used on. ``SandboxStore.open``
resolves a key to that API's tenant (creating and seeding it on first sight,
safely across worker processes), opens one transaction and hands back a
``Sandbox``: the tenant's ledgers and clock. Nothing here is module-level; a
store belongs to one app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from mockserver.domain.kernel.clock import ClockStart, SandboxClock, advanced, system_now
from mockserver.domain.kernel.ids import IdMint
from mockserver.seeding.world import World
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.lifecycle.ledger import SqlLifecycle
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.sandbox_rows import (
    clear_tenant,
    clock_columns,
    clock_of,
    key_fingerprint,
    sandbox_hash,
)
from mockserver.storage.slots.ledger import SqlLedger

from . import queries as q
from . import schema as t
from .engine import create_engine, create_schema, write_options
from .materialise import insert_world
from .rows import to_db_time


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


@dataclass(frozen=True)
class SandboxState:
    """What a sandbox key's tenants share."""

    seed: int
    scenario: str | None
    clock: SandboxClock
    apis: tuple[str, ...]
    """The APIs the key has been used on (each has its own tenant)."""


Arranger = Callable[[Sandbox, str], timedelta]
"""Applies a named scenario to a freshly seeded tenant (see ``seeding.scenarios``); returns
how far the sandbox clock should then move forward."""


class SandboxStore:
    def __init__(
        self,
        db: str,
        seed: int,
        world_for_seed: Callable[[int], World],
        *,
        now: Callable[[], datetime] = system_now,
        arrange: Arranger | None = None,
        start: ClockStart | None = None,
    ) -> None:
        self._engine = create_engine(db)
        create_schema(self._engine)
        self._seed = seed
        self._world_for_seed = world_for_seed
        self._now = now
        self._arrange = arrange
        self._start = start or ClockStart()
        # Tenants are never deleted (a reset refills them), so a fingerprint seen
        # once maps to the same tenant id for the life of the process; this skips
        # a write transaction.
        self._known: dict[str, int] = {}

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    @property
    def start(self) -> ClockStart:
        """Where new sandboxes' clocks start."""
        return self._start

    @property
    def default_seed(self) -> int:
        return self._seed

    def dispose(self) -> None:
        self._engine.dispose()

    @contextmanager
    def open(self, api: str, api_key: str, *, write: bool) -> Iterator[Sandbox]:
        """One transaction on the key's sandbox; committed unless the block raises."""
        tenant_id = self._tenant_id(api, api_key)
        options = write_options() if write else {}
        with self._engine.connect().execution_options(**options) as connection, connection.begin():
            row = connection.execute(q.TENANT_CLOCK, {"id": tenant_id}).one()
            yield self._sandbox(
                connection,
                api=api,
                tenant_id=tenant_id,
                seed=row.seed,
                clock=clock_of(row, self._now),
                digest=row.key_hash,
            )

    # What the control API does to a whole sandbox key

    def state(self, sandbox_key: str) -> SandboxState:
        digest = sandbox_hash(sandbox_key)
        with self._engine.connect() as connection, connection.begin():
            row = self._shared_row(connection, digest)
            apis = connection.execute(
                sa.select(t.tenants.c.api).where(t.tenants.c.sandbox_hash == digest).order_by(t.tenants.c.api)
            ).scalars()
            return SandboxState(row.seed, row.scenario, clock_of(row, self._now), tuple(apis))

    def change_clock(self, sandbox_key: str, change: Callable[[SandboxClock], SandboxClock]) -> SandboxClock:
        """Reads the key's clock, applies ``change`` and stores the result, in one write transaction."""
        digest = sandbox_hash(sandbox_key)
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            current = clock_of(self._shared_row(connection, digest), self._now)
            changed = change(current)
            shared = sa.update(t.sandboxes).where(t.sandboxes.c.key_hash == digest)
            connection.execute(shared.values(**clock_columns(changed)))
            return changed

    def reset(
        self,
        sandbox_key: str,
        seed: int | None = None,
        scenario: str | None = None,
        start: ClockStart | None = None,
    ) -> SandboxState:
        """Refills every tenant of the key from ``seed`` (default: its own) and ``scenario``.

        The clock starts again (a reset is a fresh start, as a new key would be: at
        ``start``, or where the server starts new sandboxes), then moves forward as far
        as the scenario asks. Only tenants the key already has are refilled; the
        caller ensures the ones a scenario names exist first.
        """
        digest = sandbox_hash(sandbox_key)
        clock = (start or self._start).clock(self._now)
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            current = self._shared_row(connection, digest)
            seed = current.seed if seed is None else seed
            tenants = connection.execute(
                sa.select(t.tenants.c.id, t.tenants.c.api).where(t.tenants.c.sandbox_hash == digest)
            ).all()
            advance = timedelta(0)
            for tenant in tenants:
                clear_tenant(connection, tenant.id)
                advance = max(
                    advance,
                    self.fill(
                        connection,
                        api=tenant.api,
                        tenant_id=tenant.id,
                        seed=seed,
                        scenario=scenario,
                        clock=clock,
                        digest=digest,
                    ),
                )
            connection.execute(
                sa.update(t.sandboxes)
                .where(t.sandboxes.c.key_hash == digest)
                .values(seed=seed, scenario=scenario, **clock_columns(advanced(clock, advance)))
            )
        return self.state(sandbox_key)

    def ensure_tenants(self, sandbox_key: str, apis: tuple[str, ...]) -> dict[str, int]:
        """The key's tenant id on each of ``apis``, seeding the ones it has not used yet."""
        return {api: self._tenant_id(api, sandbox_key) for api in apis}

    # Internals

    def _sandbox(
        self,
        connection: sa.Connection,
        *,
        api: str,
        tenant_id: int,
        seed: int,
        clock: SandboxClock,
        digest: str,
    ) -> Sandbox:
        return Sandbox(
            tenant_id,
            api,
            SqlLedger(connection, tenant_id, IdMint(f"{seed}:{digest}")),
            SqlCalendar(connection, tenant_id),
            SqlLifecycle(connection, tenant_id),
            SqlReseller(connection, tenant_id),
            clock,
            self._world_for_seed(seed),
            digest,
        )

    def _shared_row(self, connection: sa.Connection, digest: str) -> sa.Row[tuple[int, ...]]:
        """The key's ``sandboxes`` row, created (default seed and clock start) if the key is new."""
        select = sa.select(t.sandboxes).where(t.sandboxes.c.key_hash == digest)
        row = connection.execute(select).one_or_none()
        if row is None:
            clock = self._start.clock(self._now)
            connection.execute(
                sa.insert(t.sandboxes)
                .values(
                    key_hash=digest,
                    seed=self._seed,
                    scenario=None,
                    created_at=to_db_time(clock.now()),
                    **clock_columns(clock),
                )
                .prefix_with("OR IGNORE", dialect="sqlite")
            )
            row = connection.execute(select).one()
        return row

    def _tenant_id(self, api: str, sandbox_key: str) -> int:
        fingerprint = key_fingerprint(api, sandbox_key)
        known = self._known.get(fingerprint)
        if known is not None:
            return known
        tenant_id = self._find_or_create(api, fingerprint, sandbox_key)
        self._known[fingerprint] = tenant_id
        return tenant_id

    def _find_or_create(self, api: str, fingerprint: str, sandbox_key: str) -> int:
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            existing = connection.execute(q.TENANT_BY_KEY, {"key_hash": fingerprint}).scalar()
            if existing is not None:
                return int(existing)
            digest = sandbox_hash(sandbox_key)
            shared = self._shared_row(connection, digest)
            clock = clock_of(shared, self._now)
            inserted = connection.execute(
                sa.insert(t.tenants).values(
                    key_hash=fingerprint, sandbox_hash=digest, api=api, created_at=to_db_time(clock.now())
                )
            ).inserted_primary_key
            assert inserted is not None
            tenant_id = int(inserted[0])
            self.fill(
                connection,
                api=api,
                tenant_id=tenant_id,
                seed=shared.seed,
                scenario=shared.scenario,
                clock=clock,
                digest=digest,
            )
            return tenant_id

    def fill(
        self,
        connection: sa.Connection,
        *,
        api: str,
        tenant_id: int,
        seed: int,
        scenario: str | None,
        clock: SandboxClock,
        digest: str,
    ) -> timedelta:
        """Seeds one tenant and arranges its scenario; how far the scenario wants the clock moved."""
        # The world is placed relative to the sandbox's own "now", so a key first
        # used after its clock moved still has availability ahead of it.
        insert_world(connection, tenant_id, self._world_for_seed(seed), clock.now())
        if scenario is None or self._arrange is None:
            return timedelta(0)
        return self._arrange(
            self._sandbox(connection, api=api, tenant_id=tenant_id, seed=seed, clock=clock, digest=digest),
            scenario,
        )
