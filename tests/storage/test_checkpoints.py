"""SQLite's checkpoints run on a thread beside the writers, never inside a write's commit."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.storage.database import checkpoints
from mockserver.storage.database.checkpoints import BACKSTOP_PAGES, EVERY, Checkpoints
from mockserver.storage.database.engine import create_engine, writing
from mockserver.storage.database.prepare import prepare_database


def checkpoints_done() -> None:
    for thread in threading.enumerate():
        if thread.name == "sqlite-checkpoint":
            thread.join(timeout=10)
            assert not thread.is_alive()


def rows_in_the_file_alone(path: Path, scratch: Path) -> int:
    """The rows the database file holds without its WAL: what a checkpoint copied back."""
    copy = scratch / "alone.db"
    shutil.copyfile(path, copy)
    with closing(sqlite3.connect(copy)) as connection:
        tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE name = 'entries'").fetchone()
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0]) if tables[0] else 0


@pytest.fixture
def entries(tmp_path: Path) -> Iterator[tuple[Path, sa.Engine]]:
    path = tmp_path / "sandbox.db"
    prepare_database(str(path))
    engine = create_engine(str(path))
    with writing(engine) as connection:
        connection.exec_driver_sql("CREATE TABLE entries (n INTEGER PRIMARY KEY, text TEXT)")
    yield path, engine
    engine.dispose()
    checkpoints_done()


def write(engine: sa.Engine, commits: int, text: str = "x") -> None:
    for _ in range(commits):
        with writing(engine) as connection:
            connection.exec_driver_sql("INSERT INTO entries (text) VALUES (?)", (text,))


def test_a_processes_commits_are_checkpointed_beside_them(
    entries: tuple[Path, sa.Engine], tmp_path: Path
) -> None:
    path, engine = entries
    # Each batch ends on the commit that starts a checkpoint (the table's own commit is the
    # first), so no write runs beside one. A PASSIVE checkpoint beside writes may copy less than
    # all (by design: the next copies the rest), and in one full run the second, beside the
    # batch's last two commits, left the file at 99 rows (not seen again in 700 runs alone).
    write(engine, EVERY - 1)
    checkpoints_done()
    assert rows_in_the_file_alone(path, tmp_path) == EVERY - 1
    write(engine, EVERY)
    checkpoints_done()
    assert rows_in_the_file_alone(path, tmp_path) == 2 * EVERY - 1


def test_a_writer_leaves_the_wal_to_the_thread_up_to_its_backstop(
    entries: tuple[Path, sa.Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's default has the commit past 1,000 pages checkpoint, inside the write gate."""
    path, engine = entries
    monkeypatch.setattr(Checkpoints, "committed", lambda self: None)  # the thread never starts
    with engine.connect() as connection:
        page = connection.exec_driver_sql("PRAGMA page_size").scalar()
    # Each commit a row of two pages' text: some 1,500 pages, past SQLite's 1,000.
    write(engine, 500, "y" * 2 * int(page))
    assert rows_in_the_file_alone(path, tmp_path) == 0
    assert path.with_name(path.name + "-wal").stat().st_size > 1000 * int(page)
    # Past the backstop the writer checkpoints, as before.
    write(engine, (BACKSTOP_PAGES - 1000) // 3 + 10, "y" * 2 * int(page))
    assert rows_in_the_file_alone(path, tmp_path) > 500


def test_the_commit_returns_before_its_checkpoint(
    entries: tuple[Path, sa.Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, engine = entries
    returned = threading.Event()
    waited: list[bool] = []
    checkpoint = Checkpoints._checkpoint

    def after_the_commit(self: Checkpoints) -> None:
        waited.append(returned.wait(timeout=5))
        checkpoint(self)

    monkeypatch.setattr(Checkpoints, "_checkpoint", after_the_commit)
    write(engine, EVERY - 1)
    assert waited == []
    write(engine, 1)
    returned.set()
    checkpoints_done()
    assert waited == [True]


def test_one_checkpoint_at_a_time_and_a_file_removed_is_never_made_again(tmp_path: Path) -> None:
    path = tmp_path / "gone.db"
    started: list[threading.Thread] = []
    release = threading.Event()
    counter = Checkpoints(path, every=2)
    checkpoint = Checkpoints._checkpoint

    class Counted(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    def slow(self: Checkpoints) -> None:
        release.wait(timeout=5)
        checkpoint(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Checkpoints, "_checkpoint", slow)
        patch.setattr(checkpoints.threading, "Thread", Counted)
        for _ in range(10):
            counter.committed()
        assert len(started) == 1  # the others found one running
        release.set()
        checkpoints_done()
        for _ in range(2):
            counter.committed()
        assert len(started) == 2  # the next, once the first had ended
        checkpoints_done()
    assert not path.exists()


def a_write_that_fails(engine: sa.Engine) -> None:
    with writing(engine) as connection:
        connection.exec_driver_sql("INSERT INTO entries DEFAULT VALUES")
        raise RuntimeError("the handler failed")


def test_only_a_write_that_commits_is_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read's commit appends nothing to the WAL and is not counted; a rolled-back write neither."""
    path = tmp_path / "sandbox.db"
    prepare_database(str(path))  # serve's own writes, the schema's, before the test counts
    counted: list[int] = []
    monkeypatch.setattr(Checkpoints, "committed", lambda self: counted.append(1))
    engine = create_engine(str(path))
    try:
        with writing(engine) as connection:
            connection.exec_driver_sql("CREATE TABLE entries (n INTEGER PRIMARY KEY)")
        with engine.begin() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM entries").scalar()
        with pytest.raises(RuntimeError):
            a_write_that_fails(engine)
        assert counted == [1]
    finally:
        engine.dispose()
