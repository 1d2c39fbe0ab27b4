"""A temporary database's folder is never left by a stop that lands while it is made: the stop
waits until the folder's removal is arranged (``storage/database/scratch.py``)."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from pathlib import Path

import pytest

from mockserver.cli.exits import stops_as_interrupts
from mockserver.storage.database.scratch import stops_held, temporary_database


@pytest.fixture
def stopped_as_it_is_made(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``mkdtemp`` under ``tmp_path`` that sends this process SIGTERM once the folder exists:
    the moment a stop used to leave it behind."""
    made = tempfile.mkdtemp

    def made_then_stopped(prefix: str) -> str:
        folder = made(prefix=prefix, dir=tmp_path)
        os.kill(os.getpid(), signal.SIGTERM)
        return folder

    monkeypatch.setattr(tempfile, "mkdtemp", made_then_stopped)


@pytest.mark.usefixtures("stopped_as_it_is_made")
def test_a_stop_while_the_folder_is_made_arrives_once_its_removal_is_arranged(tmp_path: Path) -> None:
    arranged: list[Path] = []
    with stops_as_interrupts(), pytest.raises(KeyboardInterrupt):
        temporary_database(arranged.append)
    # The interrupt came, and after the caller had the folder to remove.
    (folder,) = tmp_path.glob("booking-sandbox-*")
    assert arranged == [folder]


def test_the_database_is_a_file_not_yet_made_in_a_new_private_folder(tmp_path: Path) -> None:
    arranged: list[Path] = []
    db = Path(temporary_database(arranged.append))
    try:
        assert db.name == "sandbox.db"
        assert not db.exists()
        assert arranged == [db.parent]
        assert db.parent.name.startswith("booking-sandbox-")
        assert db.parent.stat().st_mode & 0o777 == 0o700
    finally:
        db.parent.rmdir()


def test_stops_held_puts_the_mask_back() -> None:
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    with stops_held():
        held = signal.pthread_sigmask(signal.SIG_BLOCK, set())
    assert held - before == {signal.SIGINT, signal.SIGTERM} - before
    assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == before


def test_another_thread_holds_nothing() -> None:
    """Python's handlers run in the main thread alone: another thread's mask would hold nothing."""
    masks: list[set[int | signal.Signals]] = []

    def in_another_thread() -> None:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, set())
        with stops_held():
            masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, set()) - before)

    worker = threading.Thread(target=in_another_thread)
    worker.start()
    worker.join()
    assert masks == [set()]
