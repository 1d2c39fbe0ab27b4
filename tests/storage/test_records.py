"""Records read from rows (``storage/kernel/records.py``): a prepared row class's reading,
written once as code, reads what reading the row by name reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.calendar.model import Reservation
from mockserver.domain.kernel.model import BookingStatus
from mockserver.storage.calendar.ledger import reservation_record
from mockserver.storage.kernel.records import RecordReader, optional, reader
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.statements.prepared_rows import row_class


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    made_at: datetime
    seen_at: datetime | None
    colour: Colour
    shade: Colour | None
    day: date
    tags: tuple[str, ...]


THINGS = RecordReader(Thing, colour=Colour, shade=optional(Colour), tags=tuple)
MADE = datetime(2027, 3, 14, 6, 30, 15, 250)


def prepared_row(values: dict[str, Any], *, prefix: str = "", extra: tuple[str, ...] = ()) -> Any:
    """A row as a prepared statement gives it: other columns first, then these, prefixed."""
    names = [*extra, *(prefix + name for name in values)]
    return row_class([(name,) for name in names])([0] * len(extra) + list(values.values()))


def stored_thing(**changes: Any) -> dict[str, Any]:
    values = {
        "id": 7,
        "name": "2027-01-01 10:00:00",  # a text that looks like a time stays text
        "made_at": MADE,
        "seen_at": None,
        "colour": "red",
        "shade": "",
        "day": date(2027, 1, 11),
        "tags": ["a", "b"],
    }
    return {**values, **changes}


def test_a_row_reads_as_its_record_with_times_aware_and_fields_converted() -> None:
    thing = THINGS(prepared_row(stored_thing()))
    assert thing == Thing(
        7,
        "2027-01-01 10:00:00",
        MADE.replace(tzinfo=UTC),
        None,
        Colour.RED,
        None,
        date(2027, 1, 11),
        ("a", "b"),
    )
    assert thing.made_at.tzinfo is UTC
    assert THINGS(prepared_row(stored_thing(seen_at=MADE, shade="blue"))).shade is Colour.BLUE


def test_a_prepared_row_and_a_mapping_by_name_read_the_same_record() -> None:
    stored = stored_thing(seen_at=MADE, shade="blue")
    joined = prepared_row(stored, prefix="thing_", extra=("id", "name"))
    assert THINGS(joined, "thing_") == THINGS.by_name({f"thing_{k}": v for k, v in stored.items()}, "thing_")
    assert THINGS(joined, "thing_") == THINGS(prepared_row(stored))


def test_sqlalchemys_own_rows_are_read_by_name() -> None:
    engine = sa.create_engine("sqlite://")
    table = sa.Table("things", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("at", sa.DateTime))

    @dataclass(frozen=True)
    class Stamp:
        id: int
        at: datetime

    with engine.begin() as connection:
        table.create(connection)
        connection.execute(table.insert(), {"id": 1, "at": MADE})
        row = connection.execute(sa.select(table)).one()
    assert reader(Stamp)(row) == Stamp(1, MADE.replace(tzinfo=UTC))


def test_one_row_holds_two_records_of_a_kind_told_apart_by_prefix() -> None:
    one, other = stored_thing(), stored_thing(id=8, colour="blue")
    names = [*one, *(f"other_{name}" for name in other)]
    row = row_class([(name,) for name in names])([*one.values(), *other.values()])
    assert (THINGS(row).id, THINGS(row, "other_").id, THINGS(row).id) == (7, 8, 7)
    assert THINGS(row, "other_").colour is Colour.BLUE


def test_each_row_class_writes_its_reading_once_for_each_prefix() -> None:
    first, second = prepared_row(stored_thing()), prepared_row(stored_thing(id=8))
    assert type(first) is not type(second)  # each statement's class is its own
    again = type(first)(list(first))
    THINGS(first), THINGS(again), THINGS(first, "")
    assert list(type(first)._readings) == [(THINGS, "")]  # type: ignore[attr-defined]
    assert THINGS(again).id == 7


def test_the_reservation_reading_matches_the_stored_columns() -> None:
    stored = {
        "id": 3,
        "provider_id": 1,
        "service_id": 2,
        "location_id": 4,
        "staff_id": 5,
        "starts_at": MADE,
        "ends_at": MADE,
        "status": "confirmed",
        "customer_note": None,
        "merchant_note": "",
        "series_id": None,
        "cancelled_by_merchant_on": None,
        "cancellation_reason": None,
        "created_at": MADE,
        "updated_at": MADE,
    }
    reservation = reservation_record(prepared_row(stored, extra=("tenant_id",)))
    assert reservation == Reservation(**{**stored, "status": BookingStatus.CONFIRMED} | _aware(stored))


def test_keyword_only_fields_are_passed_by_name() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Late:
        at: datetime
        id: int = field(default=0)

    assert reader(Late)(prepared_row({"id": 2, "at": MADE})) == Late(id=2, at=MADE.replace(tzinfo=UTC))


def test_a_record_whose_constructor_only_sets_its_fields_is_filled_without_calling_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Thing] = []
    own = Thing.__init__

    def counted(self: Thing, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        own(self, *args, **kwargs)

    monkeypatch.setattr(Thing, "__init__", counted)
    things = RecordReader(Thing, colour=Colour, shade=optional(Colour), tags=tuple)
    made.clear()
    thing = things(prepared_row(stored_thing()))
    assert made == []
    assert thing == THINGS.by_name(stored_thing())  # and by_name calls the constructor
    assert hash(thing) == hash(THINGS.by_name(stored_thing()))
    with pytest.raises(AttributeError):
        thing.name = "changed"  # type: ignore[misc]  # still frozen


@dataclass(frozen=True)
class Shouted:
    id: int
    name: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", self.name.upper())


@dataclass(frozen=True, init=False)
class Trimmed:
    id: int
    name: str

    def __init__(self, id: int, name: str) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "name", name.strip())


def test_a_record_whose_constructor_does_more_is_constructed() -> None:
    row = prepared_row({"id": 1, "name": " quiet "})
    assert reader(Shouted)(row).name == " QUIET "
    assert reader(Trimmed)(row).name == "quiet"


def test_a_converter_for_no_field_is_refused() -> None:
    with pytest.raises(AssertionError, match="no fields"):
        RecordReader(Thing, colur=Colour)


@given(
    st.datetimes(
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=14))])
    )
)
def test_stored_times_go_as_naive_utc_and_come_back_as_the_same_instant(aware: datetime) -> None:
    stored = to_db_time(aware)
    assert (stored.tzinfo, stored) == (None, aware.astimezone(UTC).replace(tzinfo=None))
    back = from_db_time(stored)
    assert (back, back.tzinfo, back.utcoffset()) == (aware, UTC, timedelta(0))


def _aware(stored: dict[str, Any]) -> dict[str, Any]:
    return {k: v.replace(tzinfo=UTC) for k, v in stored.items() if isinstance(v, datetime)}


@dataclass(frozen=True)
class Loose:
    """Fields that may hold a time (an unread annotation counts as one) but hold other values."""

    id: int
    anything: Any
    stamp: datetime | str


@given(
    st.one_of(st.none(), st.integers(), st.text(max_size=5), st.datetimes()),
    st.one_of(st.text(max_size=5), st.datetimes()),
)
def test_a_field_that_may_hold_a_time_keeps_any_other_value_as_it_is(anything: Any, stamp: Any) -> None:
    stored = {"id": 1, "anything": anything, "stamp": stamp}
    written = reader(Loose)(prepared_row(stored))
    assert written == reader(Loose).by_name(stored)
    for value, read in ((anything, written.anything), (stamp, written.stamp)):
        if isinstance(value, datetime):
            assert (read.tzinfo, read.replace(tzinfo=None)) == (UTC, value)
        else:
            assert read is value
