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
from mockserver.storage.database.scratch import removed_with, stops_held, temporary_database


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
    # Beside another thread, as in a test worker: the kernel may hand it the signal instead.
    done = threading.Event()
    beside = threading.Thread(target=done.wait)
    beside.start()
    try:
        with stops_as_interrupts(), pytest.raises(KeyboardInterrupt):
            temporary_database(arranged.append)
    finally:
        done.set()
        beside.join()
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


def test_stops_held_puts_the_handlers_back_and_runs_them_for_what_came() -> None:
    ran: list[int] = []
    before = signal.signal(signal.SIGINT, lambda number, _: ran.append(number))
    try:
        with stops_held():
            os.kill(os.getpid(), signal.SIGINT)
            assert ran == []
        assert ran == [signal.SIGINT]
        assert signal.getsignal(signal.SIGTERM) is not None
    finally:
        signal.signal(signal.SIGINT, before)


def test_another_thread_holds_nothing_and_changes_no_handler() -> None:
    """Only the main thread may set handlers, and only it is interrupted by them."""
    seen: list[object] = []

    def in_another_thread() -> None:
        with stops_held():
            seen.extend(signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM))

    before = [signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)]
    worker = threading.Thread(target=in_another_thread)
    worker.start()
    worker.join()
    assert seen == before


def test_removed_with_an_owner_the_folder_goes_when_the_owner_does(tmp_path: Path) -> None:
    class Owner:
        pass

    owner, folder = Owner(), tmp_path / "booking-sandbox-owned"
    folder.mkdir()
    (folder / "sandbox.db").write_bytes(b"")
    removed_with(owner)(folder)
    assert folder.exists()
    del owner
    assert not folder.exists()
