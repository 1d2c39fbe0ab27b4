"""The plugin's settings: its ini lines and ``--booking-sandbox-url``, read and checked once.

A mistake in one (a seed that is no number, an instant without its offset, an API named as the
fixtures name it) is pytest's usage error, one line for the session (exit 4), not an error and
a server's usage text under every test that asks for a sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from mockserver.server.setting_values import SettingsError, parse_instant
from mockserver.server.settings import KNOWN_APIS, SEED_MAX

from .sandbox import API_NAMES

SETTINGS_KEY = pytest.StashKey["PluginSettings"]()
HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
# The fixtures' names for an API (``sandbox.url("reservekit")``) are taken here too.
API_IDS = {**{api: api for api in KNOWN_APIS}, **{short: api for api, short in API_NAMES.items()}}


@dataclass(frozen=True)
class PluginSettings:
    url: str | None
    """A running server to test against; None: the session starts its own."""
    seed: int
    start_at: str | None
    frozen: bool
    apis: tuple[str, ...]
    """As ``serve --api`` names them; empty: every API."""
    world: Path | None
    scenarios: tuple[Path, ...]
    keep: bool = False
    """Keep a passed test's sandbox too (to look at it on the dashboard); else it is forgotten."""
    receiver_host: str | None = None
    """The name the server reaches this machine by, for ``webhook_receiver`` (which then listens
    on every interface); None: loopback, as for the session's own server."""


def add_options(parser: pytest.Parser, group: pytest.OptionGroup) -> None:
    group.addoption(
        "--booking-sandbox-url",
        help="test against this running booking-sandbox server instead of starting one",
    )
    group.addoption(
        "--booking-sandbox-keep",
        action="store_true",
        help="keep every test's sandbox on the server, a passed one's too (default: a failed one's only)",
    )
    group.addoption(
        "--booking-sandbox-receiver-host",
        help="the host name the server reaches this machine by, for webhook_receiver (host.docker.internal)",
    )
    parser.addini("booking_sandbox_url", "a running booking-sandbox server to test against", default="")
    parser.addini(
        "booking_sandbox_receiver_host",
        "the host name the server reaches this machine by (--booking-sandbox-receiver-host)",
        default="",
    )
    parser.addini("booking_sandbox_seed", "seed of every test's sandbox world", default="42")
    parser.addini("booking_sandbox_start_at", "instant every sandbox clock starts at (ISO 8601)", default="")
    # Read as a string, so that a value pytest cannot read is said once, with its line's name.
    parser.addini("booking_sandbox_frozen", "sandbox clocks stand still until a test moves them", default="")
    parser.addini(
        "booking_sandbox_keep", "keep a passed test's sandbox too (--booking-sandbox-keep)", default=""
    )
    parser.addini("booking_sandbox_apis", "serve only these APIs (default: all)", type="args", default=[])
    # Paths, so that they are read from the ini file's folder wherever pytest is started.
    parser.addini(
        "booking_sandbox_world", "a world file every sandbox starts from (serve --world)", type="paths"
    )
    parser.addini(
        "booking_sandbox_scenarios", "folders of your own scenario files (serve --scenarios)", type="paths"
    )


def read(config: pytest.Config) -> PluginSettings:
    """The session's settings, each checked; raises ``pytest.UsageError`` naming the line."""
    url = str(config.getoption("--booking-sandbox-url") or config.getini("booking_sandbox_url")).strip()
    raw_seed = str(config.getini("booking_sandbox_seed")).strip()
    try:
        seed = int(raw_seed)
    except ValueError:
        seed = -1
    if not 0 <= seed <= SEED_MAX:
        raise _mistake(f"booking_sandbox_seed {raw_seed!r} is not a whole number from 0 to {SEED_MAX}")
    start_at = str(config.getini("booking_sandbox_start_at")).strip() or None
    if start_at is not None:
        try:
            parse_instant(start_at, "booking_sandbox_start_at")
        except SettingsError as error:
            raise _mistake(str(error)) from None
    frozen = _truth(str(config.getini("booking_sandbox_frozen")), "booking_sandbox_frozen")
    keep = bool(config.getoption("--booking-sandbox-keep")) or _truth(
        str(config.getini("booking_sandbox_keep")), "booking_sandbox_keep"
    )
    apis = []
    for name in config.getini("booking_sandbox_apis"):
        if name not in API_IDS:
            known = ", ".join(API_IDS)
            raise _mistake(f"booking_sandbox_apis names {name!r}, which is none of {known}")
        apis.append(API_IDS[name])
    worlds = [Path(path) for path in config.getini("booking_sandbox_world")]
    if len(worlds) > 1:
        raise _mistake("booking_sandbox_world names one world file")
    scenarios = tuple(Path(path) for path in config.getini("booking_sandbox_scenarios"))
    flagged = config.getoption("--booking-sandbox-receiver-host")
    receiver_host = str(flagged or config.getini("booking_sandbox_receiver_host")).strip()
    if receiver_host and not HOST.fullmatch(receiver_host):
        # Named as given: the flag, or the ini line.
        named = "--booking-sandbox-receiver-host" if flagged else "booking_sandbox_receiver_host"
        raise _mistake(
            f"{named} {receiver_host!r} is not a host name or address"
            " (no scheme, port or path: the receiver's port is its own)"
        )
    return PluginSettings(
        url or None,
        seed,
        start_at,
        frozen,
        tuple(dict.fromkeys(apis)),
        worlds[0] if worlds else None,
        scenarios,
        keep,
        receiver_host or None,
    )


def _truth(raw: str, name: str) -> bool:
    spelt = raw.strip().lower()
    if spelt in ("", "0", "false", "no", "off", "n", "f"):
        return False
    if spelt in ("1", "true", "yes", "on", "y", "t"):
        return True
    raise _mistake(f"{name} {raw.strip()!r} is neither true nor false")


def _mistake(said: str) -> pytest.UsageError:
    return pytest.UsageError(f"booking-sandbox: {said}")
