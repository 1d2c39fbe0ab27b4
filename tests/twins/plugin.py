"""What each PostgreSQL twin sends and runs, recorded for ``measure``: ``-p tests.twins.plugin``,
with ``TWIN_TRACE`` naming the folder to write in.

Each worker's PostgreSQL server logs every statement with the database it was sent to (each
test has a database of its own); each database's test is written down as it is made, and each
test's lines run are a coverage context of its own (coverage.py's dynamic contexts). What a
test leaves running (a journal writer finishing) may be counted to the next: the measure keeps
a twin for any statement or line, so such a stray can only keep one more.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import coverage
import pytest

from mockserver.integration.local_postgres import PostgresServer

FOLDER = Path(os.environ.get("TWIN_TRACE", "twin-trace"))
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
LINE_PREFIX = "@@%%d|"  # ``%d``, the database, in psycopg's escaping of a literal ``%``
MEASURED = ["mockserver"]


class _Trace:
    def __init__(self) -> None:
        FOLDER.mkdir(parents=True, exist_ok=True)
        self.test: str | None = None
        self.databases = (FOLDER / f"databases-{WORKER}.jsonl").open("a", encoding="utf-8")
        self.times = (FOLDER / f"times-{WORKER}.jsonl").open("a", encoding="utf-8")
        self.lines = coverage.Coverage(
            data_file=str(FOLDER / ".coverage"), data_suffix=True, source=MEASURED, concurrency=["thread"]
        )


_trace = _Trace()
_start, _stop, _create = PostgresServer.start, PostgresServer.stop, PostgresServer.create_database


def _logging_start(self: PostgresServer) -> PostgresServer:
    started = _start(self)
    self.execute(f"ALTER SYSTEM SET log_line_prefix = '{LINE_PREFIX}'")
    self.execute("ALTER SYSTEM SET log_statement = 'all'")
    self.execute("SELECT pg_reload_conf()")
    return started


def _keeping_stop(self: PostgresServer) -> None:
    self._halt()
    shutil.copy(self.root / "server.log", FOLDER / f"statements-{WORKER}-{self.port}.log")
    _stop(self)


def _named_create(self: PostgresServer, *args: Any, **kwargs: Any) -> str:
    url = _create(self, *args, **kwargs)
    record = {"database": url.rsplit("/", 1)[1], "test": _trace.test}
    _trace.databases.write(json.dumps(record) + "\n")
    _trace.databases.flush()
    return url


PostgresServer.start = _logging_start  # type: ignore[method-assign]
PostgresServer.stop = _keeping_stop  # type: ignore[method-assign]
PostgresServer.create_database = _named_create  # type: ignore[method-assign]


def pytest_configure(config: pytest.Config) -> None:
    _trace.lines.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _trace.lines.stop()
    _trace.lines.save()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _trace.test = item.nodeid
    _trace.lines.switch_context(item.nodeid)
    started = os.times()
    try:
        return (yield)
    finally:
        ended = os.times()
        spent = sum(ended[:4]) - sum(started[:4])
        _trace.times.write(json.dumps({"test": item.nodeid, "cpu": spent}) + "\n")
        _trace.times.flush()
        _trace.lines.switch_context("")
