"""Prepared selects read exactly what SQLAlchemy reads (``storage.prepared``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from mockserver.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage import queries as q
from mockserver.storage.engine import create_engine
from mockserver.storage.migrations import ensure_schema
from mockserver.storage.prepared import Prepared, PreparedStatements
from mockserver.storage.slots import queries as sq
from tests.conftest import API_KEY, ApiClient

KEY = "prepared_reads"


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every prepared run is checked against SQLAlchemy's own rows for the same statement."""
    seen: set[str] = set()
    run = Prepared.run

    def checked(self: Prepared, connection: sa.Connection, params: Any, *, first: bool = False) -> Any:
        ours = run(self, connection, params, first=first)
        result = connection.execute(self.statement, dict(params))
        theirs = [result.first()] if first else list(result.all())
        theirs = [row for row in theirs if row is not None]
        assert [tuple(row) for row in ours] == [tuple(row) for row in theirs]
        for mine, their in zip(ours, theirs, strict=True):
            assert mine._mapping == dict(their._mapping)
            assert all(getattr(mine, key) == value for key, value in their._mapping.items())
        seen.add(str(self.statement).split("\n")[0][:60])
        return ours

    monkeypatch.setattr(Prepared, "run", checked)
    return seen


def test_every_api_reads_through_prepared_selects_as_sqlalchemy_would(
    http: TestClient, compared: set[str]
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    api = ApiClient(http, API_KEY)
    assert api.book(slot_id=3, weeks_ahead=1).status_code == 201
    folio = world.folios[0]
    owner = next(c for c in world.customers if c.id == folio.owner_id)
    week = {"start": "2027-01-11T00:00:00Z", "end": "2027-01-18T00:00:00Z"}
    answers = [
        api.get("/bookings/1"),
        api.get("/bookings", params={"service_id": 1, "page": 1, "page_size": 10}),
        api.get("/time-slots", params={"service_id": 3, "date": "2027-01-11"}),
        http.get(
            "/merchant/bookings/calendar/events",
            params=week,
            headers={"Authorization": f"Bearer merchant.{world.providers[0].slug}.{KEY}"},
        ),
        http.get(
            f"/lifecycle/api/v1/bookings/{folio.uuid}",
            headers={"Authorization": f"Bearer customer.{owner.uuid}.{KEY}"},
        ),
        http.get("/bardge/v3/passes", headers={"Authorization": f"Bearer reseller.fitperks.{KEY}"}),
    ]
    assert [answer.status_code for answer in answers] == [200] * len(answers)
    # Dates, instants, enums, nulls and counts all passed through both readers.
    assert len(compared) >= 10, compared


def test_what_sqlalchemy_must_expand_or_write_is_left_to_it(database: str) -> None:
    engine = create_engine(database)
    ensure_schema(engine)
    prepared = PreparedStatements(engine.dialect)
    assert prepared.get(q.CUSTOMERS_BY_IDS) is None  # an IN list of any length
    assert prepared.get(q.TAKE_ID) is None  # a write
    assert prepared.get(sq.BOOKING) is prepared.get(sq.BOOKING) is not None
    engine.dispose()


def test_a_prepared_read_begins_the_transaction_sqlalchemy_would(database: str) -> None:
    engine = create_engine(database)
    ensure_schema(engine)
    booking = PreparedStatements(engine.dialect).get(sq.BOOKING)
    assert booking is not None
    with engine.connect() as connection:
        assert booking.first(connection, {"tenant": 1, "id": 1}) is None
        assert connection.in_transaction()
    engine.dispose()


def test_parameters_are_stored_values_as_sqlalchemy_stores_them(database: str) -> None:
    # SQLite keeps instants as text in SQLAlchemy's own format, which the driver alone would
    # not produce ("... 15:00:00.000000" against "... 15:00:00"): equality finds nothing.
    stamps = sa.Table(
        "prepared_stamps", sa.MetaData(), sa.Column("at", sa.DateTime), sa.Column("day", sa.Date)
    )
    engine = create_engine(database)
    stamps.create(engine)
    noon = datetime(2027, 1, 6, 15, 0)
    with engine.begin() as connection:
        connection.execute(sa.insert(stamps), {"at": noon, "day": noon.date()})
    at_noon = sa.select(stamps).where(stamps.c.at == sa.bindparam("at"))
    prepared = PreparedStatements(engine.dialect).get(at_noon)
    assert prepared is not None
    with engine.connect() as connection:
        assert [tuple(row) for row in prepared.run(connection, {"at": noon})] == [(noon, noon.date())]
    stamps.drop(engine)
    engine.dispose()
