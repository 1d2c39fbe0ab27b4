"""Entries kept while the database is away: kept in order within the bound, and the database's
going and coming back each said once, in one line."""

from __future__ import annotations

import logging

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.control import journal_kept
from mockserver.control.journal_kept import KeptEntries


def gone() -> sa.exc.OperationalError:
    """SQLAlchemy's error for a refused connection, as psycopg words it (three lines, and SQLAlchemy's link)."""
    driver = psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused\n'
        "\tIs the server running on that host and accepting TCP/IP connections?"
    )
    return sa.exc.OperationalError("SELECT 1", {}, driver)


def test_the_database_going_and_coming_back_is_said_once_each_in_one_line(
    said: list[logging.LogRecord],
) -> None:
    kept: KeptEntries[str] = KeptEntries()
    for attempt in range(5):  # a try each half second while it is away
        kept.keep([*kept.take(), f"entry {attempt}"], gone())
    assert kept.take() == [f"entry {n}" for n in range(5)]
    kept.written(5)
    kept.written(0)  # and later commits say nothing
    assert [r.getMessage() for r in said] == [
        'journal: the database is away (connection failed: connection to server at "127.0.0.1", port 5432 '
        "failed: Connection refused); its entries are kept here until it is back",
        "journal: the database is back; the 5 entries kept while it was away are written",
    ]
    assert not kept


def test_past_the_bound_the_oldest_are_dropped_and_said(
    said: list[logging.LogRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_kept, "KEPT_LIMIT", 3)
    kept: KeptEntries[int] = KeptEntries()
    kept.keep([1, 2, 3, 4, 5], RuntimeError("gone"))
    assert kept.take() == [3, 4, 5]
    assert [(r.levelname, r.getMessage()) for r in said] == [
        ("ERROR", "journal: 2 entries dropped, the database away too long"),
        ("WARNING", "journal: the database is away (gone); its entries are kept here until it is back"),
    ]
