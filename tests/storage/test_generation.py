"""The shared change counter behind each process's cache of fault rules."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.generation import Generation


def test_a_bump_through_one_handle_is_seen_through_another(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "s.db"))
    writer, reader = Generation.beside(engine, "faults"), Generation.beside(engine, "faults")
    before = reader.current()
    assert before is not None
    writer.bump()
    assert reader.current() != before
    assert (tmp_path / "s.db-faults").exists()


def test_without_a_local_database_file_there_is_no_counter_to_trust() -> None:
    generation = Generation.beside(sa.create_engine("sqlite://"), "faults")
    generation.bump()
    assert generation.current() is None, "callers then reload every time"


def test_a_counter_file_deleted_under_a_reader_is_found_again(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "s.db"))
    writer, reader = Generation.beside(engine, "faults"), Generation.beside(engine, "faults")
    writer.bump()
    kept = reader.current()
    (tmp_path / "s.db-faults").unlink()
    writer.bump()  # makes a new file, one byte long
    writer.bump()
    assert reader.current() == 2 != kept, "the reader follows the new file, not the deleted one"
