"""How many sandboxes a server keeps, and which ones go.

Any well-formed key seeds a whole world on first use, so a server others can
reach needs a bound: at most ``SandboxLimits.most`` sandboxes, and (when
``idle_after`` is set) sandboxes nobody has used for that long are evicted to make
room. Idleness is measured on the wall clock, not the sandbox's own clock, which
a test may freeze or move years ahead. Eviction happens when a new key arrives,
so a server that sees no new keys does no work for it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from mockserver.domain.kernel.errors import SandboxLimitReached
from mockserver.storage.database.engine import writing
from mockserver.storage.database.write_locks import ADMISSION_LOCK, hold_locks
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandbox_rows import clear_tenant
from mockserver.storage.tenancy.sandbox_worlds import SandboxWorlds

EVICT_BATCH = 50
"""The most sandboxes one arrival evicts, so no request pays for a long backlog at once."""


@dataclass(frozen=True)
class SandboxLimits:
    most: int = 10_000
    """The most sandboxes kept; a new key past it is refused (503) until one goes."""
    idle_after: float = 0.0
    """Seconds without a request after which a sandbox may be evicted; 0 keeps them all."""

    @property
    def touch_every(self) -> float:
        """How stale a sandbox's last-use mark may get: a fraction of the idle time, so
        a sandbox in use is never mistaken for an idle one, and at most one write a minute."""
        return min(60.0, self.idle_after / 4)


class Occupancy:
    """One store's view of the limits: admits new sandboxes and marks use."""

    def __init__(self, limits: SandboxLimits, wall: Callable[[], float] = time.time) -> None:
        self.limits = limits
        self._wall = wall
        self._marked: dict[str, float] = {}

    @property
    def watching(self) -> bool:
        """Whether use is marked at all (only idle eviction reads the marks)."""
        return self.limits.idle_after > 0

    def ensure(self, engine: sa.Engine, digest: str, insert: Callable[[sa.Connection], None]) -> list[str]:
        """Makes sure the sandbox ``digest`` exists (``insert`` makes its row, if the limits
        leave room) and marks it used; the sandboxes evicted to make room."""
        exists = sa.select(t.sandboxes.c.key_hash).where(t.sandboxes.c.key_hash == digest)
        with engine.connect() as connection:
            found = connection.execute(exists).first() is not None
        if found:
            self.mark_use(engine, digest)
            return []
        evicted = self.evict_idle(engine)
        with writing(engine, ADMISSION_LOCK, digest) as connection:
            if connection.execute(exists).first() is not None:  # another worker made it meanwhile
                self.mark(connection, digest)
            else:
                self.admit(connection, digest, insert)
        return evicted

    def evict_idle(self, engine: sa.Engine) -> list[str]:
        """Evicts the sandboxes idle for longer than the limits allow (a batch at most), in a
        transaction of its own so that a refusal that follows does not bring them back;
        their hashes, for the caller to clear what lives outside the database."""
        if not self.watching:
            return []
        cutoff = self._wall() - self.limits.idle_after
        u = t.sandbox_use.c
        idle = sa.select(u.key_hash).where(u.last_used < cutoff).order_by(u.last_used).limit(EVICT_BATCH)
        with writing(engine, ADMISSION_LOCK) as connection:
            evicted = list(connection.execute(idle).scalars())
            hold_locks(connection, evicted)  # a write already under way on one finishes first
            evict(connection, evicted)
        return evicted

    def admit(self, connection: sa.Connection, digest: str, insert: Callable[[sa.Connection], None]) -> None:
        """Refuses a new sandbox at the cap; otherwise ``insert`` makes its row and it is marked
        used (in that order: the mark refers to the row, which PostgreSQL checks)."""
        kept = connection.execute(sa.select(sa.func.count()).select_from(t.sandboxes)).scalar_one()
        if kept >= self.limits.most:
            raise SandboxLimitReached(self.limits.most, self._retry_after(connection))
        insert(connection)
        self.mark(connection, digest, new=True)

    def due(self, digest: str) -> bool:
        """Whether ``digest``'s last-use mark should be written again (never without idle eviction)."""
        if not self.watching:
            return False
        marked = self._marked.get(digest)
        return marked is None or self._wall() - marked >= self.limits.touch_every

    def mark_use(self, engine: sa.Engine, digest: str) -> None:
        """Marks ``digest`` used, in a transaction of its own, when its mark is due."""
        if self.due(digest):
            with writing(engine, digest) as connection:
                self.mark(connection, digest)

    def mark(self, connection: sa.Connection, digest: str, *, new: bool = False) -> None:
        """Marks ``digest`` used now; ``new``: the caller is inserting its sandbox."""
        if not self.watching:
            return
        now = self._wall()
        u = t.sandbox_use.c
        touch = sa.update(t.sandbox_use).where(u.key_hash == digest).values(last_used=now)
        updated = connection.execute(touch)
        if updated.rowcount == 0:
            if new:
                connection.execute(sa.insert(t.sandbox_use).values(key_hash=digest, last_used=now))
            else:
                # Only while its sandbox exists: another process may have just evicted it.
                exists = sa.select(sa.literal(digest), sa.literal(now)).where(
                    sa.exists().where(t.sandboxes.c.key_hash == digest)
                )
                connection.execute(sa.insert(t.sandbox_use).from_select(["key_hash", "last_used"], exists))
        if len(self._marked) > 4 * self.limits.most:
            self._marked.clear()  # marks of sandboxes another process evicted; a cache, not state
        self._marked[digest] = now

    def _retry_after(self, connection: sa.Connection) -> int | None:
        if not self.watching:
            return None
        oldest: float | None = connection.execute(sa.select(sa.func.min(t.sandbox_use.c.last_used))).scalar()
        if oldest is None:
            return None
        return max(1, math.ceil(oldest + self.limits.idle_after - self._wall()))


def forget(engine: sa.Engine, digest: str) -> None:
    """Deletes the sandbox ``digest`` now, where it has one (the control API's ``DELETE
    /sandbox``): a throwaway key's sandbox (a test's) goes when its user is done with it, so a
    shared server's bound is not spent on them."""
    with writing(engine, ADMISSION_LOCK, digest) as connection:  # a write under way finishes first
        evict(connection, [digest])


def evict(connection: sa.Connection, digests: Sequence[str]) -> None:
    """Deletes every row of the sandboxes ``digests``: their tenants' data, their control
    rows (faults, webhooks, deliveries) and the sandboxes themselves."""
    if not digests:
        return
    tenants = sa.select(t.tenants.c.id).where(t.tenants.c.sandbox_hash.in_(digests))
    for tenant_id in list(connection.execute(tenants).scalars()):
        clear_tenant(connection, tenant_id)
    for table in reversed(t.metadata.sorted_tables):
        if "sandbox_hash" in table.c:
            connection.execute(sa.delete(table).where(table.c.sandbox_hash.in_(digests)))
    connection.execute(sa.delete(t.sandbox_use).where(t.sandbox_use.c.key_hash.in_(digests)))
    connection.execute(sa.delete(t.sandboxes).where(t.sandboxes.c.key_hash.in_(digests)))
    SandboxWorlds.forget_unused(connection)
