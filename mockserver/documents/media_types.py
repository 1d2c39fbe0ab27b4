"""What a ``Content-Type`` or ``Accept`` header names, as HTTP reads it: one reading for the
server's request check and for the rule engine that judges a vendor's refusals.

A media type's name is case-insensitive and its parameters follow a ``;``, with optional space
either side (RFC 9110 8.3.1); an ``Accept`` lists ranges, each with an optional weight (12.5.1).
"""

from __future__ import annotations


def media_type_of(given: str) -> str:
    """The media type alone, in lower case: ``application/json`` of ``Application/JSON ;
    charset=UTF-8``."""
    return given.split(";", 1)[0].strip().lower()


def parameters_of(given: str) -> list[tuple[str, str]]:
    """The parameters after the media type, each name in lower case and its value unquoted."""
    return [_parameter(part) for part in given.split(";")[1:] if part.strip()]


def admits(accept: str, media_type: str) -> bool:
    """Whether an ``Accept`` admits ``media_type`` (in lower case): none at all admits any; else
    a range of the type itself, of its kind (``application/*``) or of every type (``*/*``),
    with a weight above 0."""
    if not accept.strip():
        return True
    kind = media_type.split("/", 1)[0]
    for listed in accept.split(","):
        if media_type_of(listed) in (media_type, f"{kind}/*", "*/*") and _weight(parameters_of(listed)) > 0:
            return True
    return False


def _parameter(part: str) -> tuple[str, str]:
    name, _, value = part.partition("=")
    return name.strip().lower(), value.strip().strip('"')


def _weight(parameters: list[tuple[str, str]]) -> float:
    weights = [value for name, value in parameters if name == "q"]
    try:
        return float(weights[0]) if weights else 1.0
    except ValueError:
        return 1.0
