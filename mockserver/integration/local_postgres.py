"""A throwaway PostgreSQL server on this machine for the tests and benchmarks, from Debian's package.

``./dev test`` installs the package where it is missing. pytest-postgresql would manage the
server, but it runs ``pg_ctl`` as the current user, and PostgreSQL refuses to run as root,
which CI is: here the server runs as the package's ``postgres`` user when root starts it.
Each server lives in a directory of its own (data, socket, log), listens on a free loopback
port and trades durability for speed (no fsync): a test database is thrown away.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from mockserver.integration.local_server import free_port

PACKAGE_BINARIES = Path("/usr/lib/postgresql")
CONNECTIONS = 500
"""Enough for several servers of several workers, each with a pool (``POSTGRES_POOL_SIZE``)."""


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why."""


def binaries() -> Path:
    """The directory holding ``initdb`` and ``postgres``, newest major version first."""
    if PACKAGE_BINARIES.is_dir():
        for version in sorted(PACKAGE_BINARIES.iterdir(), key=lambda p: _major(p.name), reverse=True):
            if (version / "bin" / "postgres").exists():
                return version / "bin"
    found = shutil.which("postgres")
    if found:
        return Path(found).resolve().parent
    raise PostgresUnavailable(
        "no PostgreSQL server is installed (Debian's postgresql package; ./dev test installs it)"
    )


def _major(name: str) -> int:
    return int(name) if name.isdigit() else -1


RAM_FOLDER = Path("/dev/shm")
RAM_NEEDED = 2 * 1024**3
"""Room the server's files need on the RAM folder, or it stays on disk: each database made
and dropped is a copy of ``template1`` (about 8 MB) on the way."""


def _in_memory() -> str | None:
    """Linux's RAM-backed folder, where it has room; ``None`` (the temporary directory) else.

    The server's every ``CREATE DATABASE`` writes a copy of its template: on a virtual disk
    that took 60 to 150 ms, varying from minute to minute, against a steady 50 ms in memory.
    A container's ``/dev/shm`` is often 64 MB: too small, and the disk is used.
    """
    try:
        roomy = shutil.disk_usage(RAM_FOLDER).free >= RAM_NEEDED and os.access(RAM_FOLDER, os.W_OK)
    except OSError:
        return None
    return str(RAM_FOLDER) if roomy else None


class PostgresServer:
    """One throwaway server. ``start`` and ``stop``; ``url(name)`` for a database on it."""

    def __init__(self, root: Path | None = None) -> None:
        # Its own directory straight under the temporary directory: the postgres user must be
        # able to reach it, and a test's or a root-owned temporary folder is closed to others.
        self.root = root or Path(tempfile.mkdtemp(prefix="booking-sandbox-pg-", dir=_in_memory()))
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._created = 0
        self._admin: sa.Engine | None = None

    def start(self) -> PostgresServer:
        bin_dir = binaries()
        user = _server_user()
        self.root.mkdir(parents=True, exist_ok=True)
        if user is not None:
            shutil.chown(self.root, user.pw_uid, user.pw_gid)
        data = self.root / "data"
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
        self._run(user, [*initdb, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        self.port = free_port()
        self._launch()
        return self

    def restart(self) -> None:
        """Stops the server (as ``pg_ctl restart -m fast`` does: every session ends) and starts it
        again on the same data and port."""
        self._halt()
        self._launch()

    def _launch(self) -> None:
        bin_dir, user, data = binaries(), _server_user(), self.root / "data"
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
            "max_connections": str(CONNECTIONS),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        command = [str(bin_dir / "postgres"), "-D", str(data), "-p", str(self.port)]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        log = (self.root / "server.log").open("ab")
        uid, gid = _ids(user)
        self._process = subprocess.Popen(command, stdout=log, stderr=log, user=uid, group=gid)
        self._wait()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "sandbox", template: str | None = None) -> str:
        """A new database, empty or a copy of ``template`` (a database nobody is connected to);
        its URL."""
        self._created += 1
        name = f"{prefix}_{os.getpid()}_{self._created}"
        # FILE_COPY copies the template's files; WAL_LOG, the default, writes each page to the
        # log as well (40 made and dropped: 0.39-0.42 s of the server's CPU against 0.45-0.53).
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def execute(self, statement: str) -> None:
        """One statement outside a transaction (``CREATE DATABASE``, ``DROP DATABASE``), on a
        connection kept for the next: a new engine's first connection costs the server a
        backend and SQLAlchemy's dialect set-up queries, 25 ms of its CPU each (a test's
        database made and dropped so: 65 ms of it, against 11 ms kept). Its pool gives each
        thread a connection of its own; ``restart`` and ``stop`` end its connections with the
        server's (no pre-ping, whose wait on the socket failed past descriptor 1,024)."""
        if self._admin is None:
            self._admin = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with self._admin.connect() as connection:
            connection.exec_driver_sql(statement)

    def stop(self) -> None:
        self._halt()
        shutil.rmtree(self.root, ignore_errors=True)

    def _halt(self) -> None:
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if self._process is not None:
            # SIGINT is PostgreSQL's fast shutdown (pg_ctl -m fast): sessions are ended, not
            # waited for as SIGTERM's smart shutdown would, while kept connections stay open.
            self._process.send_signal(signal.SIGINT)
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def _wait(self, deadline_s: float = 30) -> None:
        started = time.monotonic()
        engine = sa.create_engine(self.url(), poolclass=sa.NullPool)
        try:
            while time.monotonic() - started < deadline_s:
                assert self._process is not None
                if self._process.poll() is not None:
                    raise PostgresUnavailable(f"postgres exited: {self._log_tail()}")
                try:
                    with engine.connect():
                        return
                except sa.exc.OperationalError:
                    time.sleep(0.05)
        finally:
            engine.dispose()
        raise PostgresUnavailable(f"postgres did not answer within {deadline_s:g} s: {self._log_tail()}")

    def _run(self, user: pwd.struct_passwd | None, command: list[str]) -> None:
        uid, gid = _ids(user)
        done = subprocess.run(command, capture_output=True, check=False, user=uid, group=gid)
        if done.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(command[0]).name} failed: {done.stderr.decode(errors='replace')}"
            )

    def _log_tail(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: ourselves, or (as root, which PostgreSQL refuses) ``postgres``."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable(
            "running as root, and there is no postgres user to run the server as"
        ) from None


def _ids(user: pwd.struct_passwd | None) -> tuple[int | None, int | None]:
    """``subprocess``'s ``user`` and ``group``: ``None`` runs as ourselves."""
    return (None, None) if user is None else (user.pw_uid, user.pw_gid)
