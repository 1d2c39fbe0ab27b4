"""Durations as people write them: ISO 8601 (``PT15M``, ``P2DT3H``) or short (``90s``, ``1d12h``)."""

from __future__ import annotations

import re
from datetime import timedelta

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

# ASCII digits: \d and float() also read other scripts' ("P\u0663D" was three days).
_ISO = re.compile(
    r"^P(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.ASCII,
)
_SHORT = re.compile(r"(\d+(?:\.\d+)?)(ms|w|d|h|m|s)", re.ASCII)
_SHORT_WHOLE = re.compile(r"^(?:\d+(?:\.\d+)?(?:w|d|h|ms|m|s))+$", re.ASCII)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds", "ms": "milliseconds"}
LONGEST = timedelta(days=36500)


def parse_duration(text: str, field: str = "duration") -> timedelta:
    try:
        duration = _parsed(text, field)
    except OverflowError:
        duration = timedelta.max  # more days than a timedelta holds: refused as too long below
    if duration > LONGEST:
        raise InvalidInput(f"{field} is longer than 100 years", problems=(FieldProblem(field, "too long"),))
    return duration


def _parsed(text: str, field: str) -> timedelta:
    value = text.strip()
    iso = _ISO.match(value.upper())
    if iso and value.upper() not in ("P", "PT") and not value.upper().endswith("T"):
        parts = {name: float(amount) for name, amount in iso.groupdict().items() if amount}
        duration = timedelta(
            weeks=parts.get("w", 0),
            days=parts.get("d", 0),
            hours=parts.get("h", 0),
            minutes=parts.get("m", 0),
            seconds=parts.get("s", 0),
        )
    elif _SHORT_WHOLE.match(value.lower()):
        duration = timedelta()
        for amount, unit in _SHORT.findall(value.lower()):
            duration += timedelta(**{_UNITS[unit]: float(amount)})
    elif value.startswith("-") and _is_duration(value[1:]):
        raise InvalidInput(
            f"{field} {text!r} is negative",
            problems=(FieldProblem(field, "a duration is never negative"),),
        )
    else:
        raise InvalidInput(
            f"{field} {text!r} is not a duration",
            problems=(
                FieldProblem(
                    field, "use ISO 8601 (PT15M, P2DT3H) or a short form (90s, 15m, 2h, 3d, 1w, 1d12h)"
                ),
            ),
        )
    return duration


def _is_duration(text: str) -> bool:
    try:
        _parsed(text, "")
    except InvalidInput:
        return False
    return True
