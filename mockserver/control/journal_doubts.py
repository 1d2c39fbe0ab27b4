"""Journal entries whose commit may have gone through: written once, whatever the outcome said.

PostgreSQL can end a session after it has committed a batch and before the answer reaches the
writer (a restart's shutdown, a dropped connection): the writer sees the batch fail, keeps its
entries and writes them again once the database is back, under a slot it may have leased
anew, so under new ids. An entry whose last attempt failed that way remembers the id that
attempt gave it (``tried_as``); the next attempt first asks which of those ids the journal
holds (one read, only after such a failure) and writes only the others. An id names one
process's slot, so an id the journal holds is that attempt's own row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Protocol, TypeVar


class Doubtable(Protocol):
    @property
    def tried_as(self) -> int | None: ...


T = TypeVar("T", bound=Doubtable)


def doubted(writing: list[T], attempted: Mapping[int, int]) -> list[T]:
    """``writing`` after a failed attempt that gave the entries ``attempted`` ids (by ``id()``)."""
    return [replace(pending, tried_as=attempted.get(id(pending), pending.tried_as)) for pending in writing]  # type: ignore[type-var]


def unwritten(present: Callable[[list[int]], set[int]], batch: list[T]) -> list[T]:
    """The entries of ``batch`` an earlier attempt did not write; ``present`` asks the journal
    which of some ids it holds."""
    tried = [pending.tried_as for pending in batch if pending.tried_as is not None]
    if not tried:
        return batch
    held = present(tried)
    return [pending for pending in batch if pending.tried_as not in held]
