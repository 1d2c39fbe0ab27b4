"""libpq's own trace of a connection's protocol messages, for tests that count what was sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg


@contextmanager
def libpq_trace(pgconn: Any, folder: Path) -> Iterator[list[str]]:
    """The trace's lines (each a message, timestamps left out), filled in as the block ends."""
    lines: list[str] = []
    with (folder / "trace").open("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            yield lines
        finally:
            pgconn.untrace()
            trace.seek(0)
            lines.extend(trace)
