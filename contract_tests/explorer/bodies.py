"""A step's body: a whole body from the target's data, one of the spec's examples with the
target's values in it, or a spelling drawn from the schema with the target's values laid over."""

from __future__ import annotations

from collections.abc import Mapping
from random import Random
from typing import Any

from .spellings import Speller, laid_over, typed_like
from .steps import Step


def body_of(
    pick: Random,
    step: Step,
    booking: str | None,
    *,
    param: str,
    speller: Speller,
    shown: Mapping[str, Any] | None = None,
    walked: bool = False,
    leads: bool = False,
) -> Any:
    """What ``step`` sends to ``booking`` (None: it names none), by the walk's random ``pick``;
    ``param`` is the field that names a booking, ``speller`` knows the target's real values,
    ``shown`` is what the booking's latest answer showed, ``walked`` whether one of the walk's
    own rows made it (a group's booking takes the group's form and an invitation), ``leads``
    whether the step was drawn as the one that leads to another (``links.preceded``): on such a
    booking it is then one of those rows, whole, as only the finder's invitation names a guest
    the walk holds a token for."""
    if step.body is None:
        return None
    if booking is not None:
        speller = speller.naming(param, booking, shown)
    # Where the body names one of several ways, the data's and the spec's bodies that name the
    # booking's own (``Speller.the_bookings_way``).
    way = speller.the_bookings_way(step.body)
    rows = [row for row in step.rows if way is None or way in row]
    if booking is not None and step.walk_rows:
        rows = [row for row in rows if (row in step.walk_rows) == walked]
    examples = [example for example in step.examples if way is None or way in example]
    if rows and (pick.random() < 0.5 or (leads and walked)):
        whole = dict(pick.choice(rows))
        named = booking is not None and param in whole
        return {**whole, **({param: typed_like(booking, whole[param])} if named else {})}
    if examples and pick.random() < 0.4:
        # A documented spelling, its ids and times the target's own.
        example = pick.choice(examples)
        properties = speller.schemas.resolved(step.body).get("properties") or {}
        return {
            name: typed_like(pick.choice(speller.real(name, properties.get(name) or {}, value)), value)
            if speller.known.get(name)
            else value
            for name, value in example.items()
        }
    drawn = speller.body(pick, step.body)
    overlays = [overlay for overlay in step.overlays if way is None or way in overlay]
    if overlays:
        return laid_over(step.body, drawn, pick.choice(overlays))
    return drawn
