"""A read's answer kept while nothing it was made from can have changed: a client polling one
booking, a calendar's week or a class's places is answered again without its handler's reads.

An API handler's answer is a function of its request, the database and the sandbox clock. A
SQLite answer is kept under the version of the database read *before* its handler ran, and
given again only while that version reads the same:

- ``PRAGMA data_version`` on the worker's read connection (``on_loop.SteadyConnections``),
  which changes whenever any other connection commits, in this process or another; that
  connection never writes, so every write of every worker moves it (a write that changed
  nothing may move it too, which only drops answers). Read before the handler, a commit
  racing the handler leaves its answer under an older version, never under the newer one.
- the ``CLOCKS`` counter (``generation.py``), since each process keeps the clock rows it read
  and a clock's change is committed before the counter moves.
- the sandbox clock: a running clock reads the wall clock (``noting_reads`` marks it), and an
  answer whose handler read it is not kept. A frozen clock is a row of the database.

The request is the rest: its method, path, query and headers (``http/operations/request_keys.py``),
all a handler can read of it. Only a request asked lately is looked for and its answer kept: a
first one reads no version, so a load of reads each asked once costs next to nothing more. Not
kept: an answer a handler built as a response of its own (a middleware may change its headers in
place), any handler's that wrote, waited or raised, and anything on PostgreSQL (no version to
read), or where a read marks the sandbox used (idle eviction). All answers belong to one
version: a new one drops them all. A worker keeps at most ``KEPT_MOST`` answers and
``KEPT_BYTES`` of them as JSON, the oldest dropped first.

``serve --kept-answers verify`` holds that proof to account: a kept answer is made anew by its
handler all the same, and where the two differ an error is logged and the handler's is sent
(the whole kit's runs against the sandbox serve so, ``tests/contract/test_kit_passes.py``).
``--kept-answers off`` keeps nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from datetime import datetime
from typing import Any

import orjson

logger = logging.getLogger(__name__)

# A context variable, not module state: each request's task sees its own.
_WALL_READ: ContextVar[bool] = ContextVar("booking_sandbox_wall_clock_read", default=False)

KEPT_MOST = 256
"""Answers one worker keeps at a time."""
KEPT_BYTES = 2 * 1024 * 1024
"""What those answers may come to, as JSON: a page of a hundred bookings is about 60 KiB, and
held as Python's dicts and strings two or three times that."""

ASKED_PER_ANSWER = 4
"""Requests noted as asked, for each answer kept."""


def noting_reads(source: Callable[[], datetime]) -> Callable[[], datetime]:
    """``source`` (the wall clock the store's sandbox clocks run on), marking each read."""

    def now() -> datetime:
        _WALL_READ.set(True)
        return source()

    return now


class WallClockWatch:
    """Whether a block read the wall clock through ``noting_reads``."""

    def __enter__(self) -> WallClockWatch:
        self._token = _WALL_READ.set(False)
        return self

    @property
    def read(self) -> bool:
        return _WALL_READ.get()

    def __exit__(self, *exc: object) -> None:
        _WALL_READ.reset(self._token)


Look = tuple[tuple[str, Hashable], Hashable]
"""An answer's key (its handler's name and the request's key) and the version it is looked for at."""


class KeptAnswers:
    """One app's kept answers. ``version``: the database's version, or ``None`` where answers
    cannot be kept; ``request_key``: the request's key, or ``None`` where it is not a read."""

    def __init__(
        self,
        version: Callable[[], Hashable | None],
        request_key: Callable[[], Hashable | None],
        most: int = KEPT_MOST,
        most_bytes: int = KEPT_BYTES,
        *,
        verify: bool = False,
    ) -> None:
        self.verify = verify
        """Whether a kept answer is made anew all the same, and the two compared (``verified``)."""
        self._version = version
        self._request_key = request_key
        self._most, self._most_bytes = most, most_bytes
        self._at: Hashable | None = None
        self._answers: dict[Hashable, tuple[Any, int]] = {}  # each answer and its size as JSON
        self._held = 0
        self._asked: dict[Hashable, None] = {}  # requests lately asked, in order

    @classmethod
    def of(
        cls,
        version: Callable[[], Hashable | None] | None,
        request_key: Callable[[], Hashable | None],
        mode: str = "on",
    ) -> KeptAnswers | None:
        """An app's kept answers as ``mode`` (the ``kept_answers`` setting) says, or ``None``
        where none are kept: ``off``, or a store with no version to keep them at."""
        if version is None or mode == "off":
            return None
        return cls(version, request_key, verify=mode == "verify")

    def look(self, name: str) -> tuple[Look | None, Any]:
        """Where this request's answer to handler ``name`` would be kept (``None``: not to be
        kept), and the answer kept there (``None``: none). A request not asked lately is only
        noted, without reading the version: a load that never asks twice pays no more."""
        request = self._request_key()
        if request is None:
            return None, None
        key = (name, request)
        if key not in self._asked:
            _bounded(self._asked, self._most * ASKED_PER_ANSWER)[key] = None
            return None, None
        version = self._version()
        if version is None:
            return None, None
        if version != self._at:
            self._answers.clear()
            self._at, self._held = version, 0
        kept = self._answers.get(key)
        return (key, version), None if kept is None else kept[0]

    def keep(self, look: Look, answer: Any) -> None:
        """Keeps a handler's answer where ``look`` says, if it is one that may be given again,
        dropping the oldest past either bound."""
        key, version = look
        if version != self._at or not _plain_success(answer) or key in self._answers:
            return
        try:
            size = len(orjson.dumps(answer[0]))
        except TypeError:  # not a document orjson writes: the answer is sent some other way
            return
        if size > self._most_bytes:
            return
        while self._answers and (len(self._answers) >= self._most or self._held + size > self._most_bytes):
            self._held -= self._answers.pop(next(iter(self._answers)))[1]
        self._answers[key] = (answer, size)
        self._held += size

    def verified(self, look: Look, kept: Any, made: Any) -> None:
        """Compares the answer kept at ``look`` with the one its handler ``made`` again there
        (``verify``): where they differ, the proof in this module's docstring missed something;
        it is logged, and the kept one dropped."""
        key, version = look
        if kept == made:
            logger.debug("kept answer of %s verified", key[0])
            return
        if self._version() != version:
            # A write committed between the look and the handler's reads (another worker's):
            # the kept answer was true when the request was looked up, the handler's a moment
            # later. Compared, a poll beside two workers' creates "differed" in one read of a
            # thousand, and a reset's in one of fifty, though nothing kept was ever stale.
            logger.debug("kept answer of %s not compared: a write committed as it was made anew", key[0])
            return
        difference = _first_difference(kept, made, "") or "the answer"
        logger.error(
            "kept answer of %s differed from its handler's at %s; the handler's was sent",
            key[0],
            difference,
        )
        dropped = self._answers.pop(key, None)
        if dropped is not None:
            self._held -= dropped[1]


def _first_difference(kept: Any, made: Any, where: str) -> str | None:
    """Where two answers first differ, and what each holds there; ``None`` where they are equal."""
    if isinstance(kept, dict) and isinstance(made, dict) and kept.keys() == made.keys():
        pairs: Any = ((f"{where}.{name}", kept[name], made[name]) for name in kept)
    elif isinstance(kept, (list, tuple)) and isinstance(made, (list, tuple)) and len(kept) == len(made):
        pairs = ((f"{where}[{at}]", a, b) for at, (a, b) in enumerate(zip(kept, made, strict=True)))
    else:
        return None if kept == made else f"{where or 'the answer'}: kept {kept!r:.200}, made {made!r:.200}"
    return next((found for path, a, b in pairs if (found := _first_difference(a, b, path))), None)


def kept_on(backend: str, evicting: bool) -> bool:
    """Whether a store keeps answers: SQLite's (``PRAGMA data_version`` is their version; none on
    PostgreSQL), and not where a read marks its sandbox used (idle eviction)."""
    return backend == "sqlite" and not evicting


def _bounded(kept: dict[Hashable, Any], most: int) -> dict[Hashable, Any]:
    """``kept`` with room for one more, its oldest dropped first."""
    if len(kept) >= most:
        del kept[next(iter(kept))]
    return kept


def _plain_success(answer: Any) -> bool:
    """A body with a 200 status (and headers), as a handler returns it for Connexion to send."""
    return isinstance(answer, tuple) and len(answer) in (2, 3) and answer[1] == 200
