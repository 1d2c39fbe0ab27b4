"""A sandbox forgotten while a request on its key was under way.

``DELETE /_sandbox/sandbox`` (a test's teardown, a user's reset of everything) may commit
between a request's making sure of its key's sandbox and that request's own transaction. Its
reads then found no sandbox row: a 500 (SQLAlchemy's "No row was found"), or an export of
tables a new sandbox of the key no longer has. Such a request is served as if it came after the
forget: on the key's sandbox made anew. Only a key forgotten again and again under it (each
time in that moment) is told to retry, with the 503 of storage gone for a moment.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from mockserver.domain.kernel.errors import StorageUnavailable

P = ParamSpec("P")
T = TypeVar("T")

TRIES = 3
"""How often a request is served on its key's sandbox made anew before it is told to retry."""


class SandboxGone(Exception):
    """The key's sandbox is not in the database: forgotten since it was made."""


def made_again(method: Callable[P, T]) -> Callable[P, T]:
    """``method`` (one that makes sure of a key's sandbox first), run again from the start where
    the sandbox was gone by its transaction (``SandboxGone``, nothing written)."""

    @functools.wraps(method)
    def again(*args: P.args, **kwargs: P.kwargs) -> T:
        for _ in range(TRIES):
            with contextlib.suppress(SandboxGone):
                return method(*args, **kwargs)
        raise StorageUnavailable

    return again
