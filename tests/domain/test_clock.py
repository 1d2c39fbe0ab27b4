from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mockserver.domain.clock import FixedClock, SandboxClock, next_revision_time

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def test_sandbox_clock_shifts_real_time() -> None:
    clock = SandboxClock(offset=timedelta(days=2), source=lambda: T0)
    assert clock.now() == T0 + timedelta(days=2)


def test_frozen_sandbox_clock_ignores_real_time() -> None:
    frozen = T0 + timedelta(hours=5)
    assert SandboxClock(offset=timedelta(days=2), frozen_at=frozen, source=lambda: T0).now() == frozen


def test_revision_time_is_strictly_after_the_previous_one() -> None:
    assert next_revision_time(FixedClock(T0), T0) == T0 + timedelta(microseconds=1)
    later = T0 + timedelta(seconds=5)
    assert next_revision_time(FixedClock(later), T0) == later
