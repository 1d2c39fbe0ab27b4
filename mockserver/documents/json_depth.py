"""How deep a JSON text nests, told before it is parsed.

The standard library's parser recurses a level a bracket, and where it gives up moves between
Python releases: 3.11's raised ``RecursionError`` about a thousand levels down, 3.13's reads
five thousand. A reader of hostile JSON (a request's body, a vendor's answer) asks here first,
so its verdict is the same on every Python, and nothing after the parse walks a document deeper
than it was built to. Near the limit, too, whatever the collector finalises (a connection given
back to its pool, a generator closed) fails with a RecursionError no one sees.
"""

from __future__ import annotations

import re

# A JSON string as the parser reads one: brackets inside it are text, not nesting.
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def nested_within(text: str, limit: int) -> bool:
    """Whether no array or object in the JSON ``text`` lies more than ``limit`` levels down."""
    if text.count("[") + text.count("{") <= limit:
        return True  # most texts: too few brackets to be too deep
    depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return False
    return True
