"""How a setting is written and read: its variable's text, its units, and its refusal, named as
whoever gave it wrote it (``--workers``, ``BOOKING_SANDBOX_WORKERS``, or the field's own name)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeAlias

from mockserver.control.durations import parse_duration
from mockserver.domain.kernel.errors import InvalidInput

ENV_PREFIX = "BOOKING_SANDBOX_"
MIB = 1024 * 1024
ByteSize: TypeAlias = int
"""A size in bytes, written as a number (``4194304``) or with a unit (``4MiB``, ``64 MB``)."""


class SettingsError(ValueError):
    """A setting has a value the sandbox cannot run with.

    ``setting``: the field refused, where one is; the message then begins with its name, which
    ``Settings.load`` respells as it was given (a flag, a variable)."""

    def __init__(self, message: str, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting

    def given_as(self, spelling: str) -> SettingsError:
        """The same refusal naming the setting as ``spelling``."""
        message = str(self)
        if self.setting is None or not message.startswith(self.setting):
            return self
        return SettingsError(spelling + message[len(self.setting) :], self.setting)


def refused(setting: str, why: str) -> SettingsError:
    """``setting`` refused: ``why`` follows its name (``workers`` + ``must be from 1 to 64``)."""
    return SettingsError(f"{setting} {why}", setting)


def variable(setting: str) -> str:
    """The environment variable a setting is read from."""
    return ENV_PREFIX + setting.upper()


def parse_value(name: str, kind: Any, raw: str) -> Any:
    """A variable's text as its field's type (``kind``: the field's annotation)."""
    kind = str(kind)
    try:
        if kind in ("int", "int | None"):
            return int(raw) if raw.strip() or kind == "int" else None
        if kind in UNITS:
            return UNITS[kind](raw)
        if kind == "bool":
            lowered = raw.strip().lower()
            if lowered not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
                raise ValueError(raw)
            return lowered in ("1", "true", "yes", "on")
        if kind.startswith("tuple"):
            return tuple(part.strip() for part in raw.split(",") if part.strip())
        if kind.startswith("datetime"):
            return parse_instant(raw, name) if raw.strip() else None
    except ValueError:
        what = _WRITTEN.get(kind, kind)
        raise SettingsError(f"{variable(name)}={raw!r} is not {what}") from None
    return raw


# What each kind of setting is written as, said to whoever wrote something else (the type's
# own name, "datetime | None", says nothing to them).
_WRITTEN = {
    "int": "a whole number",
    "int | None": "a whole number (or empty, for none)",
    "bool": "one of 1, true, yes, on, 0, false, no, off",
    "float": "a number of seconds or a duration, e.g. 90, 15m or PT2H",
    "ByteSize": "a size, e.g. 64MiB",
    "datetime | None": (
        "an ISO 8601 instant with its UTC offset, e.g. 2027-01-04T09:00:00Z (or empty, for the wall clock)"
    ),
}


def byte_size(raw: str) -> int:
    """Bytes, written as a number (``4194304``) or with a unit (``4MiB``, ``64 MB``)."""
    if raw.strip().isdigit():
        return int(raw)
    # Only a size written with a unit needs the parser: every worker imports this module.
    import bitmath  # noqa: PLC0415

    return int(bitmath.parse_string(raw.strip()).bytes)


def seconds(raw: str) -> float:
    """Seconds, written as a number (``90``) or a duration (``90s``, ``2h``, ``PT15M``)."""
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        return parse_duration(raw).total_seconds()
    except InvalidInput:
        raise ValueError(raw) from None


UNITS: dict[str, Callable[[str], Any]] = {"float": seconds, "ByteSize": byte_size}
"""A field's type -> how its variable is read, where it carries a unit (``90s``, ``4MiB``)."""


def parse_instant(raw: str, name: str) -> datetime:
    """An ISO 8601 instant with its UTC offset (``Z`` or ``+01:00``); ``name``: as the caller
    spells the setting (``--start-at``)."""
    try:
        instant = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise SettingsError(f"{name} {raw!r} is not an ISO 8601 instant, e.g. 2027-01-04T09:00:00Z") from None
    if instant.utcoffset() is None:
        raise SettingsError(f"{name} {raw!r} needs a UTC offset, e.g. 2027-01-04T09:00:00Z")
    return instant


def render(value: Any) -> str:
    """A value as its variable is written (``Settings.to_environment``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)
