"""Fault rules: latency, error statuses, rate limits and dropped connections, per sandbox.

Rules are tried in the order they were added. Latency rules that fire add up;
the first terminating rule (error, rate_limit, drop) that fires answers the
request. Claims on a rule's ``count`` and a rate limit's window are single
write transactions, so several workers never fire a rule more often than asked.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import system_now
from mockserver.domain.kernel.errors import NotFound
from mockserver.storage.control import schema as c
from mockserver.storage.database.engine import writing
from mockserver.storage.database.generation import FAULTS, Generation, PerSandbox
from mockserver.storage.database.plain_reads import AloneReads
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.tenancy.sandbox_rows import sandbox_now

from .fault_shapes import checked_rule
from .journal_filters import glob_matches
from .rate_windows import RateWindow, counted, tighter

TERMINATING = ("error", "rate_limit", "drop")
MAX_DELAY_S = 60.0
CACHED_SANDBOXES = 4096


@dataclass(frozen=True)
class FaultRule:
    id: int
    api: str | None
    method: str | None
    path: str
    kind: str
    probability: float
    count: int | None
    fired: int
    params: Mapping[str, Any]
    created_at: datetime

    def matches(self, api: str, method: str, path: str, mount: str = "") -> bool:
        """``path``: below the API's ``mount``. A glob written with the mount matches as well
        (``/reservekit/v1/services``), as a journal filter's does: it was taken, and never fired."""
        return (
            (self.api is None or self.api == api)
            and (self.method is None or self.method == method)
            and glob_matches(self.path, path, mount)
        )

    def spent(self) -> bool:
        return self.count is not None and self.fired >= self.count

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "kind": self.kind, "path": self.path}
        if self.api is not None:
            body["api"] = self.api
        if self.method is not None:
            body["method"] = self.method
        body.update(self.params)
        body["probability"] = self.probability
        if self.count is not None:
            body["count"] = self.count
        body["fired"] = self.fired
        body["created_at"] = self.created_at.isoformat()
        return body


@dataclass
class Decision:
    """What the matching rules do to one request."""

    delay_s: float = 0.0
    rule: FaultRule | None = None
    """The terminating rule that fired, or else the first latency rule that did."""
    retry_after: int | None = None
    fired: list[FaultRule] = field(default_factory=list)
    window: RateWindow | None = None

    @property
    def terminating(self) -> bool:
        return self.rule is not None and self.rule.kind in TERMINATING

    @property
    def after_handling(self) -> bool:
        """Its terminating rule meets the request once handled (``when: after``): the change is
        made, and the answer lost, as when a network fails between a vendor and its client."""
        return self.terminating and self.rule is not None and self.rule.params.get("when") == "after"


SANDBOX_RULES = (
    sa.select(c.fault_rules)
    .where(c.fault_rules.c.sandbox_hash == sa.bindparam("digest"))
    .order_by(c.fault_rules.c.id)
)


class FaultBook:
    def __init__(
        self,
        engine: sa.Engine,
        reads: AloneReads,
        rng: random.Random,
        now: Callable[[], datetime] = system_now,
    ) -> None:
        self._engine = engine
        self._reads = reads
        self._rng = rng
        self._now = now
        # Rules are read on every request and change rarely: each process keeps
        # them per sandbox, stamped with the shared change counter they were read at.
        self._generation = Generation.beside(engine, FAULTS)
        self._cache: PerSandbox[tuple[FaultRule, ...]] = PerSandbox(self._generation, CACHED_SANDBOXES)

    def add(self, digest: str, body: Mapping[str, Any]) -> FaultRule:
        values = checked_rule(body)
        with writing(self._engine, digest) as connection:
            created = sandbox_now(connection, digest, self._now)
            inserted = connection.execute(
                sa.insert(c.fault_rules).values(
                    sandbox_hash=digest, fired=0, window_count=0, created_at=to_db_time(created), **values
                )
            ).inserted_primary_key
            assert inserted is not None
        self._generation.bump()
        return self.get(digest, int(inserted[0]))

    def rules(self, digest: str) -> list[FaultRule]:
        """The sandbox's rules as stored now (and the process's cache refreshed with them)."""
        # Read before the rules: a change racing this read leaves the cache stale, never wrong.
        generation = self._generation.current()
        rows = self._reads.all(SANDBOX_RULES, {"digest": digest})
        rules = [_rule(row) for row in rows]
        self._cache.keep(digest, generation, tuple(rules))
        return rules

    def cached_rules(self, digest: str) -> tuple[FaultRule, ...] | None:
        """The sandbox's rules if this process's copy is current, without a query; else ``None``."""
        return self._cache.get(digest)

    def get(self, digest: str, rule_id: int) -> FaultRule:
        found = next((rule for rule in self.rules(digest) if rule.id == rule_id), None)
        if found is None:
            raise NotFound("fault rule", rule_id)
        return found

    def remove(self, digest: str, rule_id: int) -> None:
        f = c.fault_rules.c
        with writing(self._engine, digest) as connection:
            removed = connection.execute(
                sa.delete(c.fault_rules).where(f.sandbox_hash == digest, f.id == rule_id)
            )
        if removed.rowcount == 0:
            raise NotFound("fault rule", rule_id)
        self._generation.bump()

    def clear(self, digest: str) -> None:
        with writing(self._engine, digest) as connection:
            connection.execute(sa.delete(c.fault_rules).where(c.fault_rules.c.sandbox_hash == digest))
        self._generation.bump()

    def decide(self, matching: Sequence[FaultRule]) -> Decision:
        """What the rules that match a request (see ``applicable``) do to it."""
        decision = Decision()
        for rule in matching:
            retry_after = None
            if rule.kind == "rate_limit":
                window, retry_after = counted(self._engine, rule.id, rule.params)
                if retry_after is not None or tighter(window, decision.window):
                    decision.window = window  # the limit a client must heed: the one that refuses it
                if retry_after is None:
                    continue
            if self._rng.random() >= rule.probability or not self._claim(rule):
                continue
            decision.fired.append(rule)
            if rule.kind == "latency":
                decision.delay_s = min(MAX_DELAY_S, decision.delay_s + self._delay_of(rule))
                decision.rule = decision.rule or rule
                continue
            decision.rule, decision.retry_after = rule, retry_after
            break
        return decision

    def _claim(self, rule: FaultRule) -> bool:
        """Counts one firing, unless another request took the rule's last one."""
        f = c.fault_rules.c
        with writing(self._engine) as connection:
            claimed = connection.execute(
                sa.update(c.fault_rules)
                .where(f.id == rule.id, sa.or_(f.count.is_(None), f.fired < f.count))
                .values(fired=f.fired + 1)
                .returning(f.fired)
            ).scalar()
        if claimed is not None and rule.count is not None and claimed >= rule.count:
            # Spent: every process drops it from its cache instead of trying to claim it again.
            self._generation.bump()
        return claimed is not None

    def _delay_of(self, rule: FaultRule) -> float:
        p = rule.params
        if p["distribution"] == "fixed":
            ms = float(p["ms"])
        elif p["distribution"] == "uniform":
            ms = self._rng.uniform(float(p["min_ms"]), float(p["max_ms"]))
        else:
            ms = self._rng.lognormvariate(math.log(max(float(p["median_ms"]), 0.001)), float(p["sigma"]))
        return ms / 1000.0


def applicable(
    rules: Sequence[FaultRule], api: str, method: str, path: str, mount: str = ""
) -> list[FaultRule]:
    """The rules that may fire on a request (``path`` below its API's ``mount``), in the order they
    were added."""
    return [rule for rule in rules if rule.matches(api, method, path, mount) and not rule.spent()]


def _rule(row: sa.Row[Any]) -> FaultRule:
    return FaultRule(
        row.id,
        row.api,
        row.method,
        row.path,
        row.kind,
        row.probability,
        row._mapping["count"],  # row.count is Row's own method
        row.fired,
        row.params,
        from_db_time(row.created_at),
    )
