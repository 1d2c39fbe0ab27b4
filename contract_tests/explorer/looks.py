"""The documented reads that no rule names as a view of a booking, sent beside the walk's steps.

A walk that sends only what the rules' words name never asks for a cancellation's preview, a
service, a time slot or a pass, and a vendor's bug there goes unseen however long it walks. So as
it begins, the walk reads each of them that names no booking once, as the document's role: what
a later read is held to (a catalogue reads the same each time). After each step it reads one of
them again: of the booking it changed last where the read names a booking, else of the target's
real resources, and as a drawn caller. The rule engine judges each answer as any other (its
status and shape by the spec, the sums the API's words say it shows), and the reads after every
step show that reading changed nothing.

Looks draw from a random of their own, seeded by the step, so a walk's other draws are the same
with them as without.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from .steps import Step

RECENT = 0.6
"""How often a look that names a booking reads the one the walk changed last."""


@dataclass(frozen=True)
class Look:
    """One documented read as the walk sends it."""

    step: Step
    query: Mapping[str, Any]
    """Its required query, as the target's data names it."""
    paths: Sequence[Mapping[str, Any]]
    """Real rows of its path's values other than a booking's, each naming every one of them: a
    provider's service is one the target showed at that provider."""


def path_rows(
    step: Step, param: str, rows: Sequence[Mapping[str, Any]], own: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]] | None:
    """The real rows that fill ``step``'s path but for its booking: its own where the target's
    data gives some, else every row naming all of them; None where no row does."""
    wanted = [name for name in step.parameters if name != param]
    found = [{name: row[name] for name in wanted} for row in (own or rows) if all(n in row for n in wanted)]
    unique = [row for n, row in enumerate(found) if row not in found[:n]]
    return unique if unique or not wanted else None


def first_looks(looks: Sequence[Look], param: str) -> list[tuple[Look, dict[str, Any]]]:
    """Each look that names no booking, at its first real path."""
    return [
        (look, dict(look.paths[0]) if look.paths else {})
        for look in looks
        if param not in look.step.parameters
    ]


def drawn_look(
    pick: Random, looks: Sequence[Look], *, param: str, live: Sequence[str], last: str | None,
    theirs: Sequence[Any],
) -> tuple[Look, dict[str, Any]] | None:  # fmt: skip
    """A look and its path's values (none where the plan has none). A look that names a booking reads the
    walk's last one most often, else one of its live ones, else one of the target's own
    (``theirs``)."""
    if not looks:
        return None
    look = pick.choice(looks)
    values = dict(pick.choice(look.paths)) if look.paths else {}
    if param in look.step.parameters:
        if last in live and pick.random() < RECENT:
            values[param] = last
        elif live or theirs:
            values[param] = pick.choice(list(live) or list(theirs))
        else:
            return None
    return look, values
