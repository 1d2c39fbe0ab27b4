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

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa

from mockserver.domain.kernel.clock import ClockStart, SandboxClock, advanced, system_now
from mockserver.domain.kernel.ids import IdMint
from mockserver.seeding.world import World
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.handles import Sandbox, SandboxState
from mockserver.storage.lifecycle.ledger import SqlLifecycle
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.sandbox_rows import (
    clear_tenant,
    clock_columns,
    clock_of,
    insert_sandbox,
    insert_tenant,
    key_fingerprint,
    new_made_id,
    sandbox_hash,
    tenants_of,
)
from mockserver.storage.slots.ledger import SqlLedger

from . import queries as q
from . import schema as t
from .engine import connected, create_engine, write_options, writing
from .eviction import Occupancy, SandboxLimits
from .generation import CLOCKS, Generation
from .kept_catalogue import KeptCatalogue
from .materialise import Materialiser
from .migrations import ensure_schema
from .on_loop import SteadyConnections, refuse_if_reading_only, writing_on_the_loop
from .prepared import PreparedStatements
from .rows import to_db_time
from .tenant_clocks import TenantClock, TenantClocks

# Sandbox and SandboxState live in .handles; the APIs and the control API take them from here.
__all__ = ["Arranger", "Sandbox", "SandboxState", "SandboxStore"]

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
        occupancy: Occupancy | None = None,
        on_evict: Callable[[list[str]], None] | None = None,
        key_seed: Callable[[str], int] | None = None,  # each key's own world seed (``--vary``)
    ) -> None:
        self._engine = create_engine(db)
        ensure_schema(self._engine)
        self._seed = seed
        self._key_seed = key_seed or (lambda key: seed)
        self._world_for_seed = world_for_seed
        self._now = now
        self._arrange = arrange
        self._start = start or ClockStart()
        self._occupancy = occupancy or Occupancy(SandboxLimits())
        self._on_evict = on_evict or (lambda digests: None)
        # A fingerprint seen once maps to the same tenant id until its sandbox is
        # evicted (``open`` notices), which skips a write transaction per request.
        self._known: dict[str, int] = {}
        self._clocks = Generation.beside(self._engine, CLOCKS)
        self._tenant_clocks = TenantClocks(self._clocks, now)
        self._catalogue = KeptCatalogue()
        self._prepared = PreparedStatements(self._engine.dialect)
        self._materialiser = Materialiser(world_for_seed, self._prepared)
        # The loop's reads and the writer thread's writes each keep a connection (SQLite's).
        self._steady = SteadyConnections()

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
        self._steady.close()
        self._engine.dispose()

    @contextmanager
    def open(self, api: str, api_key: str, *, write: bool) -> Iterator[Sandbox]:
        """One transaction on the key's sandbox; committed unless the block raises."""
        fingerprint = key_fingerprint(api, api_key)
        options = write_options(sandbox_hash(api_key)) if write else {}
        for _ in range(2):
            tenant_id = self._tenant_id(api, api_key, fingerprint)
            if self._occupancy.watching:
                digest = sandbox_hash(api_key)
                if self._occupancy.due(digest):
                    refuse_if_reading_only("marking the sandbox used")
                self._occupancy.mark_use(self._engine, digest)
            if write:
                writing_on_the_loop()  # what could refuse has been asked: it waits at the gate
            kept = self._steady.kept(write=write)
            generation = self._tenant_clocks.generation()
            with connected(self._engine, options, kept) as connection, connection.begin():
                opened = None if write else self._tenant_clocks.get(tenant_id, fingerprint, generation)
                if opened is None:
                    known = {"id": tenant_id, "key_hash": fingerprint}
                    if (row := self._prepared.first(connection, q.TENANT_CLOCK, known)) is not None:
                        opened = self._tenant_clocks.keep(tenant_id, fingerprint, generation, row)
                if opened is not None:
                    yield self._sandbox(connection, api=api, tenant_id=tenant_id, opened=opened)
                    return
            # Evicted by another process since this one saw it: the key starts afresh. (Evicted
            # twice in a row, which no idle time allows, contextmanager's "didn't yield" is raised.)
            self._known.pop(fingerprint, None)

    def clocks_changed(self) -> None:
        """Tells every process's journal writer that sandbox clock rows changed (after the commit)."""
        self._clocks.bump()

    # What the control API does to a whole sandbox key

    def state(self, sandbox_key: str) -> SandboxState:
        digest = self._ensure_sandbox(sandbox_key)
        with self._engine.connect() as connection, connection.begin():
            row = self._shared_row(connection, digest)
            apis = tuple(tenant.api for tenant in tenants_of(connection, digest))
            return SandboxState(row.seed, row.scenario, clock_of(row, self._now), apis)

    def change_clock(self, sandbox_key: str, change: Callable[[SandboxClock], SandboxClock]) -> SandboxClock:
        """Reads the key's clock, applies ``change`` and stores the result, in one write transaction."""
        digest = self._ensure_sandbox(sandbox_key)
        with writing(self._engine, digest) as connection:
            current = clock_of(self._shared_row(connection, digest), self._now)
            changed = change(current)
            shared = sa.update(t.sandboxes).where(t.sandboxes.c.key_hash == digest)
            connection.execute(shared.values(**clock_columns(changed)))
        self.clocks_changed()
        return changed

    def reset(
        self,
        sandbox_key: str,
        seed: int | None = None,
        scenario: str | None = None,
        start: ClockStart | None = None,
    ) -> SandboxState:
        """Refills every tenant the key has from ``seed`` (default: its own) and ``scenario``
        (the caller makes the tenants a scenario names first). The clock starts again, as a
        new key's would (at ``start``, or the server's), then moves as the scenario asks."""
        digest = self._ensure_sandbox(sandbox_key)
        clock = (start or self._start).clock(self._now)
        with writing(self._engine, digest) as connection:
            current = self._shared_row(connection, digest)
            seed = current.seed if seed is None else seed
            advance = timedelta(0)
            for tenant in tenants_of(connection, digest):
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
                .values(
                    seed=seed, scenario=scenario, created_at=to_db_time(clock.now()), made_id=new_made_id()
                )
                .values(**clock_columns(advanced(clock, advance)))
            )
        self.clocks_changed()
        return self.state(sandbox_key)

    def ensure_tenants(self, sandbox_key: str, apis: tuple[str, ...]) -> dict[str, int]:
        """The key's tenant id on each of ``apis``, seeding the ones it has not used yet."""
        return {api: self._tenant_id(api, sandbox_key, key_fingerprint(api, sandbox_key)) for api in apis}

    # Internals

    def _sandbox(
        self, connection: sa.Connection, *, api: str, tenant_id: int, opened: TenantClock
    ) -> Sandbox:
        ids = IdMint(f"{opened.seed}:{opened.digest}")
        catalogue = self._catalogue.of(tenant_id, opened.made_id)
        return Sandbox(
            tenant_id,
            api,
            SqlLedger(connection, tenant_id, ids, self._prepared, catalogue),
            SqlCalendar(connection, tenant_id, self._prepared, catalogue),
            SqlLifecycle(connection, tenant_id, self._prepared, catalogue),
            SqlReseller(connection, tenant_id, self._prepared, catalogue),
            opened.clock,
            self._world_for_seed(opened.seed),
            opened.digest,
            opened.seeded_at,
        )

    def _shared_row(self, connection: sa.Connection, digest: str) -> sa.Row[tuple[int, ...]]:
        """The key's ``sandboxes`` row (``_ensure_sandbox`` made it)."""
        return connection.execute(sa.select(t.sandboxes).where(t.sandboxes.c.key_hash == digest)).one()

    def _ensure_sandbox(self, sandbox_key: str) -> str:
        """The key's hash, once its ``sandboxes`` row exists (default seed and clock start
        for a new key, if the limits leave room) and its use is marked."""
        digest = sandbox_hash(sandbox_key)
        seed, clock = self._key_seed(sandbox_key), self._start.clock(self._now)
        new = functools.partial(insert_sandbox, digest=digest, seed=seed, clock=clock)
        evicted = self._occupancy.ensure(self._engine, digest, new)
        if evicted:
            self.clocks_changed()
            self._on_evict(evicted)
        return digest

    def _tenant_id(self, api: str, sandbox_key: str, fingerprint: str) -> int:
        known = self._known.get(fingerprint)
        if known is not None:
            return known
        refuse_if_reading_only("a sandbox this process has not seen")
        tenant_id = self._find_or_create(api, fingerprint, sandbox_key)
        if len(self._known) > 4 * self._occupancy.limits.most:
            self._known.clear()  # a cache: keys another process evicted would otherwise pile up
        self._known[fingerprint] = tenant_id
        return tenant_id

    def _find_or_create(self, api: str, fingerprint: str, sandbox_key: str) -> int:
        digest = self._ensure_sandbox(sandbox_key)
        with writing(self._engine, digest) as connection:
            existing = connection.execute(q.TENANT_BY_KEY, {"key_hash": fingerprint}).scalar()
            if existing is not None:
                return int(existing)
            shared = self._shared_row(connection, digest)
            clock = clock_of(shared, self._now)
            tenant_id = insert_tenant(
                connection, fingerprint=fingerprint, digest=digest, api=api, at=clock.now()
            )
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
        # Placed at the sandbox's own "now": a key first used after its clock moved has slots ahead.
        self._materialiser.insert(connection, tenant_id, seed, clock.now())
        if scenario is None or self._arrange is None:
            return timedelta(0)
        opened = TenantClock(seed, clock, digest, seeded_at=clock.now(), made_id=None)
        return self._arrange(self._sandbox(connection, api=api, tenant_id=tenant_id, opened=opened), scenario)
