"""A HAR entry's fields read as the rule engine reads them (each refusing what HAR's type or a
wire cannot be), and where an entry that could not be read breaks HAR 1.2: the field, named by its path in the
entry, and what is wrong with it (``request.headers[0] has no "value"``). Reading an entry
raised Python's words for it (``'status'``, ``string indices must be integers``), which name
no field; the fields check-har reads are described once, as data (``har_entry.schema.json``),
and checked only once an entry has failed to read, so a good recording pays nothing for it."""

from __future__ import annotations

import functools
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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


# No HTTP exchange lasts a week.
LONGEST_MS = 7 * 24 * 3600 * 1000
# The rules read when an exchange was answered, its start plus its time: both on the calendar.
LATEST_START = datetime.max.replace(tzinfo=UTC) - timedelta(milliseconds=LONGEST_MS)


def duration(value: Any) -> float:
    """``time`` in milliseconds; HAR's -1 (not known), or none, as 0."""
    duration = float(value or 0)
    if not math.isfinite(duration) or duration > LONGEST_MS:
        raise ValueError(f"time: {value!r} ms is no exchange's duration")
    return max(duration, 0.0)


def headers_of(pairs: list[dict[str, Any]]) -> dict[str, str]:
    # HTTP/2 captures spell names in lower case, HTTP/1.1 ones as sent: one spelling to look up.
    return {text(pair["name"]).lower(): text(pair["value"]) for pair in pairs}


def string(value: Any) -> str:
    """A field HAR has as text (a method, a URL): ``null`` read as the method ``NONE`` was judged
    as the vendor's call."""
    if not isinstance(value, str):
        raise TypeError(f"{value!r:.40} where text is")
    return value


def url_of(given: str) -> str:
    """A URL as the rules read it: one urllib cannot (``http://[::1/…``) had been a traceback."""
    try:
        urlsplit(given)
    except ValueError as error:
        raise ValueError(f"request.url cannot be read as a URL ({error})") from None
    return given


def status_of(value: Any) -> int:
    """An answer's status: HAR's integer, or its digits as text; a boolean or a fraction is none."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{value!r:.40} is no status")
    return int(value)


def text(value: Any) -> str:
    """A HAR string as text a wire could carry: JSON admits a lone surrogate, which no UTF-8
    spells, and a rule that encodes the text (a credential's fingerprint) would fail on it."""
    said = str(value)
    try:
        said.encode()
    except UnicodeEncodeError:
        raise ValueError(f"{said!a:.40} is not text a wire carries") from None
    return said


def instant(value: Any) -> datetime:
    if not value:
        return datetime.min.replace(tzinfo=UTC)
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if moment > LATEST_START:
        raise ValueError(f"startedDateTime: {value!s:.40} leaves no room on the calendar for its time")
    return moment
