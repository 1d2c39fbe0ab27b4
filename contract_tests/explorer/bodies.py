"""A step's body: a whole body from the target's data, one of the spec's examples with the
target's values in it, or a spelling drawn from the schema with the target's values laid over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from .plan import Step
from .spellings import Speller, laid_over, typed


def body_of(pick: Random, step: Step, booking: str | None, *, param: str, speller: Speller) -> Any:
    """What ``step`` sends to ``booking`` (None: it names none), by the walk's random ``pick``;
    ``param`` is the field that names a booking, ``speller`` knows the target's real values."""
    if step.body is None:
        return None
    known: Mapping[str, Sequence[Any]] = {**speller.known, **({param: [booking]} if booking else {})}
    if step.rows and pick.random() < 0.5:
        whole = dict(pick.choice(list(step.rows)))
        named = booking and param in whole
        return {**whole, **({param: type(whole[param])(booking)} if named else {})}
    if step.examples and pick.random() < 0.4:
        # A documented spelling, its ids and times the target's own.
        example = pick.choice(list(step.examples))
        return {
            name: typed(pick.choice(known[name]), {"type": "integer"} if type(value) is int else {})
            if known.get(name)
            else value
            for name, value in example.items()
        }
    drawn = Speller(speller.schemas, known, speller.emails).body(pick, step.body)
    if step.overlays:
        return laid_over(step.body, drawn, pick.choice(list(step.overlays)))
    return drawn
