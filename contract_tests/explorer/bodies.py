"""A step's body: a whole body from the target's data, one of the spec's examples with the
target's values in it, or a spelling drawn from the schema with the target's values laid over."""

from __future__ import annotations

from random import Random
from typing import Any

from .plan import Step
from .spellings import Speller, laid_over, typed_like


def body_of(pick: Random, step: Step, booking: str | None, *, param: str, speller: Speller) -> Any:
    """What ``step`` sends to ``booking`` (None: it names none), by the walk's random ``pick``;
    ``param`` is the field that names a booking, ``speller`` knows the target's real values."""
    if step.body is None:
        return None
    if booking is not None:
        speller = speller.naming(param, booking)
    if step.rows and pick.random() < 0.5:
        whole = dict(pick.choice(list(step.rows)))
        named = booking is not None and param in whole
        return {**whole, **({param: typed_like(booking, whole[param])} if named else {})}
    if step.examples and pick.random() < 0.4:
        # A documented spelling, its ids and times the target's own.
        example = pick.choice(list(step.examples))
        known = speller.known
        return {
            name: typed_like(pick.choice(known[name]), value) if known.get(name) else value
            for name, value in example.items()
        }
    drawn = speller.body(pick, step.body)
    if step.overlays:
        return laid_over(step.body, drawn, pick.choice(list(step.overlays)))
    return drawn
