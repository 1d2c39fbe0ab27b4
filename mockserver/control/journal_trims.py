"""Which sandboxes' entries a batch should trim: a trim walks an index of ``limit`` entries, so
a sandbox's shard is trimmed once a tenth of the limit, or of the bound in bytes, has come in
since its last trim (only this batch's rows can have). Reads bound the union exactly, so the
rows kept past the limit in between are never seen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

UNTRIMMED_SANDBOXES = 10_000
"""Sandboxes whose entries since their last trim are counted; past this, all are trimmed."""


class TrimsDue:
    def __init__(self, limit: int, max_bytes: int | None) -> None:
        self._every = max(1, limit // 10)
        self._bytes = float("inf") if max_bytes is None else max(1, max_bytes // 10)
        self._untrimmed: dict[str, tuple[int, int]] = {}  # entries and bytes since a trim

    def after(self, rows: Iterable[Mapping[str, Any]]) -> list[str]:
        """Counts ``rows`` (journal rows about to be written) and names the sandboxes due a trim,
        which are counted afresh from here."""
        written = set()
        for row in rows:
            digest = row["sandbox_hash"]
            count, stored = self._untrimmed.get(digest, (0, 0))
            self._untrimmed[digest] = (count + 1, stored + row["stored_bytes"])
            written.add(digest)
        due = [
            digest
            for digest in written
            if self._untrimmed[digest][0] >= self._every or self._untrimmed[digest][1] >= self._bytes
        ]
        if len(self._untrimmed) > UNTRIMMED_SANDBOXES:
            due = list(self._untrimmed)
        for digest in due:
            del self._untrimmed[digest]
        return due
