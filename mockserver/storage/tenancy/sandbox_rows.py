"""A sandbox key's rows: how keys are hashed, the clock stored on its shared row, its tenants' tables."""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.tenancy.forgotten import SandboxGone

# Both hashes are asked for on every request, most often of the same few keys: remembered for
# the keys seen last (a client's made-up keys push out the oldest, never grow the cache).
HASHES_KEPT = 4096


@functools.lru_cache(maxsize=HASHES_KEPT)
def key_fingerprint(api: str, api_key: str) -> str:
    """Keys are per API: the same key string on two APIs is two tenants of one sandbox."""
    return hashlib.sha256(f"{api}:{api_key}".encode()).hexdigest()


@functools.lru_cache(maxsize=HASHES_KEPT)
def sandbox_hash(sandbox_key: str) -> str:
    return hashlib.sha256(sandbox_key.encode()).hexdigest()


def clock_of(row: Any, source: Callable[[], datetime]) -> SandboxClock:
    frozen = from_db_time(row.clock_frozen_at) if row.clock_frozen_at else None
    return SandboxClock(timedelta(microseconds=row.clock_offset_us), frozen, source)


def clock_columns(clock: SandboxClock) -> dict[str, Any]:
    return {
        "clock_offset_us": clock.offset // timedelta(microseconds=1),
        "clock_frozen_at": to_db_time(clock.frozen_at) if clock.frozen_at else None,
    }


SHARED_ROW = sa.select(t.sandboxes).where(t.sandboxes.c.key_hash == sa.bindparam("digest"))
"""A sandbox's shared row (its seed, scenario, clock and world), by its hash."""


def shared_row(connection: sa.Connection, digest: str) -> sa.Row[Any]:
    """The key's ``sandboxes`` row (``SandboxStore.ensure_sandbox`` made it); ``SandboxGone``
    where a forget of the key has committed since (``forgotten.py``)."""
    row = connection.execute(SHARED_ROW, {"digest": digest}).first()
    if row is None:
        raise SandboxGone(digest)
    return row


def sandbox_now(connection: sa.Connection, digest: str, source: Callable[[], datetime]) -> datetime:
    """The sandbox's clock reading (real time for a key never used yet)."""
    shared = connection.execute(SHARED_ROW, {"digest": digest}).first()
    return clock_of(shared, source).now() if shared else source()


@functools.cache
def tenant_tables() -> tuple[sa.Table, ...]:
    """Every table holding one tenant's data, parents before children."""
    return tuple(
        table for table in t.metadata.sorted_tables if "tenant_id" in table.c and table is not t.tenants
    )


def clear_tenant(connection: sa.Connection, tenant_id: int) -> None:
    for delete in _tenant_deletes():
        connection.execute(delete, {"tenant_id": tenant_id})


@functools.cache
def _tenant_deletes() -> tuple[sa.Delete, ...]:
    """Children before parents; built once (sorting the tables and building each delete was a
    ninth of a state import's CPU)."""
    return tuple(
        sa.delete(table).where(table.c.tenant_id == sa.bindparam("tenant_id"))
        for table in reversed(tenant_tables())
    )


def insert_sandbox(connection: sa.Connection, *, digest: str, seed: int, clock: SandboxClock) -> None:
    """A new key's ``sandboxes`` row: its seed and where its clock starts."""
    connection.execute(
        sa.insert(t.sandboxes).values(
            key_hash=digest,
            seed=seed,
            scenario=None,
            created_at=to_db_time(clock.now()),
            made_id=new_made_id(),
            **clock_columns(clock),
        )
    )


def new_made_id() -> int:
    """A sandbox's ``made_id`` for a new making of its data. Random, not counted: a key
    evicted and used again starts a new row, whose count would start again too."""
    return secrets.randbits(62)


def insert_tenant(connection: sa.Connection, *, fingerprint: str, digest: str, api: str, at: datetime) -> int:
    """A key's new (still empty) tenant on ``api``; its id."""
    values = {"key_hash": fingerprint, "sandbox_hash": digest, "api": api, "created_at": to_db_time(at)}
    inserted = connection.execute(sa.insert(t.tenants).values(**values)).inserted_primary_key
    assert inserted is not None
    return int(inserted[0])


def tenants_within(
    connection: sa.Connection, *, sandbox_key: str, digest: str, apis: tuple[str, ...], at: datetime
) -> dict[str, int]:
    """The key's tenant on each of ``apis``, found or made (empty) in ``connection``'s
    transaction: for a caller that fills them there, so that a refused fill leaves none behind."""
    tenants = {}
    for api in apis:
        fingerprint = key_fingerprint(api, sandbox_key)
        found = connection.execute(
            sa.select(t.tenants.c.id).where(t.tenants.c.key_hash == fingerprint)
        ).scalar()
        tenants[api] = (
            int(found)
            if found is not None
            else insert_tenant(connection, fingerprint=fingerprint, digest=digest, api=api, at=at)
        )
    return tenants


def tenants_of(connection: sa.Connection, digest: str) -> Sequence[Any]:
    """The key's tenants (``id``, ``api``), in API order."""
    tenants = sa.select(t.tenants.c.id, t.tenants.c.api).where(t.tenants.c.sandbox_hash == digest)
    return connection.execute(tenants.order_by(t.tenants.c.api)).all()


def refill_tenants(
    connection: sa.Connection, digest: str, fill: Callable[..., timedelta], **seeding: Any
) -> timedelta:
    """Every tenant of the sandbox ``digest`` emptied and filled again (``SandboxStore.fill``) as
    ``seeding`` says (its seed, world, scenario and clock); how far its scenarios move the clock."""
    advance = timedelta(0)
    for tenant in tenants_of(connection, digest):
        clear_tenant(connection, tenant.id)
        advance = max(
            advance, fill(connection, api=tenant.api, tenant_id=tenant.id, digest=digest, **seeding)
        )
    return advance
