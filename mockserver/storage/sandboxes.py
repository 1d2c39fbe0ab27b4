"""Sandboxes: one isolated, lazily seeded world per API key.

``SandboxStore.open`` resolves an API key to its tenant (creating and seeding
it on first sight, safely across worker processes), opens one transaction and
hands back a ``Sandbox``: the tenant's ledger and clock. Nothing here is
module-level; a store belongs to one app.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from mockserver.domain.clock import SandboxClock, system_now
from mockserver.seeding.world import World

from . import queries as q
from . import schema as t
from .calendar_ledger import SqlCalendar
from .engine import create_engine, create_schema, write_options
from .ledger import SqlLedger
from .lifecycle_ledger import SqlLifecycle
from .materialise import insert_world
from .reseller_ledger import SqlReseller
from .rows import from_db_time, to_db_time


@dataclass(frozen=True)
class Sandbox:
    tenant_id: int
    ledger: SqlLedger
    calendar: SqlCalendar
    lifecycle: SqlLifecycle
    reseller: SqlReseller
    clock: SandboxClock
    world: World
    """The seeded world the sandbox was made from (its read-only catalogue)."""


def key_fingerprint(api: str, api_key: str) -> str:
    """Keys are per API: the same key string on two APIs is two sandboxes."""
    return hashlib.sha256(f"{api}:{api_key}".encode()).hexdigest()


class SandboxStore:
    def __init__(
        self,
        db: str,
        seed: int,
        world_for_seed: Callable[[int], World],
        now: Callable[[], datetime] = system_now,
    ) -> None:
        self._engine = create_engine(db)
        create_schema(self._engine)
        self._seed = seed
        self._world_for_seed = world_for_seed
        self._now = now
        # Tenants are never deleted, so a fingerprint seen once maps to the same
        # tenant id for the life of the process; this skips a write transaction.
        self._known: dict[str, int] = {}

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    def dispose(self) -> None:
        self._engine.dispose()

    @contextmanager
    def open(self, api: str, api_key: str, *, write: bool) -> Iterator[Sandbox]:
        """One transaction on the key's sandbox; committed unless the block raises."""
        tenant_id = self._tenant_id(api, key_fingerprint(api, api_key))
        options = write_options() if write else {}
        with self._engine.connect().execution_options(**options) as connection, connection.begin():
            row = connection.execute(q.TENANT_CLOCK, {"id": tenant_id}).one()
            frozen = from_db_time(row.clock_frozen_at) if row.clock_frozen_at else None
            clock = SandboxClock(timedelta(microseconds=row.clock_offset_us), frozen, self._now)
            yield Sandbox(
                tenant_id,
                SqlLedger(connection, tenant_id),
                SqlCalendar(connection, tenant_id),
                SqlLifecycle(connection, tenant_id),
                SqlReseller(connection, tenant_id),
                clock,
                self._world_for_seed(row.seed),
            )

    def _tenant_id(self, api: str, fingerprint: str) -> int:
        known = self._known.get(fingerprint)
        if known is not None:
            return known
        tenant_id = self._find_or_create(api, fingerprint)
        self._known[fingerprint] = tenant_id
        return tenant_id

    def _find_or_create(self, api: str, fingerprint: str) -> int:
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            existing = connection.execute(q.TENANT_BY_KEY, {"key_hash": fingerprint}).scalar()
            if existing is not None:
                return int(existing)
            world = self._world_for_seed(self._seed)
            anchor = self._now()
            inserted = connection.execute(
                sa.insert(t.tenants).values(
                    key_hash=fingerprint,
                    api=api,
                    seed=self._seed,
                    created_at=to_db_time(anchor),
                    clock_offset_us=0,
                    clock_frozen_at=None,
                )
            ).inserted_primary_key
            assert inserted is not None
            tenant_id = int(inserted[0])
            insert_world(connection, tenant_id, world, anchor)
            return int(tenant_id)
