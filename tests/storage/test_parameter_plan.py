"""A prepared statement's arguments are the ones SQLAlchemy's ``construct_params`` gives
(``storage.parameter_plan``), worked out once instead of at every run."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from mockserver.storage.statements.parameter_plan import ParameterPlan, bind_processor
from mockserver.storage.statements.prepared import Prepared

stamps = sa.Table(
    "stamps",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime),
    sa.Column("note", sa.String),
)
ticks = itertools.count(1)

STATEMENTS: dict[str, tuple[Any, dict[str, Any]]] = {
    # Given by key, twice under one name, and through the DateTime type's processor.
    "given": (
        sa.select(stamps).where(
            stamps.c.id == sa.bindparam("id"),
            stamps.c.at > sa.bindparam("at", type_=sa.DateTime),
            stamps.c.note != sa.bindparam("id", type_=sa.String),
        ),
        {"id": 3, "at": datetime(2027, 1, 6, 15, 0, 30)},
    ),
    # A value the statement holds (an anonymous parameter, found by its rendered name).
    "held": (sa.select(stamps).where(stamps.c.note == "held", stamps.c.id > sa.bindparam("id")), {"id": 1}),
    # A ``callable_``: called at each run, as SQLAlchemy calls it.
    "called": (
        sa.select(stamps).where(stamps.c.id == sa.bindparam("tick", callable_=lambda: next(ticks))),
        {},
    ),
    # An insert of the columns given.
    "insert": (sa.insert(stamps), {"id": 9, "at": datetime(2027, 1, 6), "note": None}),
}


def sqlalchemys(prepared: Prepared, params: dict[str, Any]) -> Any:
    """What ``Prepared`` gave the driver before the plan: SQLAlchemy's construct_params."""
    plan, prepared._plan = prepared._plan, None
    try:
        return prepared._arguments(params)
    finally:
        prepared._plan = plan


DIALECTS: list[sa.Dialect] = [sqlite.dialect(), postgresql.dialect()]  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("dialect", DIALECTS, ids=["sqlite", "postgresql"])
@pytest.mark.parametrize("name", list(STATEMENTS))
def test_the_arguments_are_sqlalchemys(name: str, dialect: sa.Dialect) -> None:
    statement, params = STATEMENTS[name]
    keys = list(params) if name == "insert" else None
    prepared = Prepared(statement, dialect, column_keys=keys)
    assert prepared._plan is not None
    ours = prepared._arguments(params)
    theirs = sqlalchemys(prepared, params)
    if name == "called":
        # One tick each: the callable ran at each run, not once when the plan was made.
        positional = dialect.positional
        ours_tick, their_tick = (
            arguments[0] if positional else arguments["tick"] for arguments in (ours, theirs)
        )
        assert their_tick == ours_tick + 1
        return
    assert ours == theirs
    if name == "given" and dialect.positional:
        assert ours[1] == "2027-01-06 15:00:30.000000"  # SQLite's stored text, not a datetime


def test_a_missing_required_parameter_gets_sqlalchemys_own_error() -> None:
    prepared = Prepared(STATEMENTS["given"][0], DIALECTS[0])
    assert prepared._plan is not None
    assert prepared._plan.arguments({"id": 3}) is None
    with pytest.raises(sa.exc.InvalidRequestError, match="A value is required for bind parameter 'at'"):
        prepared._arguments({"id": 3})


def test_unlike_parameters_under_one_name_are_left_to_sqlalchemy() -> None:
    # Two parameters rendered under one name, one with a value and one without: which SQLAlchemy
    # uses depends on its own order, so it keeps deciding.
    twice = sa.select(stamps).where(
        stamps.c.id == sa.bindparam("n", value=1, unique=False), stamps.c.id != sa.bindparam("n")
    )
    compiled: Any = twice.compile(dialect=DIALECTS[0])
    assert ParameterPlan.of(compiled, {}, compiled.positiontup) is None


class _Later(datetime):
    """A datetime subclass: formatted by SQLAlchemy's own processor."""


@given(
    st.one_of(
        st.datetimes(min_value=datetime(1, 1, 1), timezones=st.none() | st.just(UTC)),
        st.datetimes().map(lambda value: _Later.combine(value.date(), value.time())),
        st.dates(),
        st.none(),
    )
)
def test_a_sqlite_datetime_is_bound_as_sqlalchemy_binds_it(value: Any) -> None:
    dialect = sqlite.dialect()
    impl = sa.DateTime().dialect_impl(dialect)
    ours, theirs = bind_processor(impl, dialect), impl.bind_processor(dialect)
    assert ours is not None
    assert theirs is not None
    assert ours is not theirs, "SQLite's default format is formatted here"
    assert ours(value) == theirs(value)


def test_anything_else_is_bound_by_sqlalchemys_own_processor() -> None:
    dialect = sqlite.dialect()
    impl = sa.DateTime().dialect_impl(dialect)
    processor = bind_processor(impl, dialect)
    assert processor is not None
    with pytest.raises(TypeError, match="only accepts Python datetime and date objects"):
        processor("2027-01-11 09:00:00")
    custom = sqlite.DATETIME(storage_format="%(year)04d/%(month)02d/%(day)02d")
    processor = bind_processor(custom, dialect)
    assert processor is not None
    assert processor(datetime(2027, 1, 11)) == "2027/01/11"
    postgres = postgresql.psycopg.dialect()
    assert bind_processor(sa.DateTime().dialect_impl(postgres), postgres) is None
