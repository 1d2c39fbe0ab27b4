"""A PostgreSQL connection's statements, sent through libpq's pipeline under names of its own.

psycopg's cursors cost 30-40 us of the client's CPU a statement in a pipeline, where libpq
alone costs about 12 (``benchmarks/statements.py``): each ``execute`` there polls the socket
and flushes, and keeps its own bookkeeping. Here a connection's statements go to psycopg's
``pq`` layer instead, each prepared once by a name this connection keeps, its parameters
dumped and its rows loaded by psycopg's own ``Transformer`` (its adapters, the connection's).
A block's statements (``pipeline``) go out together, one sync, one flush and one read of
their answers; a statement alone is a pipeline of one.

The names hold only while the session does not lose them. psycopg removes every statement of
a session (``DEALLOCATE ALL``) at a rollback, once it has prepared any itself: so every engine
whose connections come here is made with psycopg's own preparing off (``prepare_threshold``
None), and psycopg never prepares, never clears. A name counts as made only once its own
Parse has answered: a Parse behind a failed statement in the same pipeline is never run.

Errors are psycopg's: the first failed statement's, raised once the whole pipeline has been
read (the statements after it were not run), and a connection lost midway raises its
``OperationalError``, which SQLAlchemy's disconnect test knows.
"""

from __future__ import annotations

import re
import select
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from psycopg import errors, pq
from psycopg.adapt import PyFormat, Transformer

NAMES_KEPT = 400
"""The most statements a connection keeps prepared: the store runs a few dozen often; the rest
(a journal's look-up of some ids, one statement per count) run unnamed once it is full."""

RUNS_BEFORE_A_NAME = 1
"""Runs of a statement, unnamed, before it is prepared: a statement built for one request's
values (a list of ids of its own length) is not worth a name."""

_PLACEHOLDER = re.compile(rb"%(?:\((\w+)\))?(.)")
_OK = (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY)


class Query:
    """One SQL text in libpq's form (``$1``...), and how its arguments are put in order."""

    __slots__ = ("formats", "names", "text")

    def __init__(self, sql: str) -> None:
        numbers: dict[bytes, int] = {}
        order: list[str] = []
        positional = 0

        def number(match: re.Match[bytes]) -> bytes:
            nonlocal positional
            name, kind = match.groups()
            if kind == b"%" and name is None:
                return b"%"
            if kind != b"s":
                raise ValueError(f"a placeholder this store does not send: {match.group().decode()}")
            if name is None:
                positional += 1
                return b"$%d" % positional
            if name not in numbers:
                numbers[name] = len(numbers) + 1
                order.append(name.decode())
            return b"$%d" % numbers[name]

        self.text = _PLACEHOLDER.sub(number, sql.encode())
        if numbers and positional:
            raise ValueError("placeholders both named and not")
        self.names: tuple[str, ...] | None = tuple(order) if numbers else None
        self.formats = [PyFormat.AUTO] * (len(order) or positional)


class NamedStatements:
    """One driver connection's statements: the names it prepared, and its pipeline."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self._pgconn: pq.abc.PGconn = driver.pgconn
        self._transformer = Transformer(driver)
        self._queries: dict[str, Query] = {}
        self._names: dict[tuple[bytes, tuple[int, ...]], bytes] = {}
        self._runs: dict[tuple[bytes, tuple[int, ...]], int] = {}
        self._sent: list[Any] = []
        """Per command sent in the open pipeline: the cursor its answer is for, or a Parse's
        ``(key, name)``."""
        self._parsing: dict[tuple[bytes, tuple[int, ...]], bytes] = {}
        """Names whose Parse the open pipeline has sent, not yet answered."""
        self._made = 0
        self._depth = 0
        self._began = False
        self._read = select.poll()
        self._read.register(self._pgconn.socket, select.POLLIN)
        self._either = select.poll()
        self._either.register(self._pgconn.socket, select.POLLIN | select.POLLOUT)

    def send(self, cursor: Any, sql: str, args: Any) -> None:
        """Sends one statement, its answer for ``cursor``: in the open pipeline, or alone."""
        if self._depth:
            self._send(cursor, sql, args)
            return
        with self.pipeline():
            self._send(cursor, sql, args)

    @contextmanager
    def pipeline(self) -> Iterator[None]:
        """The block's statements go out together as it ends, its first error raised then (a
        pipeline inside one goes out with the outer one)."""
        self._open()
        try:
            yield
        finally:
            self._close()

    def _open(self) -> None:
        if not self._depth:  # counted once open: a connection libpq refused stays out of one
            self._pgconn.enter_pipeline_mode()
            self._sent, self._began = [], False
            self._parsing.clear()
        self._depth += 1

    def _close(self) -> None:
        """Sends what the pipeline holds, reads every answer, and raises the first error."""
        self._depth -= 1
        if self._depth:
            return
        pgconn = self._pgconn
        try:
            results = self._exchange() if self._sent else []
        finally:
            sent, self._sent = self._sent, []
            if pgconn.status == pq.ConnStatus.OK:
                pgconn.exit_pipeline_mode()
        failed: errors.Error | None = None
        for command, result in zip(sent, results, strict=True):
            ok = result.status in _OK
            if isinstance(command, tuple):  # a Parse: its name is made only if it answered
                if ok:
                    self._names[command[0]] = command[1]
                continue
            if command is not None:
                command.answered(result if ok else None)
            if failed is None and result.status == pq.ExecStatus.FATAL_ERROR:
                failed = errors.error_from_result(result, encoding=self.driver.info.encoding)
        if failed is not None:
            raise failed

    def rows(self, result: pq.abc.PGresult, start: int, end: int) -> list[tuple[Any, ...]]:
        """Rows ``start`` to ``end`` of an answer, each column loaded as psycopg's cursor would."""
        transformer = self._transformer
        transformer.set_pgresult(result)
        return transformer.load_rows(start, end, tuple)

    def _send(self, cursor: Any, sql: str, args: Any) -> None:
        pgconn = self._pgconn
        if (
            not self._began
            and not self.driver.autocommit
            and pgconn.transaction_status == pq.TransactionStatus.IDLE
        ):
            # As psycopg's own cursor would, the transaction begins with the first statement.
            pgconn.send_query_params(begin_command(self.driver), None)
            self._sent.append(None)
        self._began = True
        if args is None:
            pgconn.send_query_params(sql.encode(), None)
            self._sent.append(cursor)
            return
        query = self._queries.get(sql)
        if query is None:
            query = self._queries[sql] = Query(sql)
        if query.names is not None:
            args = [args[name] for name in query.names]
        transformer = self._transformer
        params = transformer.dump_sequence(args, query.formats)
        types = tuple(transformer.types or ())
        key = (query.text, types)
        name = self._names.get(key)
        if name is None:
            name = self._name(key, types)
        if name is None:
            pgconn.send_query_params(query.text, params, param_types=types, param_formats=transformer.formats)
        else:
            pgconn.send_query_prepared(name, params, param_formats=transformer.formats)
        self._sent.append(cursor)

    def _name(self, key: tuple[bytes, tuple[int, ...]], types: Sequence[int]) -> bytes | None:
        """The name to send ``key`` under, its Parse sent first if this pipeline has not sent it
        yet; None: sent unnamed this time."""
        name = self._parsing.get(key)
        if name is not None:
            return name
        runs = self._runs.get(key, 0)
        if runs < RUNS_BEFORE_A_NAME or len(self._names) + len(self._parsing) >= NAMES_KEPT:
            if len(self._runs) > 4 * NAMES_KEPT:
                self._runs.clear()
            self._runs[key] = runs + 1
            return None
        self._made += 1  # never a name used before: one whose Parse failed may exist or not
        name = self._parsing[key] = b"booking_sandbox_%d" % self._made
        self._pgconn.send_prepare(name, key[0], param_types=types)
        self._sent.append((key, name))
        self._runs.pop(key, None)
        return name

    def _exchange(self) -> list[pq.abc.PGresult]:
        """Syncs, sends and reads: one result per command sent."""
        pgconn = self._pgconn
        pgconn.pipeline_sync()
        while pgconn.flush():
            # Reading while the server answers keeps both sides' buffers from filling.
            if any(event & select.POLLIN for _, event in self._either.poll()):
                pgconn.consume_input()
        results: list[pq.abc.PGresult] = []
        while True:
            pgconn.consume_input()
            while not pgconn.is_busy():
                result = pgconn.get_result()
                if result is None:
                    continue
                if result.status == pq.ExecStatus.PIPELINE_SYNC:
                    return results
                results.append(result)
                if pgconn.status != pq.ConnStatus.OK:
                    raise errors.OperationalError(
                        "the connection was lost: " + pgconn.error_message.decode(errors="replace")
                    )
            self._read.poll()


def begin_command(driver: Any) -> bytes:
    """The ``BEGIN`` psycopg's cursor would send first, with the connection's settings."""
    parts = [b"BEGIN"]
    if driver.isolation_level is not None:
        parts += [b"ISOLATION LEVEL", driver.isolation_level.name.replace("_", " ").encode()]
    if driver.read_only is not None:
        parts.append(b"READ ONLY" if driver.read_only else b"READ WRITE")
    if driver.deferrable is not None:
        parts.append(b"DEFERRABLE" if driver.deferrable else b"NOT DEFERRABLE")
    return b" ".join(parts)
