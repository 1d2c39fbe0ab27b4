"""A sandbox held by one holder for a while: a contract kit's run moves the sandbox's clock,
adds fault rules and books, so a second run given the same key fails the first's checks and
its own. A run takes the sandbox's lease before it begins, renews it as it goes and gives it
back at its end; one that dies lets it lapse. Times are real seconds (``time.time``), as the
webhook deliveries' claims are: the sandbox clock is what the holder moves.

Taking, renewing and taking over a lapsed lease are each one compare-and-set write, so two
servers of a team over one database never both hand a sandbox out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from mockserver.apis.instants import timestamp_micros
from mockserver.domain.kernel.errors import Leased
from mockserver.storage.control.schema import leases
from mockserver.storage.database.engine import writing


@dataclass(frozen=True)
class Lease:
    holder: str
    since: float
    until: float

    def as_json(self) -> dict[str, str]:
        return {"holder": self.holder, "since": _instant(self.since), "until": _instant(self.until)}


def _instant(seconds: float) -> str:
    # To the microsecond always: instants of two widths do not sort as text.
    return timestamp_micros(datetime.fromtimestamp(seconds, UTC))


class Leases:
    def __init__(self, engine: sa.Engine, now: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._now = now

    def held(self, sandbox: str) -> Lease | None:
        """The sandbox's lease, where one has not lapsed."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(leases).where(leases.c.sandbox_hash == sandbox)).first()
        return None if row is None or row.until <= self._now() else Lease(row.holder, row.since, row.until)

    def take(self, sandbox: str, holder: str, seconds: float) -> Lease:
        """The sandbox for ``holder`` until ``seconds`` from now: taken where none holds it or
        its lease lapsed, renewed where ``holder`` holds it; ``Leased`` where another does."""
        now = self._now()
        wanted = Lease(holder, now, now + seconds)
        for _ in range(3):  # each round one compare-and-set; another server's may win it
            with writing(self._engine) as connection:
                row = connection.execute(sa.select(leases).where(leases.c.sandbox_hash == sandbox)).first()
                if row is None:
                    try:
                        connection.execute(sa.insert(leases).values(sandbox_hash=sandbox, **vars(wanted)))
                    except sa.exc.IntegrityError:
                        continue  # another server's insert came first: read it
                    return wanted
                if row.holder != holder and row.until > now:
                    raise Leased(f"held by {row.holder} until {_instant(row.until)}")
                kept = Lease(holder, row.since if row.holder == holder else now, now + seconds)
                changed = connection.execute(
                    sa.update(leases)
                    .where(
                        leases.c.sandbox_hash == sandbox,
                        leases.c.holder == row.holder,
                        leases.c.until == row.until,
                    )
                    .values(**vars(kept))
                )
                if changed.rowcount:
                    return kept
        raise Leased("taken by another holder at the same moment")

    def give_back(self, sandbox: str, holder: str) -> None:
        """Ends ``holder``'s lease; nothing where none is held. ``Leased`` where another holds it."""
        with writing(self._engine) as connection:
            connection.execute(
                sa.delete(leases).where(leases.c.sandbox_hash == sandbox, leases.c.holder == holder)
            )
        other = self.held(sandbox)
        if other is not None and other.holder != holder:
            raise Leased(f"held by {other.holder} until {_instant(other.until)}, not by {holder}")
