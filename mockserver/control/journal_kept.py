"""Journal entries kept while the database is away (a PostgreSQL restart), and written with the
next commit once it is back, in order: every answered request is journaled across a restart.

The log says once that the database went away, in one line, and once that it came back. A line
for each try (two a second while the writer is idle, one for each batch under load) was, for
one restart, a page of SQLAlchemy's errors of three lines each.
"""

from __future__ import annotations

import logging
from typing import Generic, TypeVar

from mockserver.http.errors import error_line

logger = logging.getLogger(__name__)

KEPT_LIMIT = 100_000
"""Past this many entries kept, the oldest are dropped (and logged)."""

Entry = TypeVar("Entry")


class KeptEntries(Generic[Entry]):
    """The entries whose write met the database gone, oldest first."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._away = False

    def __bool__(self) -> bool:
        return bool(self._entries)

    def take(self) -> list[Entry]:
        """The entries kept so far, to be written ahead of the next batch; none are kept after."""
        entries, self._entries = self._entries, []
        return entries

    def keep(self, entries: list[Entry], failure: BaseException) -> None:
        """``entries`` (those taken and the batch) met ``failure``, the database gone."""
        self._entries = entries[-KEPT_LIMIT:]
        if len(entries) > KEPT_LIMIT:
            logger.error("journal: %d entries dropped, the database away too long", len(entries) - KEPT_LIMIT)
        if not self._away:
            self._away = True
            logger.warning(
                "journal: the database is away (%s); its entries are kept here until it is back",
                error_line(failure),
            )

    def written(self, taken: int) -> None:
        """The entries taken were written, ``taken`` of them: the database is back, if it was away."""
        if self._away:
            self._away = False
            logger.warning(
                "journal: the database is back; the %d entries kept while it was away are written", taken
            )
