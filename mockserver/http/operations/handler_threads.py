"""How many of anyio's threads a worker's handlers may use at once: fewer than its default 40
where handlers wait on a database server (PostgreSQL).

On PostgreSQL an API handler that writes, and every control API handler, runs on anyio's
thread pool, so round trips overlap (an API handler that only reads is served on the event
loop, ``storage/on_loop.py``). Forty threads on a machine of a few cores did not overlap more:
they took turns at the GIL, and every round trip cost a send, a poll and a receive and a
thread hop each way, in the system's time. Under `wrk` a worker held the GIL only 45 % of the
time while the server's processes spent 2.7 ms of CPU a GET. Of 2, 4, 8, 16 and 40 threads a
worker on two cores, four (two a core) answered the most GETs; A/B of this middleware
(benchmarks/team.py, two pairs): one server on PostgreSQL answered 18-20 % more GETs, creates
within the noise, p99 a third lower. The limit is per event loop (anyio keeps one limiter a
loop), so it is set on the first request each loop serves.
"""

from __future__ import annotations

import os

from anyio.to_thread import current_default_thread_limiter
from starlette.types import ASGIApp, Receive, Scope, Send

POSTGRES_HANDLER_THREADS = 2 * (os.cpu_count() or 2)


class HandlerThreads:
    def __init__(self, app: ASGIApp, threads: int) -> None:
        self._app = app
        self._threads = threads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limiter = current_default_thread_limiter()
        if limiter.total_tokens != self._threads:
            limiter.total_tokens = self._threads
        await self._app(scope, receive, send)
