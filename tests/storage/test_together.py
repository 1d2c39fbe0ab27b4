"""Reads sent together (``statements/together.py``): on a PostgreSQL plain read one pipeline,
elsewhere one after the other, and the same rows either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.database.cursors import KeptCursors
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.plain_reads import PlainReads
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.statements.together import all_together

NOTES = sa.Table(
    "notes", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True), sa.Column("size", sa.Integer)
)
ABOVE = sa.select(NOTES.c.id).where(NOTES.c.size > sa.bindparam("least")).order_by(NOTES.c.id)
COUNT = sa.select(sa.func.count()).select_from(NOTES).where(NOTES.c.size > sa.bindparam("least"))
# Fails as it runs, not as it is planned: a pipeline's later statement failing.
BROKEN = sa.select(sa.literal_column("1") / (NOTES.c.size - NOTES.c.size)).where(NOTES.c.id == 1)


def _filled(url: str) -> sa.Engine:
    engine = create_engine(url)
    NOTES.create(engine)
    with engine.begin() as connection:
        connection.execute(sa.insert(NOTES), [{"id": n, "size": n * 10} for n in range(1, 8)])
    return engine


RUNS: list[tuple[Any, dict[str, Any]]] = [
    (ABOVE, {"least": 25}),
    (COUNT, {"least": 25}),
    (ABOVE, {"least": 60}),
]
ROWS = [[(3,), (4,), (5,), (6,), (7,)], [(5,)], [(7,)]]


def _plain(rows: list[list[Any]]) -> list[list[tuple[Any, ...]]]:
    return [[tuple(row) for row in found] for found in rows]


def test_a_plain_read_sends_them_in_one_pipeline_and_reads_each_ones_rows(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _filled(postgres.create_database())
    reads = PlainReads.of(engine)
    assert reads is not None
    prepared = PreparedStatements(engine.dialect)
    pipelines = 0
    pipeline = KeptCursors.pipeline

    def counted(self: Any) -> Any:
        nonlocal pipelines
        pipelines += 1
        return pipeline(self)

    monkeypatch.setattr(KeptCursors, "pipeline", counted)
    with reads.session(lambda connection: None) as (connection, _):
        assert _plain(all_together(prepared, connection, RUNS)) == ROWS
        assert pipelines == 1
        with pytest.raises(psycopg.errors.DivisionByZero):  # the driver's own, as a prepared run's
            all_together(prepared, connection, [(ABOVE, {"least": 0}), (BROKEN, {})])
        # The failed pipeline left the session readable.
        assert _plain(all_together(prepared, connection, RUNS)) == ROWS
    with engine.begin() as writing:  # a transaction's reads: one after the other
        assert _plain(all_together(prepared, writing, RUNS)) == ROWS
    assert pipelines == 3
    reads.dispose()
    engine.dispose()


def test_sqlite_reads_them_one_after_the_other(tmp_path: Path) -> None:
    engine = _filled(str(tmp_path / "notes.db"))
    with engine.connect() as connection:
        assert _plain(all_together(PreparedStatements(engine.dialect), connection, RUNS)) == ROWS
    engine.dispose()
