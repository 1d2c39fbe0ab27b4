"""The clocks that date a batch of journal entries (``control.journal_clocks``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from mockserver.control.journal_clocks import BatchClocks

REAL = datetime(2027, 3, 14, 6, 30, tzinfo=UTC)


def row(offset: timedelta = timedelta(0), frozen_at: datetime | None = None) -> SimpleNamespace:
    """A sandbox's clock columns as stored: an offset in microseconds, a naive frozen instant."""
    return SimpleNamespace(
        clock_offset_us=offset // timedelta(microseconds=1),
        clock_frozen_at=frozen_at.replace(tzinfo=None) if frozen_at else None,
    )


def test_each_entry_is_dated_on_its_own_rows_clock_at_its_own_instant() -> None:
    ahead, stopped = row(timedelta(days=2)), row(frozen_at=datetime(2027, 1, 6, 15, tzinfo=UTC))
    dating = BatchClocks()
    later = REAL + timedelta(seconds=3)
    # Interleaved, as a turn's requests for two sandboxes arrive: a clock made once per row
    # must still read each entry's own instant, and never lend one row's clock to another.
    assert [
        dating.at(ahead, REAL),
        dating.at(stopped, REAL),
        dating.at(ahead, later),
        dating.at(None, later),
        dating.at(stopped, later),
    ] == [
        REAL + timedelta(days=2),
        datetime(2027, 1, 6, 15, tzinfo=UTC),
        later + timedelta(days=2),
        later,
        datetime(2027, 1, 6, 15, tzinfo=UTC),
    ]
