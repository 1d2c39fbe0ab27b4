"""Shared fixtures: a fresh sandbox app per test, and clients holding API keys.

No test reads the wall clock: every sandbox's clock starts frozen at ``START``,
and tests move it (or start elsewhere) on purpose.
"""

from __future__ import annotations

import gc
import os
import resource
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio.to_thread
import pytest
import sqlalchemy as sa
from connexion import AsyncApp

from mockserver.integration.local_postgres import PostgresServer, PostgresUnavailable
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.generation import CLOCKS, Generation
from mockserver.storage.database.urls import database_url
from mockserver.storage.migrations import ensure_schema
from tests import twins
from tests.asgi_client import TestClient
from tests.commands import Commands

API_KEY = "sk_rsv_test_key_0001"
OTHER_KEY = "sk_rsv_test_key_0002"

# A Wednesday, 10:00 in New York and 07:00 in Los Angeles: the same date everywhere seeded.
START = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
TODAY = START.date()

# Instants where a calendar is most likely to break: a Sunday; a Saturday night that is
# Sunday eve elsewhere; New York's spring-forward and fall-back nights; New Year's Eve;
# a leap day; the two weeks before a northern autumn, a northern spring and a southern
# change (where dst-series once started tomorrow). Time-sensitive behaviour is checked at
# each, and the scenarios' property tests try them before the instants they draw.
AWKWARD_INSTANTS = (
    datetime(2026, 11, 22, 10, 0, tzinfo=UTC),
    datetime(2026, 11, 28, 22, 0, tzinfo=UTC),
    datetime(2027, 3, 14, 6, 30, tzinfo=UTC),
    datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
    datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
    datetime(2028, 3, 5, 12, 0, tzinfo=UTC),
    datetime(2031, 2, 28, 23, 59, 30, tzinfo=UTC),
    datetime(2027, 9, 25, 12, 0, tzinfo=UTC),  # Sydney moves its clocks on 3 October
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        twins.EVERY_TWIN,
        action="store_true",
        help="run every PostgreSQL twin, those another twin proves too (tests/twins/) among them",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The slow end-to-end runs first (order kept otherwise): started early on both workers,
    they no longer end the run alone while the other worker idles. The PostgreSQL twins another
    twin proves are left out (``tests/twins/``)."""
    twins.leave_out(config, items)
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None, "kit_passes" not in item.nodeid))


BOTH_BACKENDS = ("storage", "control", "apis", "seeding", "dashboard")
"""The suites (folders of tests/) that run once on SQLite and once on PostgreSQL: every test
in them that asks for a ``database`` (``settings``, ``app`` and the clients ask for one), but
one marked ``sqlite_only(why)``: where what a PostgreSQL twin would run is proven on it
already, or is decided before any storage is reached. Of the twins, those whose every statement
and PostgreSQL path another twin runs are left out (``tests/twins/``)."""


def pytest_collection_finish(session: pytest.Session) -> None:
    """The collector, tuned for a process that builds hundreds of apps: collections took a
    fifth of the control and lifecycle tests' time (47 of 235 s, 68 of them full ones, each
    walking every imported object). What the imports and the collection made is frozen out of
    it, and the youngest generation waits for 5,000 new objects rather than 700: 23 s, 13 full."""
    gc.freeze()
    gc.set_threshold(5000, 10, 10)


def _collect_past() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return 1024 if soft == resource.RLIM_INFINITY else soft // 2


COLLECT_PAST = _collect_past()
"""Open files past which a test's end collects what earlier tests left: an app lets go of its
files (its SQLite connections, its write gate's lock and its change counters' files) when the
collector finds it unreachable, and the collector waits long here (above). Workers held 300 to
500 files after a minute of tests; macOS gives a shell 256 and many Linux hosts 1,024."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        if len(os.listdir("/dev/fd")) > COLLECT_PAST:
            gc.collect()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if not {"database", "database_at_head"} & set(metafunc.fixturenames):
        return
    folder = metafunc.definition.path.relative_to(Path(__file__).parent).parts[0]
    if folder in BOTH_BACKENDS and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Which database the test's sandbox uses: SQLite, unless its suite runs on both."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def commands() -> Iterator[Commands]:
    """``booking-sandbox`` commands for this test process, each forked as a process of its own
    from one that imported the CLI once (``tests/commands.py``)."""
    forks = Commands()
    yield forks
    forks.close()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server per test process (each xdist worker has its own)."""
    server = PostgresServer()
    try:
        server.start()
    except PostgresUnavailable as unavailable:
        server.stop()
        pytest.skip(f"PostgreSQL tests skipped: {unavailable}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def drop_later(postgres: PostgresServer) -> Iterator[Callable[[str], None]]:
    """Drops a test's database beside the next tests, not before them: a DROP waits on the
    server's checkpoint, a tenth of a second a test. All are done (or raise) before the server
    stops."""
    dropped: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-database") as drops:

        def drop(url: str) -> None:
            # FORCE: an app the test made may still hold pooled connections.
            statement = f'DROP DATABASE "{sa.make_url(url).database}" WITH (FORCE)'
            dropped.append(drops.submit(postgres.execute, statement))

        yield drop
    for future in dropped:
        future.result()


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The test's own empty database: a SQLite file, or a new database on the session's server."""
    if backend == "sqlite":
        yield str(tmp_path / "sandbox.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    drop = request.getfixturevalue("drop_later")
    url = server.create_database()
    yield url
    drop(url)


@pytest.fixture(scope="session")
def sqlite_at_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the schema a server's first start makes, and nothing else."""
    path = tmp_path_factory.mktemp("at-head") / "sandbox.db"
    _make_schema(str(path))
    return path


@pytest.fixture(scope="session")
def postgres_at_head(postgres: PostgresServer) -> str:
    """The name of a PostgreSQL database with that schema, to copy (nobody connects to it)."""
    url = postgres.create_database(prefix="at_head")
    _make_schema(url)
    return str(sa.make_url(url).database)


@pytest.fixture
def pg_database(
    postgres: PostgresServer, postgres_at_head: str, drop_later: Callable[[str], None]
) -> Iterator[str]:
    """The test's own PostgreSQL database at the schema's head (with the bounded lock's
    function), copied from ``postgres_at_head`` and dropped beside the next tests."""
    url = postgres.create_database(template=postgres_at_head)
    yield url
    drop_later(url)


@pytest.fixture
def database_at_head(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The test's own database as a server's first start leaves it, copied from one made once:
    making the schema was a third of a PostgreSQL test's set-up. ``database`` is the empty one
    (the migration tests make the schema themselves)."""
    if backend == "sqlite":
        path = tmp_path / "sandbox.db"
        shutil.copyfile(request.getfixturevalue("sqlite_at_head"), path)
        yield str(path)
        return
    yield request.getfixturevalue("pg_database")


def _make_schema(db: str) -> None:
    engine = create_engine(db)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()


@pytest.fixture
def settings(database_at_head: str) -> Settings:
    return Settings.load({"db": database_at_head, "start_at": START, "frozen": True}, environ={})


@pytest.fixture
def app(settings: Settings) -> AsyncApp:
    return create_app(settings)


class BearerClient:
    """A test client that sends one bearer token to the paths below one API's prefix."""

    def __init__(self, client: TestClient, token: str | None, prefix: str) -> None:
        self.http = client
        self.prefix = prefix
        self.token = token
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.http.request(method, self.prefix + path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.request("DELETE", path, **kwargs)


class ApiClient(BearerClient):
    """A ReserveKit client holding one API key."""

    def __init__(self, client: TestClient, key: str | None) -> None:
        super().__init__(client, key, "/reservekit/v1")

    def book(self, slot_id: int = 1, weeks_ahead: int = 4, **fields: Any) -> Any:
        """Create a booking on a future occurrence of the slot; returns the response."""
        slot = self.get(f"/time-slots/{slot_id}").json()["data"]
        body = {"date": occurrence(slot["day_of_week"], weeks_ahead).isoformat(), "time_slot_id": slot_id}
        return self.post("/bookings", json={**body, **fields})


def monday_first(day_of_week: int) -> int:
    """Python's weekday (0 is Monday) of ReserveKit's ``day_of_week`` (0 is Sunday)."""
    return (day_of_week - 1) % 7


def occurrence(day_of_week: int, weeks_ahead: int) -> date:
    """A date on ReserveKit's ``day_of_week`` (0 is Sunday) at least ``weeks_ahead`` weeks away
    (well clear of time zones)."""
    start = TODAY + timedelta(days=7 * weeks_ahead)
    return start + timedelta(days=(monday_first(day_of_week) - start.weekday()) % 7)


@pytest.fixture
def http(app: AsyncApp) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def api(http: TestClient) -> ApiClient:
    return ApiClient(http, API_KEY)


@pytest.fixture
def other_api(http: TestClient) -> ApiClient:
    return ApiClient(http, OTHER_KEY)


@pytest.fixture
def anonymous(http: TestClient) -> ApiClient:
    return ApiClient(http, None)


class SandboxClocks:
    """Sets every sandbox's clock in the test's database directly, to any instant (even a past one)."""

    def __init__(self, db: str) -> None:
        self._db = db

    def shift(self, delta: timedelta) -> None:
        """Every clock frozen ``delta`` after the start instant."""
        self.freeze(START + delta)

    def freeze(self, at: datetime) -> None:
        self._set(offset_us=0, frozen_at=at.astimezone(UTC).replace(tzinfo=None))

    def _set(self, *, offset_us: int, frozen_at: datetime | None) -> None:
        engine = sa.create_engine(database_url(self._db))
        with engine.begin() as connection:
            # Bound as the column's type, as the store writes it: sqlite3's own datetime adapter
            # is deprecated since Python 3.12.
            frozen = sa.bindparam("frozen", type_=sa.DateTime())
            connection.execute(
                sa.text("UPDATE sandboxes SET clock_offset_us = :us, clock_frozen_at = :frozen").bindparams(
                    frozen
                ),
                {"us": offset_us, "frozen": frozen_at},
            )
        # As every change of a clock row does: the processes that keep clock rows read them again.
        Generation.beside(engine, CLOCKS).bump()
        engine.dispose()


@pytest.fixture
def clocks(settings: Settings) -> SandboxClocks:
    return SandboxClocks(settings.db)


class Control(BearerClient):
    """The control API, acting on the sandbox of whatever token it holds."""

    def __init__(self, client: TestClient, token: str) -> None:
        super().__init__(client, token, "/_sandbox")

    def ok(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        assert response.status_code in (200, 201), (response.status_code, response.text)
        return response.json()

    def advance(self, duration: str) -> dict[str, Any]:
        return self.ok("POST", "/clock/advance", json={"duration": duration})  # type: ignore[no-any-return]

    def set_clock(self, at: datetime) -> dict[str, Any]:
        return self.ok("POST", "/clock/set", json={"at": at.isoformat()})  # type: ignore[no-any-return]


@pytest.fixture
def control(http: TestClient) -> Any:
    def make(token: str) -> Control:
        return Control(http, token)

    return make


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions sent to anyio's threads from now on."""
    sent: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(function, "__qualname__", repr(function)))
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return sent


def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of its own, for tests that restart it: restarting the session's
    (``postgres``) would end every other test's sessions. Made a fixture where it is used, at
    the scope it needs."""
    try:
        started = PostgresServer().start()
    except PostgresUnavailable as error:
        pytest.skip(f"PostgreSQL cannot run here: {error}")
    yield started
    started.stop()
