"""A rate-limit fault's window: each request it matches counted once, across every process.

A client that throttles itself reads where it stands from every answer, as ReserveKit's
rate-limits guide has it (``X-RateLimit-Limit``, ``-Remaining``, ``-Reset``), not only from the
429 that comes once it has gone too far: so the window says where each request left it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from mockserver.storage.control import schema as c
from mockserver.storage.database.engine import writing


@dataclass(frozen=True)
class RateWindow:
    """Where a request left a rate limit that counted it."""

    limit: int
    remaining: int
    reset: int
    """When the window reopens, in Unix seconds (the window is real seconds, not the sandbox clock's)."""


def counted(engine: Engine, rule_id: int, params: Mapping[str, Any]) -> tuple[RateWindow | None, int | None]:
    """Counts a request in the rule's window: the window as the request leaves it (None where
    the rule is gone), and the seconds until it reopens where the request is over the limit."""
    f = c.fault_rules.c
    window = float(params["window_seconds"])
    now = time.time()
    with writing(engine) as connection:
        # Locked until the window's count is written back: replicas count one window.
        row = connection.execute(
            sa.select(f.window_started, f.window_count).where(f.id == rule_id).with_for_update()
        ).first()
        if row is None:
            return None, None
        started, count = row.window_started, row.window_count
        if started is None or now - started >= window:
            started, count = now, 0
        count += 1
        connection.execute(
            sa.update(c.fault_rules).where(f.id == rule_id).values(window_started=started, window_count=count)
        )
    limit, reopens = int(params["limit"]), float(started) + window
    left = RateWindow(limit, max(0, limit - count), math.ceil(reopens))
    return left, (None if count <= limit else max(1, math.ceil(reopens - now)))


def tighter(window: RateWindow | None, than: RateWindow | None) -> bool:
    """Whether ``window`` leaves fewer requests than ``than`` does: where several limits count a
    request, its answer speaks of the one nearest to refusing the next."""
    return window is not None and (than is None or window.remaining < than.remaining)
