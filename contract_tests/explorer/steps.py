"""One documented operation as the walk sends it: its method, path and role, and the bodies the
target's data and the spec give it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .spellings import Schema

PARAMETER = re.compile(r"{(\w+)}")


@dataclass(frozen=True)
class Step:
    """One documented operation as the walk sends it."""

    method: str
    template: str
    role: str
    """The role the document gives it (the walk also sends it as every other)."""
    body: Schema | None = None
    rows: Sequence[Mapping[str, Any]] = ()
    """Whole bodies the target's data gives (used in place of a drawn one, half the time)."""
    overlays: Sequence[Mapping[str, Any]] = ()
    """Fields to lay over a drawn body (a real slot and date)."""
    examples: Sequence[Mapping[str, Any]] = ()
    """The spec's own example bodies: the spellings its documents show (a cancel with its
    reason, a confirmation with a note), sent with the target's real values in them."""
    keyed: str | None = None
    """The header its document takes an idempotency key in (``retries.py``)."""
    walk_rows: Sequence[Mapping[str, Any]] = ()
    """Those of ``rows`` for the walk alone (``RealIds.walk_bodies``): they go together, so a
    booking one of them made is changed by them, and any other booking by the rest."""

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def parameters(self) -> list[str]:
        return PARAMETER.findall(self.template)
