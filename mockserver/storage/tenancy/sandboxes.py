"""Sandboxes: one isolated, lazily seeded world per sandbox key.

A sandbox key (a ReserveKit ``sk_rsv_…`` key, or the last part of the other APIs' ``role.subject.key``
tokens) owns one ``sandboxes`` row (its clock, seed and scenario) and one tenant per API it has been
used on. ``SandboxStore.open`` resolves a key to that API's tenant (creating and seeding it on first
sight, safely across worker processes), opens one transaction and hands back a ``Sandbox``: the tenant's
ledgers and clock. Nothing here is module-level; a store belongs to one app.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import ClockStart, SandboxClock, advanced, system_now
from mockserver.domain.kernel.errors import StorageUnavailable
from mockserver.seeding.world import World
from mockserver.seeding.worlds import given_world
from mockserver.storage.database.engine import create_engine, snapshot, writing
from mockserver.storage.database.generation import CLOCKS, FAULTS, WEBHOOKS, Generation
from mockserver.storage.database.kept_answers import kept_on, noting_reads
from mockserver.storage.database.loop_writes import LoopWrites
from mockserver.storage.database.on_loop import SteadyConnections, refuse_if_reading_only, writing_on_the_loop
from mockserver.storage.database.plain_reads import AloneReads, PlainReads
from mockserver.storage.database.read_ahead import stale_if_remade
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.rows import tenant_clock_row
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.migrations import ensure_schema
from mockserver.storage.statements.prepared_statements import statements_for
from mockserver.storage.tenancy.eviction import Occupancy, SandboxLimits, forget
from mockserver.storage.tenancy.first_reads import FirstReads
from mockserver.storage.tenancy.forgotten import made_again
from mockserver.storage.tenancy.handles import Sandbox, SandboxState
from mockserver.storage.tenancy.kept_catalogue import KeptCatalogue
from mockserver.storage.tenancy.making import Arranger, Making
from mockserver.storage.tenancy.named_reads import Ahead
from mockserver.storage.tenancy.sandbox_rows import (
    clock_columns,
    clock_of,
    insert_sandbox,
    insert_tenant,
    key_fingerprint,
    new_made_id,
    refill_tenants,
    sandbox_hash,
    shared_row,
    tenants_of,
)
from mockserver.storage.tenancy.sandbox_worlds import SandboxWorlds, WorldChange
from mockserver.storage.tenancy.tenant_clocks import TenantClocks

# Sandbox and SandboxState live in .handles; the APIs and the control API take them from here.
__all__ = ["Arranger", "Sandbox", "SandboxState", "SandboxStore", "WorldChange"]


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
        given_world: Callable[[str, int], World] = given_world,  # a reset's world document, seeded
        contexts: Callable[[str], frozenset[str] | None] = lambda api: None,  # what an API's tenant holds
    ) -> None:
        self._engine = create_engine(db)
        ensure_schema(self._engine)
        self._key_seed = key_seed or (lambda key: seed)
        self._now = now = noting_reads(now)  # a read whose answer read it is not kept
        self.start = start or ClockStart()  # where new sandboxes' clocks start (a reset's too)
        self._occupancy = occupancy or Occupancy(SandboxLimits())
        self._on_evict = on_evict or (lambda digests: None)
        # A fingerprint's tenant id until its sandbox is evicted (``open`` notices): no write a request.
        self._known: dict[str, int] = {}
        self._clocks = Generation.beside(self._engine, CLOCKS)
        self._controls = [Generation.beside(self._engine, name) for name in (FAULTS, WEBHOOKS)]
        self._tenant_clocks = TenantClocks(self._clocks, now)
        self._prepared = statements_for(self._engine.dialect)
        worlds = SandboxWorlds(world_for_seed, given_world)
        self._making = Making(worlds, self._prepared, KeptCatalogue(), arrange, contexts)
        # Seeds a tenant from its sandbox's world, arranges its scenario; how far that moves the clock.
        self.fill = self._making.fill
        # The loop's reads and the writer thread's writes each keep a connection (SQLite's).
        self._steady = SteadyConnections()
        # PostgreSQL's reads: in autocommit, the clock row their first statement (plain_reads.py).
        self._plain_reads = PlainReads.of(self._engine)
        self._writes = LoopWrites(self._engine)  # a handler's transactions (loop_writes.py)
        # Reads before a request's own (fault rules, webhook endpoints; its clock row: first_reads.py).
        self.alone_reads = AloneReads(self._engine, self._plain_reads)
        self.first_reads = FirstReads(self._plain_reads, self._prepared, self._known.get)
        # The database's version a read is kept at (kept_answers.py): none on PostgreSQL, nor idle eviction.
        version = functools.partial(self._steady.version, self._engine, self._tenant_clocks.generation)
        self.read_version = version if kept_on(self._engine.dialect.name, self._occupancy.watching) else None

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    @property
    def worlds(self) -> SandboxWorlds:
        """The world each sandbox is seeded from (the server's, or one a reset or import gave)."""
        return self._making.worlds

    def dispose(self) -> None:
        self._steady.close()
        self._writes.dispose()
        if self._plain_reads is not None:
            self._plain_reads.dispose()
        self._engine.dispose()

    @contextmanager
    def open(self, api: str, api_key: str, *, write: bool, ahead: Sequence[Ahead] = ()) -> Iterator[Sandbox]:
        """One transaction on the key's sandbox; committed unless the block raises (a read on
        PostgreSQL: each statement in its own, ``plain_reads.py``). ``ahead``: what the block
        will read known before it runs (the create it makes, the customer its token names, the
        booking its path names), which PostgreSQL sends with a write's locks, or with a read's
        first statement."""
        fingerprint = key_fingerprint(api, api_key)
        options: dict[str, Any] = {}
        for _ in range(2):
            tenant_id = self._tenant_id(api, api_key, fingerprint)
            if self._occupancy.watching:
                digest = sandbox_hash(api_key)
                if self._occupancy.due(digest):
                    refuse_if_reading_only("marking the sandbox used")
                self._occupancy.mark_use(self._engine, digest)
            known = {"id": tenant_id, "key_hash": fingerprint}
            made = functools.partial(self._making.sandbox, api=api, tenant_id=tenant_id, reading=not write)
            if not write and self._plain_reads is not None:
                with self._plain_reads.session(self.first_reads.clock_row(known, ahead)) as (connection, row):
                    if row is not None:
                        clock = self._tenant_clocks.keep(tenant_id, fingerprint, None, row)
                        with stale_if_remade(connection, tenant_clock_row(self._prepared, known), row):
                            yield made(connection, opened=clock)
                        return
                self._known.pop(fingerprint, None)
                continue
            # SQLite's loop and writer thread keep theirs; PostgreSQL's loop keeps one to write on.
            kept = self._steady.kept(write=write) if self._plain_reads is None else None
            if write:  # marked past all that could refuse; a kept connection (SQLite's) takes no options
                bounded = writing_on_the_loop()
                if kept is None:
                    options = self.first_reads.write_options(sandbox_hash(api_key), known, ahead, bounded)
            generation = self._tenant_clocks.generation()
            with self._writes.transaction(options, kept) as connection:
                opened = None if write else self._tenant_clocks.get(tenant_id, fingerprint, generation)
                if (
                    opened is None
                    and (row := tenant_clock_row(self._prepared, known)(connection)) is not None
                ):
                    opened = self._tenant_clocks.keep(tenant_id, fingerprint, generation, row)
                if opened is not None:
                    yield made(connection, opened=opened)
                    return
            # Evicted or forgotten since: the key starts afresh (twice, then the 503 of a retry).
            self._known.pop(fingerprint, None)
        raise StorageUnavailable

    def clocks_changed(self) -> None:
        """Tells every process's journal writer that sandbox clock rows changed (after the commit)."""
        self._clocks.bump()

    def _gone(self) -> None:
        """Sandboxes deleted: each process drops its copies of their clocks, rules and endpoints."""
        for counter in (self._clocks, *self._controls):
            counter.bump()

    # What the control API does to a whole sandbox key

    @made_again
    def state(self, sandbox_key: str) -> SandboxState:
        digest = self.ensure_sandbox(sandbox_key)
        with snapshot(self._engine) as connection:
            row = shared_row(connection, digest)
            apis = tuple(tenant.api for tenant in tenants_of(connection, digest))
            return SandboxState(row.seed, row.scenario, clock_of(row, self._now), apis, row.world)

    @made_again
    def world(self, sandbox_key: str) -> World:
        """The seeded world the key's sandbox is made from (its target data, ``GET /world``)."""
        digest = self.ensure_sandbox(sandbox_key)
        with snapshot(self._engine) as connection:
            row = shared_row(connection, digest)
            return self.worlds.world(connection, row.seed, row.world)

    def forget(self, sandbox_key: str) -> None:
        """Deletes the key's sandbox whole; its next use seeds it anew, as a new key's."""
        forget(self._engine, sandbox_hash(sandbox_key))
        self._gone()

    @made_again
    def change_clock(self, sandbox_key: str, change: Callable[[SandboxClock], SandboxClock]) -> SandboxClock:
        """Reads the key's clock, applies ``change`` and stores the result, in one write transaction."""
        digest = self.ensure_sandbox(sandbox_key)
        with writing(self._engine, digest) as connection:
            current = clock_of(shared_row(connection, digest), self._now)
            changed = change(current)
            shared = sa.update(t.sandboxes).where(t.sandboxes.c.key_hash == digest)
            connection.execute(shared.values(**clock_columns(changed)))
        self.clocks_changed()
        return changed

    @made_again
    def reset(
        self,
        sandbox_key: str,
        seed: int | None = None,
        scenario: str | None = None,
        start: ClockStart | None = None,
        world: WorldChange = None,
    ) -> SandboxState:
        """Refills every tenant the key has from ``seed`` (default: its own), ``world`` (default:
        its own) and ``scenario`` (the caller makes the tenants a scenario names first). The
        clock starts again, as a new key's would (at ``start``, or the server's), then moves as
        the scenario asks."""
        digest = self.ensure_sandbox(sandbox_key)
        clock = (start or self.start).clock(self._now)
        if world is not None and world != "server":
            self.worlds.prepare(world, self.state(sandbox_key).seed if seed is None else seed)
        with writing(self._engine, digest) as connection:
            current = shared_row(connection, digest)
            seed = current.seed if seed is None else seed
            named = self.worlds.change(connection, digest, world)
            seeding = {"seed": seed, "world": named, "scenario": scenario, "clock": clock}
            advance = refill_tenants(connection, digest, self.fill, **seeding)
            made = {"created_at": to_db_time(clock.now()), "made_id": new_made_id()}
            connection.execute(
                sa.update(t.sandboxes)
                .where(t.sandboxes.c.key_hash == digest)
                .values(seed=seed, scenario=scenario, **made)
                .values(**clock_columns(advanced(clock, advance)))
            )
        self.clocks_changed()
        return self.state(sandbox_key)

    def ensure_tenants(self, sandbox_key: str, apis: tuple[str, ...]) -> dict[str, int]:
        """The key's tenant id on each of ``apis`` (seeding the ones it lacks), as the database has them."""
        prints = {api: key_fingerprint(api, sandbox_key) for api in apis}
        for fingerprint in prints.values():  # another process may have forgotten the sandbox since
            self._known.pop(fingerprint, None)
        return {api: self._tenant_id(api, sandbox_key, fingerprint) for api, fingerprint in prints.items()}

    def ensure_sandbox(self, sandbox_key: str) -> str:
        """The key's hash, once its row exists (made new if the limits leave room), its use marked."""
        digest = sandbox_hash(sandbox_key)
        seed, clock = self._key_seed(sandbox_key), self.start.clock(self._now)
        new = functools.partial(insert_sandbox, digest=digest, seed=seed, clock=clock)
        evicted = self._occupancy.ensure(self._engine, digest, new)
        if evicted:
            self._gone()
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

    @made_again
    def _find_or_create(self, api: str, fingerprint: str, sandbox_key: str) -> int:
        digest = self.ensure_sandbox(sandbox_key)
        with writing(self._engine, digest) as connection:
            existing = connection.execute(q.TENANT_BY_KEY, {"key_hash": fingerprint}).scalar()
            if existing is not None:
                return int(existing)
            shared = shared_row(connection, digest)
            clock = clock_of(shared, self._now)
            tenant_id = insert_tenant(
                connection, fingerprint=fingerprint, digest=digest, api=api, at=clock.now()
            )
            self.fill(
                connection,
                api=api,
                tenant_id=tenant_id,
                seed=shared.seed,
                world=shared.world,
                scenario=shared.scenario,
                clock=clock,
                digest=digest,
            )
            return tenant_id
