"""Opening one SQLite file from several workers at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.storage.engine import create_engine
from mockserver.storage.prepare import prepare_database


@contextmanager
def another_worker_writing(path: Path) -> Iterator[None]:
    """A second connection inside a write transaction, as a worker creating the schema is."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE IF NOT EXISTS busy (id INTEGER)")
        yield
        holder.execute("COMMIT")
    finally:
        holder.close()


def test_a_worker_opens_a_prepared_file_while_another_writes(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    prepare_database(str(path))
    engine = create_engine(str(path))
    with another_worker_writing(path), engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_an_unprepared_file_is_what_serve_must_avoid(tmp_path: Path) -> None:
    """Why ``serve`` prepares the file: a fresh one cannot switch to WAL while another writes."""
    path = tmp_path / "sandbox.db"
    engine = create_engine(str(path))
    with another_worker_writing(path), pytest.raises(sa.exc.OperationalError, match="locked"):
        engine.connect()
    engine.dispose()
