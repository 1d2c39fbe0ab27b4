"""A request's first read (``tenancy/first_reads.py``): on PostgreSQL its tenant's clock row and
whether its sandbox has fault rules, in one statement that its handler and its journal entry use;
and the round trips of a GET, all told."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.control import schema as c
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.apis.merchant.conftest import DEEP_TISSUE, Calendar, stamp
from tests.asgi_client import TestClient
from tests.conftest import START
from tests.storage.test_sandboxes import API, make_store

KEY = "sk_rsv_first_reads"


def clock_of_a_read(store: SandboxStore, key: str = KEY) -> Any:
    with store.open(API, key, write=False) as sandbox:
        return sandbox.clock.now()


def move_clock(store: SandboxStore, key: str, by: timedelta) -> None:
    shared = t.sandboxes.c
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(t.sandboxes)
            .where(shared.key_hash == sandbox_hash(key))
            .values(clock_offset_us=shared.clock_offset_us + by // timedelta(microseconds=1))
        )


def test_a_read_opens_with_the_clock_row_its_request_read_first_once(pg_database: str) -> None:
    store = make_store(pg_database)
    before = clock_of_a_read(store)  # the tenant made, known to the store
    first = store.first_reads.read(API, KEY)
    assert first is not None
    assert not first.faulted
    move_clock(store, KEY, timedelta(days=3))  # another request's change, after the first read
    kept = store.first_reads.keep(first)
    assert clock_of_a_read(store) == before, "the handler's read takes the row read first"
    assert clock_of_a_read(store) == before + timedelta(days=3), "once: a second read reads again"
    store.first_reads.release(kept)
    other = store.first_reads.read(API, KEY)
    kept = store.first_reads.keep(other)
    assert clock_of_a_read(store, "sk_rsv_another_key") == before, "another key's read reads its own"
    store.first_reads.release(kept)  # untaken
    move_clock(store, KEY, timedelta(days=1))
    assert clock_of_a_read(store) == before + timedelta(days=4), "released: the next read reads its own"
    store.dispose()


def stored(store: SandboxStore, table: sa.Table, **values: Any) -> None:
    """A row of ``KEY``'s sandbox in a control table (a fault rule, a webhook endpoint)."""
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(table).values(
                sandbox_hash=sandbox_hash(KEY), created_at=START.replace(tzinfo=None), **values
            )
        )


def test_the_first_read_says_whether_the_sandbox_has_fault_rules_or_webhooks(pg_database: str) -> None:
    store = make_store(pg_database)
    clock_of_a_read(store)
    assert store.first_reads.read("merchant", KEY) is None, "a tenant this process has not seen: nothing read"
    first = store.first_reads.read(API, KEY)
    assert first is not None
    assert not first.faulted
    stored(store, c.fault_rules, path="/v1/services", kind="error", probability=1.0, params={"status": 503})
    again = store.first_reads.read(API, KEY)
    assert again is not None
    assert again.faulted
    assert not again.hooked
    stored(
        store, c.webhooks, url="https://hooks.example.com/in", events=["booking.created"], secret="whsec_x"
    )
    hooked = store.first_reads.read(API, KEY)
    assert hooked is not None
    assert hooked.hooked, "an endpoint is seen by the first read"
    kept = store.first_reads.keep(hooked)
    assert store.first_reads.hooked(sandbox_hash(KEY)) is True
    assert store.first_reads.hooked(sandbox_hash("sk_rsv_another_key")) is None, "another sandbox: unknown"
    store.first_reads.release(kept)
    assert store.first_reads.hooked(sandbox_hash(KEY)) is None, "no request: unknown"
    with store.engine.begin() as connection:
        # As another process's eviction leaves it: its tenant gone, the number maybe another's.
        gone = t.tenants.c.key_hash == again.fingerprint
        connection.execute(sa.update(t.tenants).where(gone).values(key_hash="evicted"))
    evicted = store.first_reads.read(API, KEY)
    assert evicted is not None
    assert evicted.row is None
    assert evicted.faulted, "read as before: no row to go on"
    store.dispose()


def test_sqlite_reads_nothing_first(tmp_path: Path) -> None:
    store = make_store(str(tmp_path / "sandbox.db"))
    clock_of_a_read(store)
    assert store.first_reads.read(API, KEY) is None, "its clock rows and fault rules are kept per process"
    store.dispose()


@contextmanager
def every_round_trip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Callable[[], AbstractContextManager[list[str]]]]:
    """``window()`` yields the times a server said it was ready for the next query, on every
    psycopg connection of the process, while its block runs (libpq's trace): once a round trip."""
    made: list[psycopg.Connection[Any]] = []
    connect = psycopg.connect

    def connect_and_keep(*args: Any, **kwargs: Any) -> Any:
        connection = connect(*args, **kwargs)
        made.append(connection)
        if tracing:
            start(connection)
        return connection

    def start(connection: psycopg.Connection[Any]) -> None:
        connection.pgconn.trace(trace.fileno())
        connection.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)

    tracing = False
    monkeypatch.setattr(psycopg, "connect", connect_and_keep)
    with (tmp_path / "trace").open("w+") as trace:

        @contextmanager
        def window() -> Iterator[list[str]]:
            nonlocal tracing
            said: list[str] = []
            tracing = True
            for connection in made:
                if not connection.closed:
                    start(connection)
            try:
                yield said
            finally:
                tracing = False
                for connection in made:
                    if not connection.closed:
                        connection.pgconn.untrace()
                trace.seek(0)
                said.extend(line for line in trace if "ReadyForQuery" in line)
                trace.seek(0)
                trace.truncate()

        yield window


@contextmanager
def served(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[TestClient, Callable[[], AbstractContextManager[list[str]]]]]:
    """A client of an app on ``pg_database`` with ``KEY``'s token, and ``every_round_trip``'s window."""
    with every_round_trip(monkeypatch, tmp_path) as window:
        app = create_app(Settings.load({"db": pg_database, "start_at": START, "frozen": True}, environ={}))
        with TestClient(app, headers={"Authorization": f"Bearer {KEY}"}) as client:
            yield client, window


def test_a_get_on_postgresql_takes_two_round_trips(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        for _ in range(10):  # the sandbox made, the statements prepared (psycopg's fifth use)
            assert client.get("/reservekit/v1/bookings/1").status_code == 200
        with window() as trips:
            assert client.get("/reservekit/v1/bookings/1").status_code == 200
    # The first read (the tenant's clock row, whether the sandbox has fault rules) ahead of the
    # booking with its customer, in one pipeline; the journal's entry, dated on the first read's
    # row, and its coverage count.
    assert len(trips) == 2, (
        "three: the first read before the handler; six: the fault rules, the clock row, the customer, "
        "the journal's clock row apart"
    )


def test_a_create_on_postgresql_takes_three_round_trips_in_all(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        slot = client.get("/reservekit/v1/time-slots/50").json()["data"]

        def create(n: int) -> int:
            day = (START + timedelta(days=(slot["day_of_week"] - START.isoweekday()) % 7 + 7 * n)).date()
            body = {"time_slot_id": 50, "date": day.isoformat(), "customer_email": f"c{n}@example.com"}
            return int(
                client.post(f"/reservekit/v1/bookings?service_id={slot['service_id']}", json=body).status_code
            )

        assert [create(n) for n in range(1, 11)] == [201] * 10  # statements prepared
        with window() as trips:
            assert create(11) == 201
    # BEGIN and the lock with the first read (no fault rules, no webhook endpoints: as the last
    # request left it), the id counters, the customer's lookup and the occurrence's holders; the
    # customer's and the booking's inserts and COMMIT; the journal's entry.
    assert len(trips) == 3, (
        "four with the occurrence's holders read apart, five with the customer's lookup too, six with "
        "the first read apart, seven with the driver's BEGIN apart, eight with the webhook endpoints read apart"
    )


def test_a_merchants_create_on_postgresql_takes_four_round_trips_in_all(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    local, merchant = Calendar(world), {"Authorization": f"Bearer merchant.{world.providers[0].slug}.{KEY}"}
    with served(pg_database, monkeypatch, tmp_path) as (client, window):

        def create(week: int) -> int:
            body = {
                "service_id": DEEP_TISSUE,
                "timestamp": stamp(local.at(local.day(1, week), 11)),
                "is_recurring": False,
                "customers": [
                    {"first_name": "Jane", "last_name": f"Doe{week}", "email": f"j{week}@example.com"}
                ],
            }
            return int(client.post("/merchant/bookings/merchant", json=body, headers=merchant).status_code)

        assert [create(week) for week in range(7, 14)] == [201] * 7  # statements prepared
        with window() as trips:
            assert create(14) == 201
    # BEGIN and the lock with the first read, the id counters and the customer's lookup; the
    # customer's insert with the question whether the first working staff member is busy (staff
    # and shifts kept with the catalogue); the reservation's and its place's inserts and COMMIT;
    # the journal's entry.
    assert len(trips) == 4, (
        "five: the customer's lookup apart, or blocked and booked asked apart; eight: the staff at the "
        "location and each one's shifts read again"
    )


@pytest.mark.parametrize("then_cancel", [False, True], ids=["instant booking", "its cancel"])
def test_a_lifecycle_instant_booking_and_its_cancel_on_postgresql_take_four_round_trips_each(
    then_cancel: bool, pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    customer, service = world.customers[0], next(s for s in world.services if s.id == 1)
    caller = {"Authorization": f"Bearer customer.{customer.uuid}.{KEY}"}
    with served(pg_database, monkeypatch, tmp_path) as (client, window):

        def first_free(day: date) -> dict[str, Any]:
            path = f"/lifecycle/api/v1/services/{service.uuid}/availability"
            answer = client.get(path, params={"date": day.isoformat()}, headers=caller)
            assert answer.status_code == 200, answer.text
            return answer.json()["data"][0]["attributes"]  # type: ignore[no-any-return]

        days = [START.date() + timedelta(days=n) for n in range(14, 60)]
        slots = [first_free(day) for day in days if day.weekday() < 5][:9]

        def book(slot: dict[str, Any]) -> int:
            body = {
                "service_id": service.uuid,
                **{k: slot[k] for k in ("start_date", "end_date", "resource_id")},
            }
            answer = client.post("/lifecycle/api/v1/bookings/instant", json=body, headers=caller)
            made.append(answer.json()["data"]["id"] if answer.status_code == 201 else "")
            return int(answer.status_code)

        made: list[str] = []
        assert [book(slot) for slot in slots[:8]] == [201] * 8  # statements prepared
        if then_cancel:
            for booking in made[:6]:
                assert (
                    client.get(f"/lifecycle/api/v1/bookings/{booking}/cancel", headers=caller).status_code
                    == 200
                )
            with window() as trips:
                answer = client.get(f"/lifecycle/api/v1/bookings/{made[6]}/cancel", headers=caller)
            assert answer.status_code == 200, answer.text
            # BEGIN and the lock with the first read, the id counters, the caller and the booking
            # its path names with its places and its order's lines (by its uuid); the writes with
            # the booking read again and its places and lines; COMMIT; the journal's entry.
            assert len(trips) == 4, (
                "five with the places and lines read after the booking; six with them read again after "
                "it too; seven with the places and lines apart; eight with the booking read apart"
            )
            return
        with window() as trips:
            assert book(slots[8]) == 201
    # BEGIN and the lock with the first read, the id counters and the customer the token names;
    # whether the staff member is blocked or booked then; the writes with COMMIT (the order's
    # lines the answer shows are the ones written); the journal's entry.
    assert len(trips) == 4, (
        "five with the order's lines read back; six with the caller read apart, or blocked and "
        "booked asked apart; seven with the booking read back (its folio, then its places)"
    )


@pytest.mark.parametrize(
    ("method", "body", "without"),
    [
        (
            "PATCH",
            {"status": "cancelled", "cancel_reason": "plans changed"},
            "five with the booking read apart, or the update sent alone",
        ),
        (
            "DELETE",
            None,
            "five with the booking read apart, or the delete sent alone; six with it read twice",
        ),
    ],
)
def test_a_change_or_a_delete_on_postgresql_takes_four_round_trips_in_all(
    method: str,
    body: dict[str, str] | None,
    without: str,
    pg_database: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        slot = client.get("/reservekit/v1/time-slots/50").json()["data"]
        days = [
            START + timedelta(days=(slot["day_of_week"] - START.isoweekday()) % 7 + 7 * n)
            for n in range(1, 8)
        ]
        made = [
            client.post(
                "/reservekit/v1/bookings",
                json={"time_slot_id": 50, "date": day.date().isoformat(), "customer_email": "c@example.com"},
            ).json()["data"]["id"]
            for day in days
        ]
        for booking in made[:6]:  # the statements prepared
            assert client.request(method, f"/reservekit/v1/bookings/{booking}", json=body).status_code == 200
        with window() as trips:
            assert client.request(method, f"/reservekit/v1/bookings/{made[6]}", json=body).status_code == 200
    # BEGIN and the lock with the first read, the id counters and the booking its path names; its
    # update (or its delete) sent with the read of its customer, whom the answer shows; COMMIT; the
    # journal's entry.
    assert len(trips) == 4, without


@pytest.mark.parametrize(
    ("api", "trips", "without"),
    [
        (
            "merchant",
            3,
            "four: the first read apart; five: the blocked times after the reservations; six: the places, "
            "then their customers",
        ),
        (
            "lifecycle",
            2,
            "three with the places and the order's lines after the booking; four with the booking read "
            "after the caller, or the places and the lines one after the other",
        ),
    ],
)
def test_a_calendar_or_a_booking_shows_its_places_with_their_customers_in_one_trip(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, api: str, trips: int, without: str
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    if api == "merchant":
        token, path = f"merchant.{world.providers[0].slug}.{KEY}", "/merchant/bookings/calendar/events"
        params = {"start": "2027-01-05T00:00:00Z", "end": "2027-03-06T00:00:00Z"}
    else:
        folio = world.folios[0]
        owner = next(customer for customer in world.customers if customer.id == folio.owner_id)
        token, path, params = f"customer.{owner.uuid}.{KEY}", f"/lifecycle/api/v1/bookings/{folio.uuid}", {}
    headers = {"Authorization": f"Bearer {token}"}
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        for _ in range(10):
            assert client.get(path, params=params, headers=headers).status_code == 200
        with window() as said:
            answer = client.get(path, params=params, headers=headers)
    assert answer.status_code == 200
    assert "participants" in answer.text, "places were shown"
    assert len(said) == trips, without


def test_a_page_and_its_count_take_one_trip(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = "/reservekit/v1/bookings?service_id=1&page=1&page_size=10"
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        for _ in range(10):
            assert client.get(path).status_code == 200
        with window() as trips:
            answer = client.get(path)
    assert answer.status_code == 200
    assert answer.json()["data"]["bookings"], "a page of bookings was read"
    # The first read, the page with its owners and the count, in one pipeline; the journal.
    assert len(trips) == 2, "three: the first read apart; four: the count after the page"


@pytest.mark.parametrize(
    ("name", "path", "role", "trips", "without"),
    [
        (
            "availability",
            "/reservekit/v1/time-slots?service_id=3&date=2027-01-11",
            None,
            3,
            "four with the slots' count after their page",
        ),
        (
            "lifecycle services",
            "/lifecycle/api/v1/services",
            "customer",
            2,
            "three with the page after the caller; four with the count after the page; as many "
            "more as the page has services with their add-ons read each",
        ),
        (
            "a Bardge class's week",
            "/bardge/v3/classes/{class_id}?days=7",
            "reseller",
            4,
            "one more a count after its page; as many more as the week has instances, counted each",
        ),
    ],
)
def test_a_page_of_the_catalogue_takes_few_round_trips(
    pg_database: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    path: str,
    role: str | None,
    trips: int,
    without: str,
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    token = {
        None: KEY,
        "customer": f"customer.{world.customers[0].uuid}.{KEY}",
        "reseller": f"reseller.fitperks.{KEY}",
    }[role]
    headers = {"Authorization": f"Bearer {token}"}
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        if "{class_id}" in path:
            path = path.format(
                class_id=client.get("/bardge/v3/classes", headers=headers).json()["data"][0]["id"]
            )
        for _ in range(10):
            assert client.get(path, headers=headers).status_code == 200
        with window() as said:
            answer = client.get(path, headers=headers)
    assert answer.status_code == 200
    assert answer.json().get("data", answer.json().get("instances")), f"{name}: a page was read"
    # Availability: the first read with the slots' page and its count; the places taken on each
    # slot of the page; the journal. Lifecycle: the first read with the caller and the page with
    # its count, named ahead (a service's add-ons are kept with the catalogue); the journal. Bardge: the first read
    # with the services; the class's slots; the places of every instance in the week; the journal.
    assert len(said) == trips, without
