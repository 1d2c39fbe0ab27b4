"""Where a HAR entry that could not be read breaks HAR 1.2: the field, named by its path in the
entry, and what is wrong with it (``request.headers[0] has no "value"``). Reading an entry
raised Python's words for it (``'status'``, ``string indices must be integers``), which name
no field; the fields check-har reads are described once, as data (``har_entry.schema.json``),
and checked only once an entry has failed to read, so a good recording pays nothing for it."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

SCHEMA_PATH = Path(__file__).with_name("har_entry.schema.json")
# A refusal is one line: the first few places are enough to mend the file by.
MOST_SAID = 3


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def at_fault(entry: Any) -> str | None:
    """What in ``entry`` is not HAR's, in a few words a place, in the entry's own order; None
    where every field read has HAR's type (the value itself is what failed: a date past the
    calendar, text no wire carries), and the reader's own words say it."""
    errors = sorted(_validator().iter_errors(entry), key=lambda error: [str(p) for p in error.absolute_path])
    # jsonschema says each missing property apart, all at one place: said once, naming them all.
    faults = list(dict.fromkeys(_said(error) for error in errors))
    said = faults[:MOST_SAID]
    more = len(faults) - len(said)
    return "; ".join(said) + (f"; and {more} more" if more > 0 else "") if said else None


def _said(error: ValidationError) -> str:
    place = _place(error)
    if error.validator == "required":
        missing = " or ".join(f'"{name}"' for name in error.validator_value if name not in error.instance)
        return f"{place or 'the entry'} has no {missing}"
    expected = error.validator_value if error.validator == "type" else None
    if expected is not None:
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{place or 'the entry'} is {_kind(error.instance)}, where HAR has {_article(wanted)}"
    return f"{place or 'the entry'}: {error.message:.80}"


def _place(error: ValidationError) -> str:
    """``request.headers[0]``: the path from the entry to the value at fault ('' the entry)."""
    place = ""
    for step in error.absolute_path:
        place += f"[{step}]" if isinstance(step, int) else f".{step}" if place else str(step)
    return place


def _kind(value: Any) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def _article(wanted: str) -> str:
    return f"{'an' if wanted[0] in 'aeiou' else 'a'} {wanted}"
