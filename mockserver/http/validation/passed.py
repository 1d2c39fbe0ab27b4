"""Answers already found to conform, remembered by digest: the same answer is not checked twice;
and queries that passed their operation's checks, with what they resolved to.

A sandbox gives the same bytes again and again: a client polling one booking, a test reading a
page twice, the dashboard refreshing, a load test. An answer's check is a function of its
schema, its encoding and its bytes alone (formats included: none reads the clock or the
network), so bytes that passed their schema once pass it again. Only passes are remembered; a
body that fails is checked each time, so its error is worded from the body itself. The key
holds a 128-bit BLAKE2b digest of the bytes, not the bytes, and at most ``PASSED_KEPT`` keys
are kept, the oldest dropped first.
"""

from __future__ import annotations

import hashlib

PASSED_KEPT = 4096

Key = tuple[int, str, bytes]


class PassedAnswers:
    """One app's remembered passes (each app has its own, with its compiled schemas)."""

    def __init__(self, limit: int = PASSED_KEPT) -> None:
        self._limit = limit
        self._passed: dict[Key, None] = {}

    def key(self, schema: object, encoding: str, body: bytes) -> Key:
        """``schema`` is a compiled schema its app keeps for its lifetime: its id is never reused."""
        return (id(schema), encoding, hashlib.blake2b(body, digest_size=16).digest())

    def __contains__(self, key: Key) -> bool:
        return key in self._passed

    def add(self, key: Key) -> None:
        if len(self._passed) >= self._limit:
            del self._passed[next(iter(self._passed))]
        self._passed[key] = None

    def __len__(self) -> int:
        return len(self._passed)


QUERIES_KEPT = 256
QUERY_KEPT_BYTES = 1024
SCALARS = (str, int, float, bool, type(None))


class PassedQueries:
    """One operation's query strings that passed its query parameters' checks, each with its
    parameters as resolved (parsed, coerced, defaults filled): a client polling a page or a
    week sends the same query again and again, and its check is a function of the raw query
    and the operation alone. Only queries of scalars up to ``QUERY_KEPT_BYTES`` are kept, at
    most ``QUERIES_KEPT``, the oldest dropped first; each request gets its own copy."""

    def __init__(self, limit: int = QUERIES_KEPT) -> None:
        self._limit = limit
        self._passed: dict[bytes, dict[str, object]] = {}

    def get(self, raw: bytes) -> dict[str, object] | None:
        found = self._passed.get(raw)
        return None if found is None else dict(found)

    def add(self, raw: bytes, resolved: dict[str, object]) -> None:
        if len(raw) > QUERY_KEPT_BYTES or not all(isinstance(v, SCALARS) for v in resolved.values()):
            return
        if len(self._passed) >= self._limit:
            del self._passed[next(iter(self._passed))]
        self._passed[raw] = dict(resolved)
