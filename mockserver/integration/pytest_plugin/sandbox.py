"""What the plugin's fixtures hand a test: the session's server, and one sandbox with its
tokens, clock, faults, journal and webhooks (through ``ControlClient``)."""

from __future__ import annotations

import json
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from mockserver.integration.control_client import ControlClient, JournalPage
from mockserver.integration.tls import client_context

TOKEN_ROLES = ("reservekit", "merchant", "customer", "reseller", "terminal")
MOUNTS = {
    "reservekit": "/reservekit",
    "merchant": "/merchant",
    "lifecycle": "/lifecycle",
    "bardge": "/bardge/v3",
}
# The names ``--api`` and the documents give the two APIs whose mount is named otherwise.
API_NAMES = {"reservekit-v1": "reservekit", "bardge-v3": "bardge"}


class Tokens(dict[str, str]):
    """``sandbox.tokens``: a ready token by role. ``sandbox.url`` takes an API's name in either
    spelling, and ``tokens["reservekit-v1"]`` was a bare ``KeyError``: the roles are named."""

    def __missing__(self, role: str) -> str:
        roles = ", ".join(self)
        meant = " (ReserveKit's key is tokens['reservekit'])" if API_NAMES.get(role) == "reservekit" else ""
        raise KeyError(f"no role {role!r} in sandbox.tokens, which names its roles: {roles}{meant}")


@dataclass(frozen=True)
class Server:
    url: str
    seed: int
    given: bool = False
    """A running server the session was pointed at (not one the plugin started)."""
    start_at: str | None = None
    frozen: bool = False
    """Where the ini starts every sandbox's clock: a given server's sandboxes are reset to it."""
    apis: tuple[str, ...] = ()
    """What the server serves, as ``--api`` names them (its health says); empty: every API."""
    _worlds: dict[tuple[int, str | None], dict[str, Any]] = field(
        default_factory=dict, repr=False, compare=False
    )
    tls: ssl.SSLContext = field(default_factory=client_context, repr=False, compare=False)
    """One SSL context for every sandbox's control client: httpx reads the CA bundle for each
    client it makes one for, most of a fresh sandbox's set-up (37 of 50 ms a test here)."""

    def world(self, state: dict[str, Any], control: ControlClient) -> dict[str, Any]:
        """The seeded world of a sandbox's seed and world (``state``, as ``GET /sandbox`` answers)
        as the server made it (from a world file a given server may not share with this
        machine), read once per session."""
        made_from = (int(state["seed"]), state.get("world"))
        if made_from not in self._worlds:
            self._worlds[made_from] = control.world()
        return self._worlds[made_from]


class Clock:
    """The sandbox clock; each call answers its time then, an aware ``datetime`` in UTC."""

    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def now(self) -> datetime:
        return _instant(self._control.clock()["now"])

    def advance(self, duration: str | timedelta) -> datetime:
        """Moves the sandbox clock forward: ``"15m"``, ``"2h"``, ``"P1D"`` or a ``timedelta``."""
        return _instant(self._control.advance(duration)["now"])

    def set(self, at: str | datetime) -> datetime:
        """Moves the sandbox clock forward to ``at`` (an aware ``datetime`` or RFC 3339 text)."""
        return _instant(self._control.set_clock(at.isoformat() if isinstance(at, datetime) else at)["now"])

    def freeze(self) -> datetime:
        return _instant(self._control.freeze()["now"])

    def resume(self) -> datetime:
        return _instant(self._control.resume()["now"])


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Faults:
    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def add(self, kind: str, **rule: Any) -> dict[str, Any]:
        """A fault rule: ``add("error", status=503, path="/v1/bookings", count=1)``."""
        return self._control.add_fault(kind, **rule)

    def list(self) -> list[dict[str, Any]]:
        return self._control.faults()

    def remove(self, fault_id: int) -> None:
        self._control.remove_fault(fault_id)

    def clear(self) -> None:
        self._control.clear_faults()


class Journal:
    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def count(self, **filters: Any) -> int:
        """Exchanges so far that match ``method``, ``path`` (a glob), ``status``, ``api``…"""
        return self._control.journal_count(**filters)

    def entries(self, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        """The matching exchanges, newest first."""
        page: JournalPage = self._control.journal(limit=limit, **filters)
        return page["entries"]

    def har(self, path: str | Path, **filters: Any) -> Path:
        """Writes the matching exchanges as a HAR file (for a browser's network panel)."""
        target = Path(path)
        target.write_text(json.dumps(self._control.journal_har(**filters), indent=2), encoding="utf-8")
        return target

    def clear(self) -> None:
        self._control.clear_journal()


class Webhooks:
    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def add(self, url: str, events: list[str] | None = None) -> dict[str, Any]:
        """Registers ``url``; the answer holds the ``secret`` deliveries are signed with."""
        return self._control.add_webhook(url, events)

    def deliveries(self, webhook_id: int) -> list[dict[str, Any]]:
        """Every delivery to the endpoint, with its attempts."""
        return self._control.deliveries(webhook_id)


class Sandbox:
    """One sandbox, fresh for the test that asked for it."""

    def __init__(self, server: Server, key: str) -> None:
        self.server = server
        self.key = key
        self.control = ControlClient(server.url, key, verify=server.tls)
        self.clock = Clock(self.control)
        self.faults = Faults(self.control)
        self.journal = Journal(self.control)
        self.webhooks = Webhooks(self.control)

    def url(self, api: str) -> str:
        """The base URL of ``api`` (reservekit, merchant, lifecycle or bardge; or as the command
        line names them, reservekit-v1 and bardge-v3)."""
        named = API_NAMES.get(api, api)
        mount = MOUNTS.get(named)
        if mount is None:
            raise ValueError(f"no API {api!r} here: one of {', '.join(MOUNTS)}")
        served = self.server.apis
        if served and not {named, *(long for long, short in API_NAMES.items() if short == named)} & set(
            served
        ):
            # Said here, at the test's line: the server's 404 came later, from the client's call.
            chosen = (
                f"the server at {self.server.url} (its serve --api)"
                if self.server.given
                else "this session's server (booking_sandbox_apis in your ini)"
            )
            raise ValueError(f"{api} is not served by {chosen}: it serves {', '.join(served)}")
        return self.server.url + mount

    def token(self, role: str = "reservekit", subject: str | None = None) -> str:
        """A bearer token of this sandbox: the ReserveKit API key, ``<role>.<subject>.<key>``
        for a subject of the other APIs (``token("merchant", world["providers"][0]["slug"])``),
        or, without a subject, the ready one ``tokens`` holds for the role."""
        if role == "reservekit":
            return self.key
        if subject:
            return f"{role}.{subject}.{self.key}"
        if role in TOKEN_ROLES:
            return self.tokens[role]
        raise ValueError(f"unknown role {role!r}: one of {', '.join(TOKEN_ROLES)}, or token(role, subject)")

    def headers(self, role: str = "reservekit", subject: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, subject)}"}

    def reset(self, *, world: str | Path | Mapping[str, Any] | None = None, **how: Any) -> dict[str, Any]:
        """Back to the seeded world (``seed=``, ``scenario=``, ``start_at=``, ``frozen=``); the
        journal, faults and webhooks stay unless ``clear=True`` (``ControlClient.reset``).
        ``world=`` a world file (read and checked here: its problems name their lines), a world
        document, or ``"server"``: this sandbox reseeds from that world, until reset again."""
        if isinstance(world, Path) or (isinstance(world, str) and world != "server"):
            # Here, not at the plugin's import: every pytest session of the user's loads it.
            from mockserver.seeding.world_file import read_world  # noqa: PLC0415

            world = read_world(Path(world))
        state = self.control.reset(world=world, **how)
        for made in ("world", "tokens"):  # both follow the seed and world the reset gave
            self.__dict__.pop(made, None)
        return state

    @property
    def dashboard(self) -> str:
        """The dashboard, opened on this sandbox."""
        return f"{self.server.url}/_sandbox/dashboard/#key={self.key}"

    @cached_property
    def tokens(self) -> Tokens:
        """A ready token for every API and role, from the seeded world: the ReserveKit key, the
        first merchant, the customer who owns the first seeded booking, the fitperks reseller
        and a kiosk terminal."""
        world = self.world
        owner = world["folios"][0]["owner_id"]
        return Tokens(
            {
                "reservekit": self.key,
                "merchant": self.token("merchant", world["providers"][0]["slug"]),
                "customer": self.token(
                    "customer", next(c["uuid"] for c in world["customers"] if c["id"] == owner)
                ),
                "reseller": self.token("reseller", world["programme"]["programme"]["resellers"][0]["slug"]),
                "terminal": self.token("terminal", "front-desk"),
            }
        )

    @cached_property
    def world(self) -> dict[str, Any]:
        """The seeded world this sandbox started from (what ``booking-sandbox world`` prints)."""
        return self.server.world(self.control.sandbox(), self.control)
