"""What a PostgreSQL statement costs the client: psycopg's cursors in a pipeline, as the store
sent a create's statements until issue 64's twenty-fifth round, beside the same statements sent
through libpq's own pipeline (psycopg's ``pq`` layer), in the same run.

    python benchmarks/statements.py [--transactions 2000] [--rounds 4]

A create on PostgreSQL sends its statements in two pipelines (``storage/database/write_behind.py``):
its locks and first reads, then its writes and the ``COMMIT``. The client's CPU for them was
30-40 us a statement through psycopg against 12 us for libpq alone (issue 64's twenty-second
and twenty-third rounds). This measures where that goes, on shapes like a create's (a row of
nine columns inserted, a row of ten, two counters updated, a row read back), on one PostgreSQL
started for the run (``local_postgres.py``):

- **psycopg**: kept cursors (``database/cursors.py`` before that round), one per statement, each
  ``execute``d inside ``connection.pipeline()``. psycopg flushes and polls the socket after
  each ``execute`` in a pipeline, and keeps its prepared statements by its own names.
- **libpq**: the store's own way since issue 64's twenty-fifth round
  (``storage/database/named_statements.py``): each statement named on its second run and sent
  with ``send_query_prepared``, then one sync, one flush and one read of the answers;
  parameters dumped and rows loaded by psycopg's ``Transformer``, so adaptation costs what it
  costs psycopg.

The transactions alternate between the two ways (ABBA in each round); the figures are the
client's CPU a statement (this process's) and the server's (its backend's, from ``/proc``),
medians over the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import psycopg

from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.database.cursors import KeptCursors

SCHEMA = [
    "CREATE TABLE customers (tenant_id int, id int, uuid text, name text, email text, email_key text,"
    " phone text, created_at timestamptz, updated_at timestamptz, PRIMARY KEY (tenant_id, id))",
    "CREATE TABLE bookings (tenant_id int, id int, service_id int, time_slot_id int, customer_id int,"
    " date date, starts_at timestamptz, ends_at timestamptz, status text, note text,"
    " PRIMARY KEY (tenant_id, id))",
    "CREATE TABLE counters (tenant_id int, entity text, next_id int, PRIMARY KEY (tenant_id, entity))",
    "INSERT INTO counters VALUES (1, 'customer', 1), (1, 'booking', 1)",
]
READ = "SELECT id, customer_id, date, starts_at, status FROM bookings WHERE tenant_id = %s AND id = %s"
WRITES = [
    "INSERT INTO customers VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
    "INSERT INTO bookings VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
    "UPDATE counters SET next_id = %s WHERE tenant_id = %s AND entity = %s",
    "UPDATE counters SET next_id = %s WHERE tenant_id = %s AND entity = %s",
]
STATEMENTS_A_TRANSACTION = 1 + len(WRITES) + 2  # BEGIN and COMMIT sent as statements too


def arguments(n: int) -> list[tuple[Any, ...]]:
    at = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    return [
        (1, n, f"uuid-{n}", "Jane Smith", f"j{n}@example.com", f"j{n}@example.com", None, at, at),
        (1, n, 1, 2, n, date(2027, 1, 11), at, at, "confirmed", None),
        (n + 1, 1, "customer"),
        (n + 1, 1, "booking"),
    ]


class ByCursors:
    """As the store sends: a kept cursor per statement, each executed in psycopg's pipeline."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection
        self._cursors = [connection.cursor() for _ in range(len(WRITES) + 3)]

    def transaction(self, n: int) -> None:
        begin, read, *writes, commit = self._cursors
        with self._connection.pipeline():
            begin.execute("BEGIN")
            read.execute(READ, (1, n - 1))
        read.fetchall()
        with self._connection.pipeline():
            for cursor, sql, args in zip(writes, WRITES, arguments(n), strict=True):
                cursor.execute(sql, args)
            commit.execute("COMMIT")


class ByStore:
    """The same statements as the store sends them: each named by the connection on its second
    run and sent through libpq's pipeline (``storage/database/named_statements.py``)."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._kept = KeptCursors(connection)

    def transaction(self, n: int) -> None:
        kept = self._kept
        begin, read, cursor = kept.cursors(3)
        with kept.pipeline():
            begin.execute("BEGIN")
            read.execute(READ, (1, n - 1))
        assert isinstance(read.fetchall(), list)
        with kept.pipeline():
            for sql, args in zip(WRITES, arguments(n), strict=True):
                cursor.execute(sql, args)
            cursor.execute("COMMIT")


def backend_cpu(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    return (int(fields[11]) + int(fields[12])) / 100


def timed(way: Callable[[int], None], first: int, transactions: int, backend: int) -> tuple[float, float]:
    """Microseconds of the client's and the server's CPU a statement."""
    client, server = time.process_time(), backend_cpu(backend)
    for n in range(first, first + transactions):
        way(n)
    statements = transactions * STATEMENTS_A_TRANSACTION
    return (
        (time.process_time() - client) / statements * 1e6,
        (backend_cpu(backend) - server) / statements * 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--transactions", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    server = PostgresServer()
    server.start()
    try:
        url = server.create_database().replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url, autocommit=True) as connection:
            for statement in SCHEMA:
                connection.execute(statement)
            backend = connection.info.backend_pid
            ways = {"psycopg": ByCursors(connection).transaction, "libpq": ByStore(connection).transaction}
            figures: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
            n = 2
            for way in ways.values():  # warm: psycopg prepares a statement on its fifth run
                for _ in range(10):
                    way(n)
                    n += 1
            for round_ in range(args.rounds):
                order = (
                    ["psycopg", "libpq", "libpq", "psycopg"] if round_ % 2 == 0 else ["libpq", "psycopg"] * 2
                )
                for name in order:
                    figures[name].append(timed(ways[name], n, args.transactions // 2, backend))
                    n += args.transactions // 2
    finally:
        server.stop()
    print(f"{STATEMENTS_A_TRANSACTION} statements a transaction in two pipelines, {args.rounds} rounds")
    medians = {}
    for name, runs in figures.items():
        client = statistics.median(c for c, _ in runs)
        database = statistics.median(s for _, s in runs)
        medians[name] = client
        print(
            f"{name:8} client {client:5.1f} us a statement ({min(c for c, _ in runs):.1f}-"
            f"{max(c for c, _ in runs):.1f}), server {database:5.1f} us"
        )
    print(f"libpq's pipeline: {medians['libpq'] / medians['psycopg']:.2f}x psycopg's client CPU")


if __name__ == "__main__":
    main()
