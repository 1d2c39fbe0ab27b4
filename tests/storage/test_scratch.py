"""A temporary database's folder is never left by a stop that lands while it is made: the stop
waits until the folder's removal is arranged (``storage/database/scratch.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from mockserver.cli.exits import stops_as_interrupts
from mockserver.storage.database.scratch import (
    OWNER,
    PREFIX,
    held_while_serving,
    remove_abandoned,
    removed_with,
    stops_held,
    temporary_database,
)


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


def _held_by_a_child(folder: Path) -> int:
    """A forked process that locks ``folder`` as a server does, then waits to be killed."""
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        held_while_serving(folder)
        os.write(ready_write, b"x")
        time.sleep(60)
        os._exit(0)
    os.read(ready_read, 1)
    os.close(ready_read)
    os.close(ready_write)
    return pid


def test_a_folder_whose_server_was_killed_is_removed_and_no_other(tmp_path: Path) -> None:
    killed, running, unowned, ours = (tmp_path / f"{PREFIX}{name}" for name in ("a", "b", "c", "d"))
    for folder in (killed, running, unowned, ours):
        folder.mkdir()
        (folder / "sandbox.db").write_bytes(b"rows")
    dead, alive = _held_by_a_child(killed), _held_by_a_child(running)
    release = held_while_serving(ours)  # this process's own, through another open file
    try:
        os.kill(dead, signal.SIGKILL)
        os.waitpid(dead, 0)
        assert remove_abandoned(tmp_path) == [killed]
        assert not killed.exists()
        assert all((folder / "sandbox.db").exists() for folder in (running, unowned, ours))
        assert (ours / OWNER).exists()
    finally:
        os.kill(alive, signal.SIGKILL)
        os.waitpid(alive, 0)
        release()
    # Once released, a folder is abandoned like any other: serve removes its own as it ends.
    assert sorted(remove_abandoned(tmp_path)) == [running, ours]
    assert [folder.name for folder in tmp_path.iterdir()] == [unowned.name]


def test_a_folder_another_user_owns_or_a_link_is_never_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / f"{PREFIX}theirs"
    folder.mkdir()
    held_while_serving(folder)()  # made and released: abandoned, were it this user's
    (tmp_path / f"{PREFIX}link").symlink_to(folder)
    monkeypatch.setattr(os, "getuid", lambda: folder.stat().st_uid + 1)
    assert remove_abandoned(tmp_path) == []
    assert folder.exists()


SERVERS = {
    "serve": ["serve", "--port", "0", "--workers", "1"],
    "proxy": ["proxy", "--api", "reservekit-v1", "--upstream", "http://127.0.0.1:9", "--port", "0"],
}
"""The commands that keep a temporary database while they run (the proxy's is its journal's)."""


def _serving(tmp: Path, server: str) -> subprocess.Popen[bytes]:
    """``server`` with no ``--db`` in a new interpreter whose temporary files go to ``tmp``
    (a forked one would keep its parent's temporary directory)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    return subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", *SERVERS[server]],
        env={**environment, "TMPDIR": str(tmp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _owned(tmp: Path, besides: frozenset[Path] = frozenset()) -> set[Path]:
    """The folders under ``tmp`` a server holds, once one not in ``besides`` is among them."""
    deadline = time.monotonic() + 30
    while not (owned := {owner.parent for owner in tmp.glob(f"{PREFIX}*/{OWNER}")}) - besides:
        assert time.monotonic() < deadline, owned
        time.sleep(0.01)
    return owned


@pytest.mark.parametrize("server", SERVERS)
def test_a_server_removes_what_one_killed_outright_left_and_its_own_as_it_ends(
    server: str, tmp_path: Path
) -> None:
    """(Each ``kill -9`` of a server left its folder in /tmp, its journal 16 MB after a kit run.)"""
    first = _serving(tmp_path, server)
    try:
        (left,) = _owned(tmp_path)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    assert left.exists()
    second = _serving(tmp_path, server)
    try:
        # It removes what is abandoned before it makes its own folder.
        assert _owned(tmp_path, besides=frozenset({left})) != {left}
        assert not left.exists()
    finally:
        second.terminate()
        second.wait(timeout=30)
    assert list(tmp_path.iterdir()) == []
