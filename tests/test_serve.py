"""The real server: ``booking-sandbox serve`` as a user (or the Dockerfile) runs it."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import faker
import pytest

from mockserver.integration.local_server import free_port, wait_until_up
from tests.commands import Commands, Started
from tests.conftest import START, occurrence
from tests.upgrades import UPGRADES, asked_to_upgrade

KEY = "sk_rsv_serve_test_0001"


def call(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {KEY}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


Process = Started | subprocess.Popen[str]


@contextmanager
def serving(*args: str, commands: Commands | None = None) -> Iterator[tuple[str, Process]]:
    """A real server whose sandboxes start at ``START`` (a later ``--start-at`` in ``args`` wins)."""
    port = free_port()
    with started("--port", str(port), "--start-at", START.isoformat(), *args, commands=commands) as process:
        wait_until_up(port, process=process)
        yield f"http://127.0.0.1:{port}", process


def _own_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}


STOPS_WHILE_STARTING = {
    "SIGTERM": (signal.SIGTERM, []),
    # As a script's ``&`` starts it (no job control): SIGINT ignored, which a new process inherits.
    "Ctrl-C, started with it ignored": (signal.SIGINT, ["sh", "-c", "trap '' INT; exec \"$@\"", "sh"]),
}
"""How a stop comes while a server starts: a process manager's SIGTERM; a Ctrl-C to a script
that started the server in the background."""


def stopped_while_starting(
    args: list[str], folder: Path, stop: str = "SIGTERM", when: Callable[[int], bool] | None = None
) -> tuple[int, str]:
    """``booking-sandbox ARGS`` in a new interpreter whose temporary files go to ``folder``, sent
    ``stop`` (of ``STOPS_WHILE_STARTING``) the moment ``when(pid)`` holds: by default, the moment
    its ``booking-sandbox-*`` folder appears (what it makes after that, imports and an app, holds
    the window open). Its exit code and what it said on stderr."""
    number, started_by = STOPS_WHILE_STARTING[stop]
    process = subprocess.Popen(
        [*started_by, sys.executable, "-m", "mockserver.cli", *args],
        env={**_own_environment(), "TMPDIR": str(folder)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = when or (lambda pid: any(folder.glob("booking-sandbox-*")))
    try:
        deadline = time.monotonic() + 30
        while not ready(process.pid):
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "never ready to be stopped"
            time.sleep(0.002)
        process.send_signal(number)
        _, errors = process.communicate(timeout=30)
    finally:
        process.kill()
    return process.returncode, errors


LOST_WHILE_STARTING = """
import signal, sys
from mockserver import cli
from mockserver.server import listener

class Dropped:
    def __del__(self) -> None:
        signal.raise_signal(signal.SIGTERM)

def listener_for(settings):
    Dropped()
    return bound(settings)

bound, listener.listener_for = listener.listener_for, listener_for
sys.exit(cli.main(sys.argv[1:]))
"""
"""A command whose SIGTERM comes inside a ``__del__`` as it binds its port: the interrupt its
handler raises there is swallowed, as in CI, where one landed in an import's module-lock callback."""


def stopped_where_lost(args: list[str], folder: Path) -> tuple[int, str]:
    """``booking-sandbox ARGS`` run as ``LOST_WHILE_STARTING`` has it stopped, with its temporary
    files in ``folder``: its exit code and what it said on stderr."""
    process = subprocess.run(
        [sys.executable, "-c", LOST_WHILE_STARTING, *args],
        check=False,
        env={**_own_environment(), "TMPDIR": str(folder)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=30,
    )
    return process.returncode, process.stderr


def rest_of(process: Process) -> str:
    """What ``process`` wrote after the lines ``announced`` read, to its end."""
    lines: queue.Queue[str | None] = process.announced_lines  # type: ignore[attr-defined]
    rest = []
    while (line := lines.get(timeout=30)) is not None:
        rest.append(line)
    return "".join(rest)


@contextmanager
def started(*args: str, commands: Commands | None = None) -> Iterator[Process]:
    """``serve`` with ``args`` (no ``BOOKING_SANDBOX_*`` of this process), waited for by no one:
    ``serving`` waits for its health, a test of the banner reads the port there. Forked from a
    process that imported it where ``commands`` is given (``tests/commands.py``), as most tests
    here are about what ``serve`` says and serves; else a new interpreter, for a test about the
    process itself (what it imports, its workers' replacements)."""
    process: Process
    if commands is not None:
        process = commands.start(
            ["serve", *args], env=_own_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
    else:
        process = subprocess.Popen(
            [sys.executable, "-m", "mockserver.cli", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=_own_environment(),
        )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def announced(process: Process, pattern: str, seconds: float = 30) -> re.Match[str]:
    """The next line of ``process``'s output that ``pattern`` matches, read by a thread of the
    process's own (a banner arrives at once, but nothing after it need), lines before it passed."""
    lines: queue.Queue[str | None] | None = getattr(process, "announced_lines", None)
    if lines is None:
        lines = queue.Queue()
        process.announced_lines = lines  # type: ignore[attr-defined]

        def read(into: queue.Queue[str | None]) -> None:
            for line in process.stdout or ():
                into.put(line)
            into.put(None)

        threading.Thread(target=read, args=(lines,), daemon=True).start()
    seen: list[str] = []
    while (line := lines.get(timeout=seconds)) is not None:
        seen.append(line)
        if found := re.search(pattern, line):
            return found
    raise AssertionError(f"no line like {pattern!r} in:\n{''.join(seen)[-3000:]}")


def test_port_0_serves_on_a_free_port_the_banner_names(commands: Commands) -> None:
    with started("--port", "0", "--workers", "1", commands=commands) as process:
        health = announced(process, r"health (http://127\.0\.0\.1:(\d+))/_sandbox/health$")
        assert health[2] != "0"
        wait_until_up(int(health[2]), process=process)  # the banner comes before the workers
        assert call(health[1], "GET", "/reservekit/v1/services/1")[0] == 200
        control = announced(
            process, r"control API at (http://127\.0\.0\.1:\d+)/_sandbox/  \(docs \1(/_sandbox/ui/)\)$"
        )
        assert control[1] == health[1]
        with urllib.request.urlopen(control[1] + control[2], timeout=10) as docs:
            assert docs.status == 200


def test_on_every_interface_the_banners_urls_name_the_loopback(commands: Commands) -> None:
    with started("--host", "0.0.0.0", "--port", "0", "--workers", "1", commands=commands) as process:
        health = announced(process, r"health (http://127\.0\.0\.1:(\d+))/_sandbox/health$")
        interfaces = announced(process, r"on every interface \(--host 0\.0\.0\.0\): from another machine")
        assert interfaces[0]
        wait_until_up(int(health[2]), process=process)
        assert call(health[1], "GET", "/reservekit/v1/services/1")[0] == 200


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_an_ipv6_host_is_written_in_brackets_in_the_banners_urls(commands: Commands) -> None:
    with started("--host", "::1", "--port", "0", "--workers", "1", commands=commands) as process:
        docs = announced(
            process, r"reservekit-v1 at (http://\[::1\]:(\d+))/reservekit/  \(docs \1/reservekit/ui/\)"
        )
        wait_until_up(int(docs[2]), process=process, host="::1")
        assert call(docs[1], "GET", "/reservekit/v1/services/1")[0] == 200


def test_two_workers_share_state_and_the_seed_is_printed(commands: Commands) -> None:
    page = "http://localhost:3000"
    with serving("--workers", "2", "--seed", "7", "--cors-origin", page, commands=commands) as (
        base,
        process,
    ):
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        status, created = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})
        assert status == 201
        booking_id = created["data"]["id"]
        # Connections are spread over both workers: every read must see the write.
        for _ in range(20):
            assert call(base, "GET", f"/reservekit/v1/bookings/{booking_id}")[0] == 200
        full = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})
        assert full == (400, {"data": None, "error": "time slot is full"})
        # Every worker keeps the settings: a browser's preflight is answered on each connection.
        for _ in range(6):
            asked = urllib.request.Request(
                base + "/reservekit/v1/bookings",
                method="OPTIONS",
                headers={"Origin": page, "Access-Control-Request-Method": "POST"},
            )
            with urllib.request.urlopen(asked, timeout=10) as answered:
                assert answered.headers["Access-Control-Allow-Origin"] == page
    output = process.stdout.read() if process.stdout else ""
    assert f"pages from {page} may call it from a browser (--cors-origin)" in output
    assert f"seed 7 (every new API key gets this world, its names by Faker {faker.VERSION};" in output
    assert "journal keeps a sandbox's newest 1000 entries within 4 MiB" in output
    assert "Warning" not in output  # no third-party deprecation noise at start-up


def test_kept_answers_verified_across_two_workers_differ_in_nothing(commands: Commands) -> None:
    with serving("--workers", "2", "--kept-answers", "verify", "--log-level", "debug", commands=commands) as (
        base,
        process,
    ):
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        booking_id = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})[1][
            "data"
        ]["id"]
        path = f"/reservekit/v1/bookings/{booking_id}"
        for message in ("first", "second"):
            assert call(base, "PATCH", path, {"message": message})[0] == 200
            # Polled over both workers: each answer the handler's, compared with what was kept.
            assert {call(base, "GET", path)[1]["data"]["message"] for _ in range(12)} == {message}
    output = process.stdout.read() if process.stdout else ""
    assert "booking-sandbox: kept answers verified: every read asked again is made anew" in output
    assert "differed" not in output
    # The server's own loggers print as uvicorn's do, down to the level asked for.
    verified = [line for line in output.splitlines() if "kept answer of get_booking verified" in line]
    assert verified, output[-2000:]
    assert all(line.startswith("DEBUG: ") for line in verified), verified


@pytest.mark.parametrize("upgrade", UPGRADES)
def test_a_request_asking_to_upgrade_is_served_as_the_plain_request_it_is(
    upgrade: str, commands: Commands
) -> None:
    """No API here speaks WebSocket: a GET asking to upgrade to it was a bare 403 (h2c's was
    served, with two warnings in the log for each request, one saying to install a library)."""
    with serving("--workers", "1", commands=commands) as (base, process):
        direct = call(base, "GET", "/reservekit/v1/services?page=1&page_size=2")
        url = f"{base}/reservekit/v1/services?page=1&page_size=2"
        assert asked_to_upgrade(url, upgrade, {"Authorization": f"Bearer {KEY}"}) == direct
    output = process.stdout.read() if process.stdout else ""
    assert "WARNING" not in output, output[-2000:]


def test_verify_where_nothing_is_kept_says_so(commands: Commands) -> None:
    with serving(
        "--workers", "1", "--kept-answers", "verify", "--evict-idle-after", "2h", commands=commands
    ) as (
        base,
        process,
    ):
        assert call(base, "GET", "/reservekit/v1/services")[0] == 200
    output = process.stdout.read() if process.stdout else ""
    assert "kept answers: none kept on PostgreSQL or with --evict-idle-after, so none verified" in output


def test_state_survives_a_restart_with_a_database_file(tmp_path: Path, commands: Commands) -> None:
    db = str(tmp_path / "sandbox.db")
    with serving("--workers", "1", "--db", db, commands=commands) as (base, _):
        slot = call(base, "GET", "/reservekit/v1/time-slots/1")[1]["data"]
        day = occurrence(slot["day_of_week"], 4).isoformat()
        booking_id = call(base, "POST", "/reservekit/v1/bookings", {"date": day, "time_slot_id": 1})[1][
            "data"
        ]["id"]
    with serving("--workers", "1", "--db", db, commands=commands) as (base, _):
        status, body = call(base, "GET", f"/reservekit/v1/bookings/{booking_id}")
        assert status == 200
        assert body["data"]["date"] == day


def test_root_mode_serves_vendor_paths_at_slash(commands: Commands) -> None:
    with serving("--workers", "1", "--api", "reservekit-v1", "--root", commands=commands) as (base, _):
        assert call(base, "GET", "/v1/services/1")[0] == 200
        assert call(base, "GET", "/reservekit/v1/services/1")[0] == 404


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--workers", "0"], "booking-sandbox: --workers must be from 1 to 64, not 0", 3),
        # A mistyped count: each worker a process, 999 of them forked until memory ran out.
        (["--workers", "999"], "--workers must be from 1 to 64, not 999", 3),
        (["--seed", "x"], "invalid int value", 4),  # argparse's: a usage error
        (["--port", "70000"], "--port must be from 0 to 65535, not 70000", 3),
        (["--start-at", "2027-01-04T09:00:00"], "--start-at '2027-01-04T09:00:00' needs a UTC offset", 3),
        (["--start-at", "next monday"], "--start-at 'next monday' is not an ISO 8601 instant", 3),
        # Named as typed, not as the setting's field (it said "journal_limit must be at least 1").
        (["--journal-limit", "0"], "--journal-limit must be at least 1, not 0", 3),
        (["--evict-idle-after", "30s"], "--evict-idle-after must be 0 (never) or between 1 minute", 3),
        (["--journal-max-bytes", "64 potatoes"], "--journal-max-bytes '64 potatoes' is not a size", 3),
        (
            ["--journal-max-bytes", "64KiB"],
            "--journal-max-bytes must be between 1MiB and 1TiB, not 65536 bytes",
            3,
        ),
    ],
)
def test_bad_serve_options_are_refused_before_starting(
    args: list[str], message: str, code: int, commands: Commands
) -> None:
    result = commands.run(["serve", *args], timeout=60)
    assert result.returncode == code
    assert message in result.stderr


@pytest.mark.parametrize(
    ("db", "said"),
    [
        ("mysql://u:secret@127.0.0.1/x", "mysql is not supported"),
        ("postgresql+psycopg2://u:secret@127.0.0.1/x", "write postgresql+psycopg://"),
        # SQLAlchemy reads an IPv6 host whose bracket is left open as a port: int()'s words.
        ("postgresql://u:secret@[::1/x", "cannot be read as a database URL (its port ':1' is no number)"),
        ("postgresql://u:secret@db:five/x", "(its port 'five' is no number): write postgresql+psycopg://"),
        (
            "postgresql+psycopg://u:secret@127.0.0.1:1/x",
            "cannot reach postgresql+psycopg://u:***@127.0.0.1:1/x",
        ),
        # libpq's other spelling, as a platform's DATABASE_URL gives it, is PostgreSQL.
        (
            "postgres://u:secret@127.0.0.1:1/x",
            "cannot reach postgres://u:***@127.0.0.1:1/x: connection failed",
        ),
    ],
)
def test_a_database_serve_cannot_use_is_refused_in_one_line_before_any_worker_starts(
    db: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from mockserver.cli import main  # noqa: PLC0415 (the other tests here run the real command)

    stop = signal.getsignal(signal.SIGTERM)
    assert main(["serve", "--db", db, "--port", str(free_port())]) == 3
    assert signal.getsignal(signal.SIGTERM) is stop, "a SIGTERM is this process's own again"
    error = capsys.readouterr().err
    assert said in error
    assert "secret" not in error, "a password is never printed"
    assert "Traceback" not in error


def refused_start(commands: Commands, *args: str) -> subprocess.CompletedProcess[str]:
    return commands.run(["serve", *args], env=_own_environment(), timeout=60)


def test_a_busy_port_is_one_line_with_the_fix_and_no_banner(tmp_path: Path, commands: Commands) -> None:
    with serving(commands=commands) as (base, _):
        port = base.rsplit(":", 1)[1]
        run = refused_start(commands, "--port", port, "--db", str(tmp_path / "second.db"))
    assert run.returncode == 3
    assert run.stdout == "", "the banner was printed for a server that never started"
    assert run.stderr.splitlines() == [
        f"booking-sandbox: 127.0.0.1:{port} is in use by another program: stop it, or pass another "
        "--port (e.g. --port 8001)"
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("--db", "postgresql+psycopg://bob:s3cret@127.0.0.1:1/sandbox"),
            "booking-sandbox: --db: cannot reach postgresql+psycopg://bob:***@127.0.0.1:1/sandbox",
        ),
        (("--db", "mysql://x@127.0.0.1/y"), "booking-sandbox: --db: "),
        (("--workers", "0"), "booking-sandbox: --workers must be from 1 to 64"),
        (("--host", "10.255.255.254"), "booking-sandbox: 10.255.255.254 is no address of this machine"),
    ],
    ids=["unreachable database", "unsupported database", "bad setting", "foreign host"],
)
def test_a_start_that_cannot_succeed_is_one_line_and_no_banner(
    args: tuple[str, ...], said: str, commands: Commands
) -> None:
    run = refused_start(commands, "--port", str(free_port()), *args)
    assert run.returncode == 3
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith(said), run.stderr
    assert "s3cret" not in run.stderr


@pytest.mark.parametrize(
    ("db", "said"),
    [
        (".", "it is a folder; give a file in it, e.g. --db {tmp}/sandbox.db"),
        ("no such folder/sandbox.db", "its folder {tmp}/no such folder does not exist"),
        ("noise.db", "it is not a SQLite database; give a new file name, or a file serve made"),
        ("notes.db", "it is not a SQLite database; give a new file name, or a file serve made"),
        ("theirs.db", "the database holds tables of another program (orders)"),
    ],
    ids=["folder", "missing folder", "random bytes", "text", "another program's"],
)
def test_a_sqlite_file_serve_cannot_use_is_one_line_and_left_as_it_was(
    tmp_path: Path, db: str, said: str, commands: Commands
) -> None:
    (tmp_path / "noise.db").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "notes.db").write_text("shopping: eggs\n")
    with sqlite3.connect(tmp_path / "theirs.db") as theirs:
        theirs.execute("CREATE TABLE orders (id INTEGER)")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    run = refused_start(commands, "--port", str(free_port()), "--db", str(tmp_path / db))
    assert run.returncode == 3, run.stderr
    assert run.stdout == "", "no banner"
    assert run.stderr.splitlines() == [
        f"booking-sandbox: --db: cannot use {tmp_path / db}: {said.format(tmp=tmp_path)}; check --db "
        "(or BOOKING_SANDBOX_DB)"
        if "another program" not in said
        else f"booking-sandbox: --db: {said}: give a new file or an empty database; check --db (or BOOKING_SANDBOX_DB)"
    ]
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before, "nothing made or changed"


def test_a_ctrl_c_while_it_reads_its_settings_interrupts_it_even_where_it_was_started_ignoring_it(
    tmp_path: Path,
) -> None:
    """A Ctrl-C before the temporary folder (here: while ``serve`` waits to read a ``--world``
    that is a pipe no one writes) was ignored, as the script's ``&`` had it, and the server then
    served on once it got past."""
    world = tmp_path / "world.fifo"
    os.mkfifo(world)
    code, errors = stopped_while_starting(
        ["serve", "--port", "0", "--world", str(world)],
        tmp_path,
        "Ctrl-C, started with it ignored",
        # Blocked opening the pipe (Linux's name for that wait).
        when=lambda pid: Path(f"/proc/{pid}/wchan").read_text() == "wait_for_partner",
    )
    assert code == 2, errors
    assert "booking-sandbox: interrupted" in errors
