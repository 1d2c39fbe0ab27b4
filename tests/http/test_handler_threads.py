"""A PostgreSQL worker's handlers share fewer of anyio's threads than its default 40: set on
the first request of each event loop, before the request reaches the handlers."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path
from typing import Any

from anyio.to_thread import current_default_thread_limiter

from mockserver.http.operations.handler_threads import HandlerThreads
from mockserver.http.request_ids import RequestIds
from mockserver.integration.local_postgres import PostgresServer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings


def _seen_by_the_app(threads: int) -> list[float]:
    seen: list[float] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(current_default_thread_limiter().total_tokens)

    limited = HandlerThreads(app, threads)

    async def two_requests() -> None:
        assert current_default_thread_limiter().total_tokens == 40, "anyio's default, before"
        for _ in range(2):
            await limited({"type": "http"}, None, None)

    asyncio.run(two_requests())
    asyncio.run(two_requests())  # a new loop has a limiter of its own: set again
    return seen


def test_the_limit_holds_from_each_loops_first_request() -> None:
    assert _seen_by_the_app(4) == [4, 4, 4, 4]


def _middlewares(db: str) -> list[object]:
    app = create_app(Settings.load({"db": db}, environ={}))
    stack = app.middleware.middlewares  # type: ignore[attr-defined]
    return [entry.func if isinstance(entry, partial) else entry for entry in stack]


def test_only_a_postgresql_server_limits_its_threads(tmp_path: Path, postgres: PostgresServer) -> None:
    on_sqlite = _middlewares(str(tmp_path / "sandbox.db"))
    assert RequestIds in on_sqlite, "the stack as the app runs it"
    assert HandlerThreads not in on_sqlite, "SQLite handlers run on the loop and one writer thread"
    assert HandlerThreads in _middlewares(postgres.create_database())
