"""One frozen settings object, layered: defaults < environment < command line.

Environment variables are ``BOOKING_SANDBOX_<FIELD>`` (``BOOKING_SANDBOX_SEED=7``).
``serve``'s workers are forked with the settings object itself; ``to_environment`` writes
them for a process that must read them back: a worker started again after one died
(``workers.py``), an app started by another ASGI server (``asgi.py``).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeAlias

from mockserver.control.durations import parse_duration
from mockserver.domain.kernel.errors import InvalidInput

ENV_PREFIX = "BOOKING_SANDBOX_"
EVERY_INTERFACE = {"0.0.0.0": "127.0.0.1", "::": "::1"}
"""The hosts that listen on every interface, and the loopback that reaches each."""
MIB = 1024 * 1024
ByteSize: TypeAlias = int
"""A size in bytes, written as a number (``4194304``) or with a unit (``4MiB``, ``64 MB``)."""
KNOWN_APIS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3")
KEPT_ANSWERS = ("on", "off", "verify")
SEED_MAX = 2**31 - 1
MAX_WORKERS = 64  # a process each: a mistyped --workers 999 forked until memory ran out


class SettingsError(ValueError):
    """A setting has a value the sandbox cannot run with."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    seed: int = 42
    # A file path or SQLAlchemy URL; empty means a fresh temporary SQLite file.
    db: str = ""
    # One worker per core: a worker is one Python process, so one core at most (serving.py).
    workers: int = 2
    apis: tuple[str, ...] = KNOWN_APIS
    # Serve a single API at "/" so paths match the vendor's exactly.
    root: bool = False
    validate_responses: bool = True
    max_body_bytes: int = 64 * 1024
    # The world every new sandbox starts from: a YAML file of openapi/world.schema.json's
    # shape; empty means the package's default world (fixtures/default-world.yaml).
    world: str = ""
    # Folders of the user's own scenario files, offered beside the built-in ones.
    scenarios: tuple[str, ...] = ()
    # Journal entries kept per sandbox, and the most they hold in bytes as stored (bodies,
    # headers, address); past either, the oldest go first.
    journal_limit: int = 1000
    journal_max_bytes: ByteSize = 4 * MIB
    log_level: str = "info"
    # Every new sandbox's clock starts here instead of at the wall clock's reading,
    # so a server behaves the same whatever day it runs on; ``frozen`` stops it there.
    start_at: datetime | None = None
    frozen: bool = False
    # Loopback and private webhook destinations a server not on loopback may call (CIDRs, names).
    webhook_allow: tuple[str, ...] = ()
    # Web pages' origins (http://localhost:3000, or *) whose scripts may call the APIs and the
    # control API from a browser; none by default, as no vendor document offers it.
    cors_origins: tuple[str, ...] = ()
    # The most one webhook send may take, connection to last byte read.
    webhook_timeout: float = 10.0
    # The most sandboxes (keys) the server keeps; a new key past it answers 503. High enough
    # that a laptop never meets it; a server others can reach sets it to what its disk holds.
    max_sandboxes: int = 10_000
    # Seconds without a request after which a sandbox is evicted (0: never, the default, so
    # a sandbox left overnight is still there in the morning).
    evict_idle_after: float = 0.0
    # Answer only what the vendors' documents and artefacts show: no sandbox-only field or
    # control API (docs/fidelity.md lists what goes), so the contract kit meets a stranger.
    vendor_only: bool = False
    # Bounds on a connection (http/bounded.py): a request head must arrive within head_timeout
    # seconds, a body keep min_body_rate bytes a second after that grace, a head stay within
    # max_head_bytes (431), and a worker hold at most max_connections (503 past it).
    head_timeout: float = 10.0
    min_body_rate: int = 1024
    max_head_bytes: int = 32 * 1024
    max_connections: int = 1000
    # Count what each sandbox's traffic covers (booking-sandbox coverage); off only to measure
    # what the counting costs (benchmarks/coverage_cost.py).
    coverage: bool = True
    # With vendor_only: where the documents leave a choice open (ids, list order, offsets, the
    # booking window, each account's catalogue), choose otherwise, as this seed says.
    vary: int | None = None
    # A read asked again is answered from what its worker kept while nothing it was made from
    # changed (storage/database/kept_answers.py); "verify" makes it anew every time and logs an
    # error where the two differ, "off" keeps nothing.
    kept_answers: str = "on"

    def __post_init__(self) -> None:
        self._check_what_is_served()
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port {self.port} is out of range")
        if not 0 <= self.seed <= SEED_MAX:
            # As the control API's reset and a state's import take it: what a sandbox's row holds.
            raise SettingsError(f"seed {self.seed} is out of range: a whole number from 0 to {SEED_MAX}")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise SettingsError(f"workers must be from 1 to {MAX_WORKERS}, not {self.workers}")
        if not 0.5 <= self.webhook_timeout <= 60:
            raise SettingsError("webhook_timeout must be between 0.5 and 60 seconds")
        if self.max_sandboxes < 1:
            raise SettingsError("max_sandboxes must be at least 1")
        if self.evict_idle_after and not 60 <= self.evict_idle_after <= 100 * 365 * 86400:
            # Shorter, and a sandbox between two steps of one test run could vanish.
            raise SettingsError("evict_idle_after must be 0 (never) or between 1 minute and 100 years")
        if self.journal_limit < 1:
            raise SettingsError("journal_limit must be at least 1")
        if not MIB <= self.journal_max_bytes <= 1024 * 1024 * MIB:
            # Below a mebibyte, one entry of two whole 64 KiB bodies would leave room for few more.
            raise SettingsError("journal_max_bytes must be between 1MiB and 1TiB")
        if self.max_body_bytes < 1024:
            raise SettingsError("max_body_bytes must be at least 1024")
        self._check_connection_bounds()
        if self.kept_answers not in KEPT_ANSWERS:
            raise SettingsError(
                f"kept answers (--kept-answers, {ENV_PREFIX}KEPT_ANSWERS) are one of "
                f"{', '.join(KEPT_ANSWERS)}, not {self.kept_answers!r}"
            )
        if self.start_at is not None and self.start_at.utcoffset() is None:
            raise SettingsError("start_at needs a UTC offset, e.g. 2027-01-04T09:00:00Z")
        if self.start_at is not None and not 1900 <= self.start_at.year <= 2999:
            # Near datetime's limits clock arithmetic would overflow; no booking lives there.
            raise SettingsError("start_at must lie in the years 1900 to 2999")

    @property
    def address(self) -> str:
        """Where the server listens as a URL writes it (``127.0.0.1:8000``, ``[::1]:8000``)."""
        return _address(self.host, self.port)

    @property
    def local_address(self) -> str:
        """``address`` as this machine reaches it: on every interface (``0.0.0.0``, ``::``), its
        loopback (a browser refuses 0.0.0.0)."""
        return _address(EVERY_INTERFACE.get(self.host, self.host), self.port)

    def _check_connection_bounds(self) -> None:
        if not 1 <= self.head_timeout <= 600:
            raise SettingsError("head_timeout must be between 1 and 600 seconds")
        if self.min_body_rate < 0:
            raise SettingsError("min_body_rate must be 0 (any) or more bytes a second")
        if not 1024 <= self.max_head_bytes <= 1024 * 1024:
            raise SettingsError("max_head_bytes must be between 1 KiB and 1 MiB")
        if self.max_connections < 1:
            raise SettingsError("max_connections must be at least 1")

    def _check_what_is_served(self) -> None:
        unknown = [api for api in self.apis if api not in KNOWN_APIS]
        if unknown:
            meant = [known for api in unknown for known in KNOWN_APIS if known.startswith(api.split("-")[0])]
            hint = f" (did you mean {', '.join(dict.fromkeys(meant))}?)" if meant else ""
            raise SettingsError(f"unknown API {', '.join(unknown)}{hint}; known: {', '.join(KNOWN_APIS)}")
        if not self.apis:
            raise SettingsError("at least one API must be served")
        if self.root and len(self.apis) != 1:
            raise SettingsError("--root serves exactly one API: name it with --api")
        if self.vary is not None and not self.vendor_only:
            raise SettingsError("--vary varies a vendor's server: it goes with --vendor-only")
        for origin in self.cors_origins:
            if (problem := origin_problem(origin)) is not None:
                raise SettingsError(f"cors origin {origin!r}: {problem}")

    @classmethod
    def load(
        cls, overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then ``BOOKING_SANDBOX_*`` variables, then ``overrides`` (CLI flags)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = environ.get(ENV_PREFIX + field.name.upper())
            if raw is not None:
                values[field.name] = _parse(field.name, field.type, raw)
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        if isinstance(values.get("apis"), list):
            values["apis"] = tuple(values["apis"])
        if isinstance(values.get("journal_max_bytes"), str):
            raw = values["journal_max_bytes"]
            try:
                values["journal_max_bytes"] = byte_size(raw)
            except ValueError:
                raise SettingsError(f"--journal-max-bytes {raw!r} is not a size, e.g. 64MiB") from None
        if isinstance(values.get("start_at"), str):
            values["start_at"] = parse_instant(values["start_at"], "start_at")
        return cls(**values)

    def to_environment(self) -> dict[str, str]:
        return {ENV_PREFIX + name.upper(): _render(value) for name, value in dataclasses.asdict(self).items()}


def _parse(name: str, kind: Any, raw: str) -> Any:
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
        raise SettingsError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not {what}") from None
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
    """An ISO 8601 instant with its UTC offset (``Z`` or ``+01:00``)."""
    try:
        instant = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise SettingsError(f"{name} {raw!r} is not an ISO 8601 instant, e.g. 2027-01-04T09:00:00Z") from None
    if instant.utcoffset() is None:
        raise SettingsError(f"{name} {raw!r} needs a UTC offset, e.g. 2027-01-04T09:00:00Z")
    return instant


def _render(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


# What a browser sends as ``Origin``: a scheme, a host and maybe a port, nothing after them.
ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


def origin_problem(origin: str) -> str | None:
    """Why ``origin`` can never match a browser's ``Origin`` header, or None when it can."""
    if origin == "*" or ORIGIN.match(origin):
        return None
    trimmed = origin.rstrip("/")
    if trimmed != origin and ORIGIN.match(trimmed):
        return f"an origin ends before any path: {trimmed}"
    return "an origin is a scheme and a host, and maybe a port: http://localhost:3000, or * for any"


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
