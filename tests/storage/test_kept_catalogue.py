"""A process keeps its sandboxes' catalogue records by the making of their data
(``storage.kept_catalogue``): a create reads none of them again, and a reset or an import,
in any process, is seen."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.slots.bookings import BookingDesk, NewBooking
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.calendar import queries as cq
from mockserver.storage.kernel import queries as q
from mockserver.storage.lifecycle import queries as lq
from mockserver.storage.slots import queries as sq
from mockserver.storage.snapshots.snapshots import export_state, import_state
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy import kept_catalogue, sandboxes
from mockserver.storage.tenancy.kept_catalogue import KeptCatalogue
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import API, FAR_MONDAY, make_store

KEY = "sk_rsv_kept_catalogue"
CATALOGUE = {
    id(q.SERVICE): "service",
    id(q.LOCATION): "location",
    id(sq.TIME_SLOT): "time slot",
    id(cq.PROVIDER_BY_SLUG): "provider by slug",
    id(lq.SERVICE_TERMS): "service terms",
    id(lq.STAFF): "staff",
    id(cq.STAFF_AT_LOCATION): "staff at location",
    id(cq.SHIFTS_ON): "shifts on",
    id(lq.ADD_ONS_OF): "add-ons of service",
    id(lq.FORM_OF): "form of service",
}


def catalogue_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every catalogue record read from the database, in any store."""
    read: list[str] = []
    for method in ("first", "all"):
        run = getattr(PreparedStatements, method)

        def counted(
            self: PreparedStatements, connection: Any, statement: Any, params: Any, run: Any = run
        ) -> Any:
            if id(statement) in CATALOGUE:
                read.append(CATALOGUE[id(statement)])
            return run(self, connection, statement, params)

        monkeypatch.setattr(PreparedStatements, method, counted)
    return read


def location_name(store: SandboxStore) -> str:
    with store.open(API, KEY, write=False) as sandbox:
        location = sandbox.ledger.get_location(1)
        assert location is not None
        return location.name


def test_a_record_is_read_once_per_making_and_none_is_kept_while_data_is_made() -> None:
    kept = KeptCatalogue()
    reads: list[int] = []

    def read(found: Any) -> Any:
        reads.append(1)
        return found

    made = kept.of(tenant_id=1, made_id=11)
    assert made.record("service", 3, lambda: read("massage")) == "massage"
    assert made.record("service", 3, lambda: read("other")) == "massage"
    assert len(reads) == 1
    # Another making of the same tenant, and a making in progress, read again.
    assert kept.of(1, 12).record("service", 3, lambda: read("yoga")) == "yoga"
    assert kept.of(1, None).record("service", 3, lambda: read("being made")) == "being made"
    assert kept.of(1, None).record("service", 3, lambda: read("being made")) == "being made"
    # A record not found is read again next time: it is not a fact about the making.
    assert made.record("service", 9, lambda: read(None)) is None
    assert made.record("service", 9, lambda: read("found")) == "found"
    assert len(reads) == 6


def book_yoga(store: SandboxStore, email: str) -> None:
    """A place in a Monday yoga class (time slot 99, twelve places)."""
    with store.open(API, KEY, write=True) as sandbox:
        request = NewBooking(day=FAR_MONDAY, time_slot_id=99, contact=ContactDetails(None, email, None))
        BookingDesk(sandbox.ledger, sandbox.clock).create(request)


def test_a_create_reads_the_catalogue_once(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(database)
    read = catalogue_reads(monkeypatch)
    book_yoga(store, "first@example.com")
    assert sorted(read) == ["location", "service", "time slot"]
    for n in range(3):
        book_yoga(store, f"again-{n}@example.com")
    assert sorted(read) == ["location", "service", "time slot"]
    store.dispose()


def test_every_context_keeps_its_catalogue_records(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = make_store(database)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    slug, terms, staff = world.providers[0].slug, world.service_terms[0].service_id, world.staff[0].id
    read = catalogue_reads(monkeypatch)
    for _ in range(3):
        with store.open(API, KEY, write=False) as sandbox:
            provider = sandbox.calendar.provider_by_slug(slug)
            assert provider is not None
            assert provider.slug == slug
            assert sandbox.lifecycle.terms_of(terms) is not None
            member = sandbox.lifecycle.get_staff(staff)
            assert member is not None
            assert member.id == staff
    assert sorted(read) == ["provider by slug", "service terms", "staff"]
    store.dispose()


def test_a_merchants_staff_and_shifts_are_read_once_by_reads_and_writes(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(database)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    member = world.staff[0]
    weekdays = sorted({shift.weekday for shift in world.staff_shifts if shift.staff_id == member.id})
    assert weekdays, "the world's first staff member works"
    read = catalogue_reads(monkeypatch)
    for write in (False, True, False, True):
        with store.open("merchant", KEY, write=write) as sandbox:
            team = sandbox.calendar.staff_at_location(member.location_id)
            assert member.id in [found.id for found in team]
            for weekday in weekdays:
                assert sandbox.calendar.shifts_on(member.id, weekday), "the world's shift is found"
            assert sandbox.calendar.shifts_on(member.id, 9) == [], "no ninth weekday"
    # Each asked once, the ninth weekday's included: a list found empty is an answer too.
    assert sorted(read) == sorted(["staff at location", *["shifts on"] * (len(weekdays) + 1)])
    store.dispose()


def test_a_services_add_ons_and_form_are_read_once_by_reads_and_writes(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(database)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    offered = {add_on.service_id for add_on in world.add_ons}
    formed = {field.service_id for field in world.form_fields}
    bare = max(service.id for service in world.services) + 1  # none: nothing offered, nothing asked
    assert offered, "the world offers add-ons"
    assert formed, "the world asks questions"
    read = catalogue_reads(monkeypatch)
    for write in (False, True, False, True):
        with store.open("lifecycle", KEY, write=write) as sandbox:
            for service in offered:
                mine = sorted(a.id for a in world.add_ons if a.service_id == service)
                assert [a.id for a in sandbox.lifecycle.add_ons_of(service)] == mine
            for service in formed:
                mine = sorted((f.position, f.id) for f in world.form_fields if f.service_id == service)
                assert [(f.position, f.id) for f in sandbox.lifecycle.form_of(service)] == mine
            assert sandbox.lifecycle.add_ons_of(bare) == []
            assert sandbox.lifecycle.form_of(bare) == []
    # Each asked once, the unknown service's included: a list found empty is an answer too.
    expected = ["add-ons of service"] * (len(offered) + 1) + ["form of service"] * (len(formed) + 1)
    assert sorted(read) == sorted(expected)
    store.dispose()


@pytest.mark.parametrize("draws_a_new_making", [True, False], ids=["as-committed", "made-id-kept"])
def test_a_reset_elsewhere_is_seen_by_the_kept_catalogue(
    database: str, draws_a_new_making: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, resetter = make_store(database), make_store(database)
    seeded = location_name(reader)
    if not draws_a_new_making:
        # The product broken on purpose: a reset that keeps the making's number leaves the
        # reader on the records it kept, which shows they were kept and what makes them exact.
        with reader.engine.connect() as connection:
            made_id = connection.exec_driver_sql("SELECT made_id FROM sandboxes").scalar()
        monkeypatch.setattr(sandboxes, "new_made_id", lambda: made_id)
    resetter.reset(KEY, seed=7)
    assert location_name(resetter) != seeded
    assert (location_name(reader) == seeded) is not draws_a_new_making
    reader.dispose()
    resetter.dispose()


def test_an_imported_catalogue_is_seen(database: str) -> None:
    reader, importer = make_store(database), make_store(database)
    assert location_name(reader) != "Imported Studio"
    document = export_state(importer, KEY, (API,))
    [location] = [row for row in document["apis"][API]["locations"] if row["id"] == 1]
    location["name"] = "Imported Studio"
    import_state(importer, KEY, document, (API,))
    assert location_name(reader) == "Imported Studio"
    reader.dispose()
    importer.dispose()


def test_past_its_bound_the_process_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept_catalogue, "KEPT", 2)
    kept = KeptCatalogue().of(tenant_id=1, made_id=11)
    reads: list[int] = []

    def read(record_id: int) -> str:
        reads.append(record_id)
        return f"slot {record_id}"

    for record_id in (1, 2, 1, 2):
        assert kept.record("time slot", record_id, functools.partial(read, record_id)) == f"slot {record_id}"
    assert reads == [1, 2]
    kept.record("time slot", 3, lambda: read(3))  # a third: the two kept are let go
    kept.record("time slot", 1, lambda: read(1))
    assert reads == [1, 2, 3, 1]
