"""Reads that do not depend on each other, sent together.

On PostgreSQL a plain read's statements are each a round trip (``database/plain_reads.py``):
a page and its count, or a calendar's reservations and its blocked times, were two one after
the other. Here they go in one pipeline (``database/cursors.py``), their results read once it has synced, one
round trip for all (a team's servers on other hosts than their database pay a network round
trip for each). Elsewhere (SQLite, a write's transaction, a statement SQLAlchemy must run)
they run one after the other, as they always did: the rows are the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mockserver.storage.database.cursors import kept_cursors
from mockserver.storage.database.plain_reads import plain_read
from mockserver.storage.database.read_ahead import read_ahead
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.statements.prepared_statements import PreparedStatements

Run = tuple[sa.Executable, Mapping[str, Any]]


def all_together(
    prepared: PreparedStatements, connection: sa.Connection, runs: Sequence[Run]
) -> list[list[Any]]:
    """Each run's rows, in order."""
    if len(runs) >= 2 and plain_read(connection):
        bound = [prepared.bound(statement, params) for statement, params in runs]
        ready = [(statement, given) for statement, given in bound if statement is not None]
        if len(ready) == len(runs):
            return _pipelined(connection, ready)
    return [prepared.all(connection, statement, params) for statement, params in runs]


def _pipelined(connection: sa.Connection, ready: list[tuple[Prepared, Mapping[str, Any]]]) -> list[list[Any]]:
    ahead = read_ahead(connection)
    if ahead is not None:  # with what the session has not sent yet (its opening first), or kept
        return ahead.all(connection, ready)
    kept = kept_cursors(connection)
    cursors = kept.cursors(len(ready))
    with kept.pipeline():
        for (statement, given), cursor in zip(ready, cursors, strict=True):
            statement.send_on(cursor, given)
    return [statement.rows_from(cursor) for (statement, _), cursor in zip(ready, cursors, strict=True)]
