"""Reads of one statement on PostgreSQL take a pool of their own in autocommit: one round trip
each, the data every committed change left, and a server restart costs no failed read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mockserver.local_postgres import PostgresServer
from mockserver.storage.alone_reads import AloneReads
from mockserver.storage.engine import create_engine
from tests.conftest import own_postgres

# A server of the module's own: a restart ends every session on it.
server = pytest.fixture(scope="module", name="server")(own_postgres)


def _table(engine: sa.Engine) -> sa.Table:
    table = sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    table.create(engine)
    return table


def test_a_read_sees_what_was_committed_and_holds_no_transaction(server: PostgresServer) -> None:
    engine = create_engine(server.create_database())
    table, reads = _table(engine), AloneReads(engine)
    assert reads.all(sa.select(table)) == []
    with engine.begin() as connection:
        connection.execute(sa.insert(table).values(id=1))
    assert [row.id for row in reads.all(sa.select(table))] == [1]
    with engine.connect() as connection:
        idle = connection.execute(
            sa.text("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'")
        ).scalar()
    assert idle == 0, "a read left a transaction open"
    engine.dispose()


def test_a_read_after_a_restart_is_answered(server: PostgresServer) -> None:
    engine = create_engine(server.create_database())
    table, reads = _table(engine), AloneReads(engine)
    assert reads.all(sa.select(table)) == []
    server.restart()
    assert reads.all(sa.select(table)) == [], "read again on a fresh connection"
    engine.dispose()
