from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.domain.kernel.clock import (
    EARLIEST,
    LATEST,
    FixedClock,
    SandboxClock,
    advanced,
    frozen,
    next_revision_time,
    resumed,
    set_to,
)
from mockserver.domain.kernel.errors import ClockBackwards

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_sandbox_clock_shifts_real_time() -> None:
    clock = SandboxClock(offset=timedelta(days=2), source=lambda: T0)
    assert clock.now() == T0 + timedelta(days=2)


def test_frozen_sandbox_clock_ignores_real_time() -> None:
    frozen = T0 + timedelta(hours=5)
    assert SandboxClock(offset=timedelta(days=2), frozen_at=frozen, source=lambda: T0).now() == frozen


@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2990, 1, 1), timezones=st.just(UTC)),
    st.timedeltas(min_value=timedelta(days=-3650), max_value=timedelta(days=36500)),
    st.one_of(st.none(), st.just(T0)),
)
def test_a_clock_at_a_real_instant_reads_what_it_reads_when_that_instant_is_now(
    real: datetime, offset: timedelta, frozen_at: datetime | None
) -> None:
    """(The journal dates a batch's entries by one clock a sandbox, each at its own instant.)"""
    clock = SandboxClock(offset=offset, frozen_at=frozen_at, source=lambda: real)
    read = frozen_at if frozen_at is not None else min(real + offset, LATEST)
    assert SandboxClock(offset=offset, frozen_at=frozen_at).at(real) == clock.now() == read


def test_revision_time_is_strictly_after_the_previous_one() -> None:
    assert next_revision_time(FixedClock(T0), T0) == T0 + timedelta(microseconds=1)
    later = T0 + timedelta(seconds=5)
    assert next_revision_time(FixedClock(later), T0) == later


def running(offset: timedelta = timedelta(0)) -> SandboxClock:
    return SandboxClock(offset=offset, source=lambda: T0)


def test_advancing_a_running_clock_grows_its_offset() -> None:
    assert advanced(running(), timedelta(hours=3)).now() == T0 + timedelta(hours=3)


def test_advancing_a_frozen_clock_keeps_it_frozen() -> None:
    moved = advanced(frozen(running()), timedelta(minutes=15))
    assert moved.frozen_at == T0 + timedelta(minutes=15)


def test_time_never_runs_backwards() -> None:
    with pytest.raises(ClockBackwards):
        advanced(running(), timedelta(seconds=-1))
    with pytest.raises(ClockBackwards):
        set_to(running(timedelta(days=1)), T0 + timedelta(hours=23))


def test_setting_an_instant_keeps_the_clock_running_or_frozen() -> None:
    target = T0 + timedelta(days=10)
    assert set_to(running(), target).frozen_at is None
    assert set_to(running(), target).now() == target
    assert set_to(frozen(running()), target).frozen_at == target


def test_a_resumed_clock_runs_on_from_where_it_was_frozen() -> None:
    stopped = SandboxClock(frozen_at=T0 + timedelta(days=2), source=lambda: T0)
    again = resumed(stopped)
    assert again.frozen_at is None
    assert again.now() == T0 + timedelta(days=2)


def test_a_running_clock_stops_at_the_end_of_its_range() -> None:
    """Set a second before the end and left running, a sandbox clock once crossed into the year
    3000 by itself, and its own state export was refused on import (clock outside 1900-2999)."""
    wall = [datetime(2026, 1, 1, tzinfo=UTC)]
    clock = set_to(SandboxClock(source=lambda: wall[0]), LATEST - timedelta(seconds=1))
    assert clock.now() == LATEST - timedelta(seconds=1)
    wall[0] += timedelta(days=400)  # a server left running
    assert clock.now() == LATEST
    assert EARLIEST <= clock.now() <= LATEST
