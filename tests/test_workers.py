"""``serve``'s processes: a primary that imports, forks the other workers and serves beside them;
a worker that dies is replaced, and all stop together."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from mockserver.cli.exits import INTERRUPTED
from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.server import workers
from mockserver.server.listener import listener_for
from mockserver.server.settings import Settings
from mockserver.server.uvicorn_config import uvicorn_config
from mockserver.server.workers import BOOT_FAILED, REPLACEMENT, YOUNG_COLLECTION_AFTER, Family
from tests.conftest import START, occurrence
from tests.test_serve import STOPS_WHILE_STARTING, call, serving, stopped_where_lost, stopped_while_starting

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads Linux's /proc")


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, each read from its own ``stat``. (The kernel's
    ``task/*/children`` lists are not reliable while the process runs: one once missed a
    replacement worker a moment after listing it.)"""
    found: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while the list was read
        # ``pid (name) state ppid ...``: the name may hold spaces and parentheses.
        if int(text.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(text.split(" ", 1)[0]))
    return found


def shared_anonymous_kb(pid: int) -> int:
    """Written memory this process shares with another: after a fork, the parent's pages that
    neither has written since. A spawned interpreter shares none (only files, clean)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Shared_Dirty:"):
            return int(line.split()[1])
    raise AssertionError("no Shared_Dirty line")


def alive(pid: int) -> bool:
    """Running, not a zombie its parent has yet to reap."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False


def has_open(pid: int, name: str) -> bool:
    try:
        return any(os.readlink(fd).endswith(name) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.05)
    raise AssertionError("not within the time allowed")


def test_the_serve_process_is_a_worker_and_shares_the_imported_code_with_the_others() -> None:
    with serving("--workers", "3") as (base, process):
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 200
        # Two forked beside the primary, and no process that only supervises.
        workers = children(process.pid)
        assert len(workers) == 2
        for worker in workers:
            # SQLAlchemy, Connexion, Faker and the handlers, imported once: tens of MB each
            # worker would otherwise hold alone (measured about 30 MB after serving).
            assert shared_anonymous_kb(worker) > 10_000
    with serving("--workers", "1") as (base, process):
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 200
        assert children(process.pid) == set()


def one_worker(process: subprocess.Popen[str]) -> int:
    """The primary's one secondary; else the test fails with what the server said. Under a
    loaded CI run a scan of ``/proc`` has twice found the replacement and the next scan none,
    while the server's log says no worker ended: a scan of ``/proc`` can skip a process while
    others start and end. So the scan is asked again for a few seconds before the test fails."""
    deadline = time.monotonic() + 10
    found = children(process.pid)
    while len(found) != 1 and time.monotonic() < deadline:
        time.sleep(0.05)
        found = children(process.pid)
    if len(found) != 1:
        process.terminate()
        said = process.communicate(timeout=30)[0]
        pytest.fail(f"{len(found)} workers beside the primary; the server said:\n{said[-4000:]}")
    return found.pop()


def test_a_worker_that_dies_is_replaced_and_state_is_kept() -> None:
    with serving("--workers", "2") as (base, process):
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        status, created = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})
        assert status == 201, created
        (victim,) = children(process.pid)
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(children(process.pid)) == 1 and victim not in children(process.pid))
        replacement = one_worker(process)
        # A new interpreter, on the same socket, with its own app (and so its own connection).
        wait_for(lambda: has_open(replacement, "sandbox.db"))
        for _ in range(10):
            status, found = call(base, "GET", f"/reservekit/v1/bookings/{created['data']['id']}")
            assert (status, found["data"]["date"]) == (200, day)
    output = process.stdout.read() if process.stdout else ""
    # Said as uvicorn says its own (the server's loggers were printed bare, whatever the level).
    assert f"WARNING:  worker {victim} ended (exit status -9): starting another" in output, output[-2000:]


def test_stopping_the_server_stops_every_worker_and_writes_nothing_but_its_cache(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOKING_SANDBOX_", "XDG_"))}
    env["HOME"] = str(tmp_path)
    command = ["serve", "--port", str(port), "--workers", "2", "--start-at", START.isoformat()]
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", *command, "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until_up(port, process=process)
        workers = children(process.pid)
        assert len(workers) == 1
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    assert not [worker for worker in workers if Path(f"/proc/{worker}").exists()]
    # The one thing written under $HOME is the documented cache: a marker per spec found valid.
    written = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file())
    assert written, "the specs' validity was remembered in the cache"
    assert all(name.startswith(".cache/booking-sandbox/valid-specs/") for name in written), written


def test_workers_stop_when_the_primary_is_killed(tmp_path: Path) -> None:
    # A database of the test's own: a primary killed leaves its temporary one behind in /tmp.
    with serving("--workers", "3", "--db", str(tmp_path / "sandbox.db")) as (base, process):
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 200
        workers = children(process.pid)
        process.kill()
        process.wait(timeout=10)
        # Orphans would hold the port and the database for ever: each notices within a second.
        wait_for(lambda: not [worker for worker in workers if alive(worker)], seconds=10)


PARENT = """
import os, subprocess, sys
from mockserver.integration.local_server import wait_until_up
port = int(sys.argv[1])
command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--workers", "2"]
command += ["--exit-with-parent", str(os.getpid())]
server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_until_up(port, process=server)
from tests.test_workers import children
print(server.pid, *children(server.pid), flush=True)
os._exit(9)  # as a pytest killed by its CI's timeout, or crashed: nothing stops the server
"""


def test_a_server_given_its_parent_stops_with_every_worker_when_the_parent_dies(tmp_path: Path) -> None:
    """The pytest plugin's server outlived a pytest killed or crashed (kill -9, pytest-timeout's
    os._exit, an xdist worker lost): each holding a port, a database and a hundred MB, for ever."""
    port = free_port()
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, str(port)], capture_output=True, text=True, timeout=60, check=False
    )
    assert parent.returncode == 9, parent.stderr
    primary, *workers = map(int, parent.stdout.split())
    assert len(workers) == 1, parent.stdout
    wait_for(lambda: not alive(primary) and not [worker for worker in workers if alive(worker)], seconds=10)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port is still served"


def test_a_stop_during_start_up_leaves_no_process_behind() -> None:
    port = free_port()
    command = ["serve", "--port", str(port), "--workers", "2", "--start-at", START.isoformat()]
    process = subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", *command, "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # As soon as the second worker exists: both are still building their apps.
        wait_for(lambda: bool(children(process.pid)), seconds=30)
        workers = children(process.pid)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    wait_for(lambda: not [worker for worker in workers if alive(worker)], seconds=5)


@pytest.mark.parametrize("stop", STOPS_WHILE_STARTING)
def test_a_stop_while_it_starts_interrupts_it_and_leaves_no_temporary_database(
    stop: str, tmp_path: Path
) -> None:
    """A SIGTERM sent before the workers' handlers are set (a process manager's, a test's) ended
    the process where it stood, its temporary database left in /tmp. A Ctrl-C to a server started
    with SIGINT ignored was lost, and the server served on."""
    code, errors = stopped_while_starting(["serve", "--port", "0"], tmp_path, stop)
    assert code == INTERRUPTED, errors
    assert "booking-sandbox: interrupted" in errors
    assert list(tmp_path.iterdir()) == []


def test_a_stop_whose_interrupt_python_swallowed_still_stops_it(tmp_path: Path) -> None:
    """In CI a SIGTERM sent while ``serve`` started landed in an import's module-lock callback,
    where Python swallows the interrupt its handler raises: the server served on, and the test
    waiting for it to end timed out. The workers' handlers now raise it once they are set."""
    code, errors = stopped_where_lost(["serve", "--port", "0"], tmp_path)
    assert "Exception ignored in" in errors, errors  # lost where CI lost it
    assert "KeyboardInterrupt" in errors
    assert code == INTERRUPTED, errors
    assert "booking-sandbox: interrupted" in errors
    assert list(tmp_path.iterdir()) == []


def reaped(family: Family) -> bool:
    family.look_after()
    return not family.pids


def _ended_with(code: int) -> int:
    # The child only exits: none of the locks another thread may hold is ever taken in it, the
    # deadlock Python 3.12+ warns of when a multi-threaded process (a test worker) forks.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os._exit(code)
    return pid


def test_a_worker_that_could_not_start_stops_the_server_instead_of_being_replaced() -> None:
    family = Family(Settings(), listener=None)  # type: ignore[arg-type]
    family.pids = {_ended_with(BOOT_FAILED)}
    wait_for(lambda: reaped(family))
    assert (family.failed, family.stopping) == (True, True)


def test_a_worker_that_ended_otherwise_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    family = Family(Settings(), listener=None)  # type: ignore[arg-type]
    replaced: list[bool] = []
    monkeypatch.setattr(family, "replace", lambda: replaced.append(True))
    family.pids = {_ended_with(1)}
    wait_for(lambda: reaped(family))
    assert (replaced, family.failed, family.stopping) == ([True], False, False)
    # Once the server is stopping, an ending worker is only reaped.
    family.stopping = True
    family.pids = {_ended_with(1)}
    wait_for(lambda: reaped(family))
    assert replaced == [True]


def test_a_process_closes_its_server_once_it_has_served_however_that_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The primary removes a temporary database after ``serve`` returns; the server's own
    threads (its webhook dispatcher) must have ended by then (``tests/test_app.py``)."""
    closed: list[bool] = []

    class Built:
        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(workers, "create_server", lambda settings: Built())
    monkeypatch.setattr(workers, "settle_collector", lambda: None)
    with pytest.raises(OSError, match="could not serve"), workers._built(Settings()):
        raise OSError("could not serve")
    assert closed == [True]


@pytest.mark.parametrize(
    ("host", "family"), [("127.0.0.1", socket.AF_INET), ("0.0.0.0", socket.AF_INET), ("::1", socket.AF_INET6)]
)
def test_the_listening_socket_comes_from_the_settings_and_reaches_a_replacement(
    host: str, family: socket.AddressFamily
) -> None:
    port = free_port()
    with listener_for(Settings(host=host, port=port)) as listener:
        assert listener.family == family
        assert listener.getsockname()[1] == port
        assert listener.get_inheritable()


def test_requests_are_logged_at_debug_only() -> None:
    assert uvicorn_config(Settings(log_level="debug"), app=None).access_log is True
    assert uvicorn_config(Settings(log_level="info"), app=None).access_log is False


def test_a_port_in_use_is_refused_in_one_line_before_any_worker_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = ["serve", "--port", str(port), "--workers", "2", "--log-level", "warning"]
        finished = subprocess.run(
            [sys.executable, "-m", "mockserver.cli", *command],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    # Bound by serve itself before its banner or any fork: one line naming the fix, exit 3.
    assert finished.returncode == 3
    assert finished.stdout == ""
    assert finished.stderr.strip().splitlines() == [
        f"booking-sandbox: 127.0.0.1:{port} is in use by another program: stop it, or pass another "
        "--port (e.g. --port 8001)"
    ]


def test_a_replacement_that_cannot_import_ends_as_one_that_could_not_start(tmp_path: Path) -> None:
    broken = tmp_path / "mockserver"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise ImportError('changed on disk under a running server')\n")
    finished = subprocess.run(
        [sys.executable, "-P", "-c", REPLACEMENT, "0", str(os.getpid())],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == BOOT_FAILED
    assert "changed on disk under a running server" in finished.stderr


def test_a_workers_app_is_frozen_once_built_and_young_objects_wait_longer_for_a_collection(
    tmp_path: Path,
) -> None:
    # A process of its own: the collector's settings are the whole process's.
    program = f"""
import gc, json
from mockserver.server.settings import Settings
from mockserver.server import workers
before = len(gc.get_objects())
with workers._built(Settings.load({{"db": {str(tmp_path / "sandbox.db")!r}}}, environ={{}})):
    print(json.dumps([before, len(gc.get_objects()), gc.get_freeze_count(), gc.get_threshold()[0]]))
"""
    ran = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 0, ran.stderr
    imported, walked, frozen, young = json.loads(ran.stdout.splitlines()[-1])
    # Everything imported and built is out of the collector's walks (tens of thousands of
    # objects); what is left is what the freeze's own call made.
    assert frozen > imported > 10_000
    assert walked < 100
    assert young == YOUNG_COLLECTION_AFTER > 700


@pytest.mark.parametrize("primary", [True, False], ids=["primary", "secondary"])
def test_a_stop_while_a_server_closes_cuts_its_sends_and_the_primary_passes_the_cut_on(
    primary: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A primary cuts on either stop and sends its secondaries SIGINT; a secondary cuts on SIGINT
    alone, since its primary's one stop sends it SIGTERM more than once (a cut would then have
    ended the sends of a server stopped once). ``tests/test_app.py`` cuts a real send."""
    events: list[str] = []

    class Built:
        def cut(self) -> None:
            events.append("cut")

        def close(self) -> None:
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.raise_signal(number)

    secondaries = Family(Settings(), listener=None)  # type: ignore[arg-type]
    monkeypatch.setattr(secondaries, "signal", lambda number: events.append(f"passed on {number.name}"))
    monkeypatch.setattr(workers, "create_server", lambda settings: Built())
    monkeypatch.setattr(workers, "settle_collector", lambda: None)
    # This process's own handlers, before and after: what _built does not take is left to them.
    before = {number: signal.getsignal(number) for number in workers.STOP_SIGNALS}
    try:
        for number in workers.STOP_SIGNALS:
            signal.signal(number, lambda number, frame: events.append(f"left {signal.Signals(number).name}"))
        with workers._built(Settings(), secondaries if primary else None):
            pass
        signal.raise_signal(signal.SIGINT)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
    if primary:
        assert events == ["cut", "passed on SIGINT", "cut", "passed on SIGINT", "left SIGINT"]
    else:
        assert events == ["left SIGTERM", "cut", "left SIGINT"]
