"""Prepared statements read and write exactly what SQLAlchemy would (``storage/statements``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel import schema as t
from mockserver.storage.migrations import ensure_schema
from mockserver.storage.slots import queries as sq
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.statements.prepared_rows import row_class, row_maker
from mockserver.storage.statements.prepared_statements import InLists, PreparedStatements
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, ApiClient

KEY = "prepared_reads"


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Every prepared run is checked against SQLAlchemy's own run of the same statement: a
    select's rows; a write's rows returned and the table it leaves, the prepared write undone
    to a savepoint before SQLAlchemy's is done."""
    seen: set[str] = set()
    run, run_many = Prepared.run, Prepared.run_many

    def checked(self: Prepared, connection: sa.Connection, params: Any, *, first: bool = False) -> Any:
        if not isinstance(self.statement, sa.Select):
            table = self.statement.table  # type: ignore[attr-defined]
            ours, left = _undone(connection, table, lambda: run(self, connection, params, first=first))
            result = connection.execute(self.statement, dict(params))
            theirs = list(result.all()) if result.returns_rows else []
            assert [tuple(row) for row in ours] == [tuple(row) for row in theirs][: len(ours)]
            assert left == _rows_of(connection, table)
            seen.add(str(self.statement).split("\n")[0][:60])
            return ours
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

    def checked_many(self: Prepared, connection: sa.Connection, rows: Any) -> None:
        table = self.statement.table  # type: ignore[attr-defined]
        _, left = _undone(connection, table, lambda: run_many(self, connection, rows))
        connection.execute(sa.insert(table), [dict(row) for row in rows])
        assert left == _rows_of(connection, table)
        seen.add(f"INSERT INTO {table.name}")

    bound = InLists.bound

    def checked_lists(self: InLists, params: Any) -> Any:
        # The SQL each list's length gets must read what SQLAlchemy's expanded list reads:
        # ``checked`` compares the prepared run with that SQL, this the SQL with the original.
        prepared, given = bound(self, params)
        if prepared is not None:
            seen.add("IN lists: " + str(self.statement).split("\n")[0][:50])
            expanded.append((self.statement, dict(params), prepared.statement, dict(given)))
        return prepared, given

    expanded: list[tuple[Any, ...]] = []
    run_checked = checked

    def checked_with_lists(
        self: Prepared, connection: sa.Connection, params: Any, *, first: bool = False
    ) -> Any:
        while expanded:
            original, original_params, ours, our_params = expanded.pop()
            mine = [tuple(row) for row in connection.execute(ours, our_params).all()]
            assert mine == [tuple(row) for row in connection.execute(original, original_params).all()]
        return run_checked(self, connection, params, first=first)

    monkeypatch.setattr(Prepared, "run", checked_with_lists)
    monkeypatch.setattr(Prepared, "run_many", checked_many)
    monkeypatch.setattr(InLists, "bound", checked_lists)
    return seen


def _undone(connection: sa.Connection, table: sa.Table, write: Any) -> tuple[Any, list[tuple[Any, ...]]]:
    """What ``write`` returns and the rows it leaves in ``table``, then undone."""
    savepoint = connection.begin_nested()
    returned = write()
    left = _rows_of(connection, table)
    savepoint.rollback()
    return returned, left


def _rows_of(connection: sa.Connection, table: sa.Table) -> list[tuple[Any, ...]]:
    # Read back as stored: text, not SQLAlchemy's types, so a differently stored value shows.
    columns = [sa.cast(column, sa.String) for column in table.columns]
    return [tuple(row) for row in connection.execute(sa.select(*columns).order_by(*columns)).all()]


def test_every_api_reads_and_writes_through_prepared_statements_as_sqlalchemy_would(
    http: TestClient, compared: set[str]
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    api = ApiClient(http, API_KEY)
    assert api.book(slot_id=3, weeks_ahead=1).status_code == 201
    assert api.book(slot_id=3, weeks_ahead=2, customer_email="prepared@example.com").status_code == 201
    cancelled = {"status": "cancelled", "cancel_reason": "prepared"}
    assert api.patch("/bookings/1", json=cancelled).status_code == 200  # an update of the columns given
    assert api.delete("/bookings/2").status_code == 200
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
    # The create took an id from a counter and inserted a booking. Each request's journal entry
    # went out on the driver's cursor of the shard's connection, uncompared here:
    # test_journal_appends compares those.
    assert any(seen.startswith("UPDATE id_counters SET next_id") for seen in compared), compared
    assert {"INSERT INTO bookings", "INSERT INTO customers"} <= compared, compared
    # The cancel's update of the columns it changes, and the delete, went behind on PostgreSQL.
    assert any(seen.startswith("UPDATE bookings SET") for seen in compared), compared
    assert any(seen.startswith("DELETE FROM bookings") for seen in compared), compared
    assert "INSERT INTO journal" not in compared, compared
    # Customers of a page, a calendar's participants: IN lists, prepared per length.
    assert sum(seen.startswith("IN lists") for seen in compared) >= 2, compared


def test_what_sqlalchemy_must_expand_or_fill_in_is_left_to_it(database: str) -> None:
    engine = create_engine(database)
    ensure_schema(engine)
    prepared = PreparedStatements(engine.dialect)
    assert prepared.get(q.CUSTOMERS_BY_IDS) is None  # an IN list of any length: per length, below
    # An UPDATE setting whichever columns its parameters name: decided at each execution.
    counters = t.id_counters
    assert prepared.get(sa.update(counters).where(counters.c.tenant_id == sa.bindparam("k"))) is None
    assert prepared.get(q.TAKE_ID) is not None  # its SET is its own
    assert prepared.get(sq.BOOKING) is prepared.get(sq.BOOKING) is not None
    engine.dispose()


def test_an_insert_leaving_out_a_column_sqlalchemy_fills_in_goes_through_sqlalchemy(database: str) -> None:
    filled = sa.Table(
        "prepared_filled",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("note", sa.String, default="filled in"),
    )
    engine = create_engine(database)
    filled.create(engine)
    prepared = PreparedStatements(engine.dialect)
    with engine.begin() as connection:
        prepared.insert(connection, filled, [{"id": 1}])  # the default must be applied
        prepared.insert(connection, filled, [{"id": 2, "note": "given"}, {"id": 3, "note": None}])
        rows = connection.execute(sa.select(filled).order_by(filled.c.id)).all()
    assert [tuple(row) for row in rows] == [(1, "filled in"), (2, "given"), (3, None)]
    filled.drop(engine)
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


def test_an_in_list_is_prepared_per_length_and_sqlalchemy_keeps_the_empty_and_the_long(database: str) -> None:
    marks = sa.Table(
        "prepared_marks",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime),
    )
    engine = create_engine(database)
    marks.create(engine)
    start = datetime(2027, 1, 6, 15, 0)
    at = [start + timedelta(minutes=n) for n in range(100)]
    by_ids = sa.select(marks).where(marks.c.id.in_(sa.bindparam("ids", expanding=True)))
    # Instants too: each value of a list goes through its type as SQLAlchemy's would.
    by_both = by_ids.where(marks.c.at.in_(sa.bindparam("at", expanding=True))).order_by(marks.c.id)
    statements = PreparedStatements(engine.dialect)
    with engine.begin() as connection:
        connection.execute(sa.insert(marks), [{"id": n, "at": at[n]} for n in range(100)])
        for ids in ([3], [5, 1, 99], [], list(range(100)), [7, 7, 2]):
            for statement, params in (
                (by_ids, {"ids": ids}),
                (by_both, {"ids": ids, "at": at[:10] or [start]}),
            ):
                ours = statements.all(connection, statement, params)
                theirs = connection.execute(statement, params).all()
                assert sorted(tuple(row) for row in ours) == sorted(tuple(row) for row in theirs)
        assert statements.all(connection, by_both, {"ids": [5, 50], "at": [at[5], at[50]]}) != []
        lengths = statements._lists[id(by_ids)][1]._by_lengths  # type: ignore[union-attr]
    # Prepared once for each length met, never for the empty list or the hundred (past LONGEST).
    assert sorted(lengths) == [(1,), (3,)]
    marks.drop(engine)
    engine.dispose()


def test_a_rows_columns_read_as_attributes_as_sqlalchemys_do(database: str) -> None:
    # Each column is a property of the row class, even one named as a tuple's method, as on
    # SQLAlchemy's rows; an unknown name is an AttributeError.
    engine = create_engine(database)
    statement = sa.select(
        sa.literal(7).label("seed"), sa.literal(2).label("count"), sa.literal("x").label("key_hash")
    )
    prepared = PreparedStatements(engine.dialect).get(statement)
    assert prepared is not None
    with engine.connect() as connection:
        ours = prepared.first(connection, {})
        theirs = connection.execute(statement).first()
    assert ours is not None
    assert theirs is not None
    assert (
        (ours.seed, ours.key_hash, ours.count) == (theirs.seed, theirs.key_hash, theirs.count) == (7, "x", 2)
    )
    assert ours._mapping == dict(theirs._mapping)
    with pytest.raises(AttributeError):
        _ = ours.nothing_of_the_kind
    engine.dispose()


def test_a_row_maker_runs_each_columns_own_processor_and_no_other() -> None:
    row = row_class([("id",), ("at",), ("name",)])
    make = row_maker(row, [None, lambda text: f"<{text}>", None])
    made = make(("7", "2027-01-11", "x"))
    assert (type(made), made, made.at) == (row, ("7", "<2027-01-11>", "x"), "<2027-01-11>")
    assert row_maker(row, [None, None, None]) is row  # nothing to run: the class reads the raw row
