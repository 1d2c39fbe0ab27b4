"""The pytest plugin: a sandbox server for the test session, a fresh sandbox for each test.

Installed by ``pip install 'booking-sandbox[pytest]'`` (entry point ``pytest11``); it only adds
fixtures and options, so it does nothing until a test asks for one (docs/pytest.md):

- ``booking_sandbox_server`` (session): a server on a free loopback port, started once per
  session (once per xdist worker) with ``booking-sandbox serve``; or the running server that
  ``--booking-sandbox-url`` names.
- ``sandbox``: a fresh sandbox for this test: its key and tokens, every API's base URL, and
  ``clock``, ``faults``, ``journal``, ``webhooks`` and ``reset`` through ``ControlClient``.
- ``webhook_receiver``: a receiver on loopback that keeps every delivery and verifies
  signatures (``mockserver.webhook_receiver``).

Settings (ini): ``booking_sandbox_seed`` (42), ``booking_sandbox_start_at`` (an instant every
sandbox's clock starts at; default the wall clock), ``booking_sandbox_frozen`` (clocks stand
still until moved), ``booking_sandbox_apis`` (serve only these), ``booking_sandbox_url`` (or
``--booking-sandbox-url``: a running server instead of one of the plugin's).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from .control_client import ControlClient, JournalPage
from .local_server import free_port, wait_until_up
from .webhook_receiver import Receiver, receiving

MOUNTS = {
    "reservekit": "/reservekit",
    "merchant": "/merchant",
    "lifecycle": "/lifecycle",
    "bardge": "/bardge/v3",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("booking-sandbox", "booking-sandbox fixtures")
    group.addoption(
        "--booking-sandbox-url",
        help="test against this running booking-sandbox server instead of starting one",
    )
    parser.addini("booking_sandbox_url", "a running booking-sandbox server to test against", default="")
    parser.addini("booking_sandbox_seed", "seed of every test's sandbox world", default="42")
    parser.addini("booking_sandbox_start_at", "instant every sandbox clock starts at (ISO 8601)", default="")
    parser.addini("booking_sandbox_frozen", "sandbox clocks stand still until a test moves them", type="bool")
    parser.addini("booking_sandbox_apis", "serve only these APIs (default: all)", type="args", default=[])


@dataclass(frozen=True)
class Server:
    url: str
    seed: int
    _worlds: dict[int, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def world(self, seed: int) -> dict[str, Any]:
        """The seeded world of ``seed``, generated once per session (Faker takes ~0.3 s a world)."""
        if seed not in self._worlds:
            from .resources import fixture_path  # noqa: PLC0415 (Faker loads only when a test asks)
            from .seeding.blueprint import load_blueprint  # noqa: PLC0415
            from .seeding.world import generate_world  # noqa: PLC0415

            generated = generate_world(load_blueprint(fixture_path("default-world")), seed)
            self._worlds[seed] = json.loads(generated.to_json())
        return self._worlds[seed]


@pytest.fixture(scope="session")
def booking_sandbox_server(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    seed = int(pytestconfig.getini("booking_sandbox_seed"))
    given = pytestconfig.getoption("--booking-sandbox-url") or pytestconfig.getini("booking_sandbox_url")
    if given:
        yield Server(str(given).rstrip("/"), seed)
        return
    port = free_port()
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--workers", "1"]
    command += ["--db", str(tmp_path_factory.mktemp("booking-sandbox") / "sandbox.db"), "--seed", str(seed)]
    command += ["--log-level", "warning"]
    if pytestconfig.getini("booking_sandbox_start_at"):
        command += ["--start-at", pytestconfig.getini("booking_sandbox_start_at")]
    if pytestconfig.getini("booking_sandbox_frozen"):
        command.append("--frozen")
    for api in pytestconfig.getini("booking_sandbox_apis"):
        command += ["--api", api]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    log = tmp_path_factory.mktemp("booking-sandbox-log") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_up(port, process=process)
        except RuntimeError as failed:
            raise RuntimeError(
                f"booking-sandbox serve: {failed}:\n{log.read_text(errors='replace')}"
            ) from None
        yield Server(f"http://127.0.0.1:{port}", seed)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


class Clock:
    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def now(self) -> str:
        return self._control.clock()["now"]

    def advance(self, duration: str) -> str:
        """Moves the sandbox clock forward: ``"15m"``, ``"2h"``, ``"P1D"``."""
        return self._control.advance(duration)["now"]

    def set(self, at: str) -> str:
        return self._control.set_clock(at)["now"]

    def freeze(self) -> str:
        return self._control.freeze()["now"]

    def resume(self) -> str:
        return self._control.resume()["now"]


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
        self.control = ControlClient(server.url, key)
        self.clock = Clock(self.control)
        self.faults = Faults(self.control)
        self.journal = Journal(self.control)
        self.webhooks = Webhooks(self.control)

    def url(self, api: str) -> str:
        """The base URL of ``api`` (reservekit, merchant, lifecycle or bardge)."""
        return self.server.url + MOUNTS[api]

    def token(self, role: str = "reservekit", subject: str | None = None) -> str:
        """A bearer token of this sandbox: the ReserveKit API key, or ``<role>.<subject>.<key>``
        for the other APIs (``token("merchant", world["providers"][0]["slug"])``)."""
        if role == "reservekit":
            return self.key
        if not subject:
            raise ValueError(f"a {role} token names its subject: token({role!r}, subject)")
        return f"{role}.{subject}.{self.key}"

    def headers(self, role: str = "reservekit", subject: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role, subject)}"}

    def reset(self, **how: Any) -> dict[str, Any]:
        """Back to the seeded world (``seed=``, ``scenario=``, ``start_at=``, ``frozen=``)."""
        return self.control.reset(**how)

    @cached_property
    def tokens(self) -> dict[str, str]:
        """A ready token for every API and role, from the seeded world: the ReserveKit key, the
        first merchant, the customer who owns the first seeded booking, the fitperks reseller
        and a kiosk terminal."""
        world = self.world
        owner = world["folios"][0]["owner_id"]
        return {
            "reservekit": self.key,
            "merchant": self.token("merchant", world["providers"][0]["slug"]),
            "customer": self.token(
                "customer", next(c["uuid"] for c in world["customers"] if c["id"] == owner)
            ),
            "reseller": self.token("reseller", world["programme"]["programme"]["resellers"][0]["slug"]),
            "terminal": self.token("terminal", "front-desk"),
        }

    @cached_property
    def world(self) -> dict[str, Any]:
        """The seeded world this sandbox started from (what ``booking-sandbox world`` prints)."""
        return self.server.world(int(self.control.sandbox()["seed"]))


@pytest.fixture
def sandbox(booking_sandbox_server: Server, request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    # Named after the test, and reset before use: the same key on a shared server starts clean.
    digest = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:32]
    opened = Sandbox(booking_sandbox_server, f"sk_rsv_pytest_{digest}")
    opened.reset(seed=booking_sandbox_server.seed)
    try:
        yield opened
    finally:
        opened.control.close()


@pytest.fixture
def webhook_receiver() -> Iterator[Receiver]:
    with receiving() as receiver:
        yield receiver
