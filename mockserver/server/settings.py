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
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from mockserver.documents.quoting import meant_among

from .setting_values import (
    ENV_PREFIX,
    MIB,
    ByteSize,
    SettingsError,
    byte_size,
    parse_instant,
    parse_value,
    refused,
    render,
    variable,
)

__all__ = ["ENV_PREFIX", "KNOWN_APIS", "Settings", "SettingsError"]

EVERY_INTERFACE = {"0.0.0.0": "127.0.0.1", "::": "::1"}
"""The hosts that listen on every interface, and the loopback that reaches each."""
KNOWN_APIS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3")
KEPT_ANSWERS = ("on", "off", "verify")
SEED_MAX = 2**31 - 1
MAX_WORKERS = 64  # a process each: a mistyped --workers 999 forked until memory ran out


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
    # A certificate (PEM, its chain after it) and its private key: the server then speaks HTTPS
    # alone, as a client that refuses plain HTTP (a phone's app, a pinned certificate) needs.
    tls_cert: str = ""
    tls_key: str = ""
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
            raise refused("port", f"must be from 0 to 65535, not {self.port}")
        if not 0 <= self.seed <= SEED_MAX:
            # As the control API's reset and a state's import take it: what a sandbox's row holds.
            raise refused("seed", f"must be a whole number from 0 to {SEED_MAX}, not {self.seed}")
        if not 1 <= self.workers <= MAX_WORKERS:
            raise refused("workers", f"must be from 1 to {MAX_WORKERS}, not {self.workers}")
        if not 0.5 <= self.webhook_timeout <= 60:
            raise refused(
                "webhook_timeout", f"must be between 0.5 and 60 seconds, not {self.webhook_timeout:g}"
            )
        if self.max_sandboxes < 1:
            raise refused("max_sandboxes", f"must be at least 1, not {self.max_sandboxes}")
        if self.evict_idle_after and not 60 <= self.evict_idle_after <= 100 * 365 * 86400:
            # Shorter, and a sandbox between two steps of one test run could vanish.
            raise refused(
                "evict_idle_after",
                f"must be 0 (never) or between 1 minute and 100 years, not {self.evict_idle_after:g} seconds",
            )
        if self.journal_limit < 1:
            raise refused("journal_limit", f"must be at least 1, not {self.journal_limit}")
        if not MIB <= self.journal_max_bytes <= 1024 * 1024 * MIB:
            # Below a mebibyte, one entry of two whole 64 KiB bodies would leave room for few more.
            raise refused(
                "journal_max_bytes", f"must be between 1MiB and 1TiB, not {self.journal_max_bytes} bytes"
            )
        if self.max_body_bytes < 1024:
            raise refused("max_body_bytes", f"must be at least 1024, not {self.max_body_bytes}")
        self._check_connection_bounds()
        if self.kept_answers not in KEPT_ANSWERS:
            raise refused(
                "kept_answers", f"must be one of {', '.join(KEPT_ANSWERS)}, not {self.kept_answers!r}"
            )
        if self.start_at is not None and self.start_at.utcoffset() is None:
            raise refused("start_at", "needs a UTC offset, e.g. 2027-01-04T09:00:00Z")
        if self.start_at is not None and not 1900 <= self.start_at.year <= 2999:
            # Near datetime's limits clock arithmetic would overflow; no booking lives there.
            raise refused("start_at", f"must lie in the years 1900 to 2999, not {self.start_at.year}")

    @property
    def address(self) -> str:
        """Where the server listens as a URL writes it (``127.0.0.1:8000``, ``[::1]:8000``)."""
        return _address(self.host, self.port)

    @property
    def scheme(self) -> str:
        return "https" if self.tls_cert else "http"

    @property
    def local_address(self) -> str:
        """``address`` as this machine reaches it: on every interface (``0.0.0.0``, ``::``), its
        loopback (a browser refuses 0.0.0.0)."""
        return _address(EVERY_INTERFACE.get(self.host, self.host), self.port)

    def _check_connection_bounds(self) -> None:
        if not 1 <= self.head_timeout <= 600:
            raise refused("head_timeout", f"must be between 1 and 600 seconds, not {self.head_timeout:g}")
        if self.min_body_rate < 0:
            raise refused(
                "min_body_rate", f"must be 0 (any) or more bytes a second, not {self.min_body_rate}"
            )
        if not 1024 <= self.max_head_bytes <= 1024 * 1024:
            raise refused(
                "max_head_bytes", f"must be between 1 KiB and 1 MiB, not {self.max_head_bytes} bytes"
            )
        if self.max_connections < 1:
            raise refused("max_connections", f"must be at least 1, not {self.max_connections}")

    def _check_what_is_served(self) -> None:
        unknown = [api for api in self.apis if api not in KNOWN_APIS]
        if unknown:
            meant = [known for api in unknown if (known := meant_among(api, KNOWN_APIS))]
            hint = f" (did you mean {', '.join(dict.fromkeys(meant))}?)" if meant else ""
            raise SettingsError(f"unknown API {', '.join(unknown)}{hint}; known: {', '.join(KNOWN_APIS)}")
        if not self.apis:
            raise SettingsError("at least one API must be served")
        if self.root and len(self.apis) != 1:
            raise SettingsError("--root serves exactly one API: name it with --api")
        if self.vary is not None and not self.vendor_only:
            raise SettingsError("--vary varies a vendor's server: it goes with --vendor-only")
        if self.tls_cert and not self.tls_key:
            raise refused("tls_cert", "needs its private key too (--tls-key)")
        if self.tls_key and not self.tls_cert:
            raise refused("tls_key", "needs the certificate it is the key of (--tls-cert)")
        for origin in self.cors_origins:
            if (problem := origin_problem(origin)) is not None:
                raise SettingsError(f"cors origin {origin!r}: {problem}")

    @classmethod
    def load(
        cls,
        overrides: Mapping[str, Any] | None = None,
        environ: Mapping[str, str] | None = None,
        spelled: Mapping[str, str] | None = None,
    ) -> Settings:
        """Defaults, then ``BOOKING_SANDBOX_*`` variables, then ``overrides`` (CLI flags).
        ``spelled``: how the caller names each override (``--journal-limit``), which a refusal
        says; a variable's refusal names the variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        named: dict[str, str] = {}
        for field in fields(cls):
            raw = environ.get(variable(field.name))
            if raw is not None:
                values[field.name] = parse_value(field.name, field.type, raw)
                named[field.name] = variable(field.name)
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = value
                named[name] = (spelled or {}).get(name, name)
        if isinstance(values.get("apis"), list):
            values["apis"] = tuple(values["apis"])
        if isinstance(values.get("journal_max_bytes"), str):
            raw = values["journal_max_bytes"]
            try:
                values["journal_max_bytes"] = byte_size(raw)
            except ValueError:
                raise SettingsError(
                    f"{named['journal_max_bytes']} {raw!r} is not a size, e.g. 64MiB"
                ) from None
        if isinstance(values.get("start_at"), str):
            values["start_at"] = parse_instant(values["start_at"], named["start_at"])
        try:
            return cls(**values)
        except SettingsError as error:
            if error.setting not in named:
                raise
            raise error.given_as(named[error.setting]) from None

    def to_environment(self) -> dict[str, str]:
        return {variable(name): render(value) for name, value in dataclasses.asdict(self).items()}


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
