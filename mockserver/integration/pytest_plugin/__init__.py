"""The pytest plugin: a sandbox server for the test session, a fresh sandbox for each test.

Installed by ``pip install 'booking-sandbox[pytest]'`` (entry point ``pytest11``); it only adds
fixtures and options, so it does nothing until a test asks for one (docs/pytest.md):

- ``booking_sandbox_server`` (session): a server on a free loopback port, started once per
  session (once per xdist worker) with ``booking-sandbox serve``; or the running server that
  ``--booking-sandbox-url`` names.
- ``sandbox``: a fresh sandbox for this test: its key and tokens, every API's base URL, and
  ``clock``, ``faults``, ``journal``, ``webhooks`` and ``reset`` through ``ControlClient``.
- ``webhook_receiver``: a receiver on loopback (or every interface, where
  ``booking_sandbox_receiver_host`` names this machine as the server reaches it) that keeps every
  delivery and verifies signatures (``mockserver.integration.webhook_receiver``); a server that
  cannot deliver to it fails the test at once, saying why (``receivers``).

Settings (ini): ``booking_sandbox_seed`` (42), ``booking_sandbox_start_at`` (an instant every
sandbox's clock starts at; default the wall clock), ``booking_sandbox_frozen`` (clocks stand
still until moved), ``booking_sandbox_apis`` (serve only these), ``booking_sandbox_world`` and
``booking_sandbox_scenarios`` (a world file and folders of scenario files of the user's own,
read relative to the ini file), ``booking_sandbox_url`` (or ``--booking-sandbox-url``: a running
server instead of one of the plugin's).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.integration.proxies import others_proxied
from mockserver.integration.sandbox_answers import ControlRefused
from mockserver.integration.webhook_receiver import Receiver, receiving

from . import coverage, receivers, settings
from .sandbox import Sandbox, Server

SANDBOX_KEY = pytest.StashKey[Sandbox]()
JOURNAL_KEY = pytest.StashKey[Path]()
ATTEMPTS_KEY = pytest.StashKey[dict[str, int]]()
FAILED_KEY = pytest.StashKey[bool]()
UNPLAIN = re.compile(r"[^A-Za-z0-9._\[\]-]")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("booking-sandbox", "booking-sandbox fixtures")
    settings.add_options(parser, group)
    coverage.add_options(group)


def pytest_configure(config: pytest.Config) -> None:
    """The settings, and a world or scenarios file the ini names, are checked once, before any
    test: a mistake is one line (naming its ``FILE:LINE`` where it is in a file) for the session
    (pytest's usage error, exit 4), where a server that would not start had failed every test
    that asked for a sandbox."""
    read = config.stash[settings.SETTINGS_KEY] = settings.read(config)
    if read.url or not (read.world or read.scenarios) or hasattr(config, "workerinput"):
        return  # xdist: the controller said it
    from mockserver.seeding.worlds import world_problems  # noqa: PLC0415 (Faker: only where asked)

    problems = world_problems(str(read.world or ""), [str(folder) for folder in read.scenarios])
    if problems:
        more = f" (and {len(problems) - 1} more: booking-sandbox world --world FILE lists them)"
        raise pytest.UsageError(f"booking-sandbox: {problems[0]}{more if len(problems) > 1 else ''}")


@pytest.fixture(scope="session")
def booking_sandbox_server(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    read = pytestconfig.stash[settings.SETTINGS_KEY]
    seed, start_at, frozen = read.seed, read.start_at, read.frozen
    if read.url:
        url = read.url.rstrip("/")
        apis = _served_by_a_sandbox(url, lambda line: _say(pytestconfig, line))
        yield Server(url, seed, given=True, start_at=start_at, frozen=frozen, apis=apis)
        return
    port = free_port()
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--workers", "1"]
    command += ["--db", str(tmp_path_factory.mktemp("booking-sandbox") / "sandbox.db"), "--seed", str(seed)]
    command += ["--log-level", "warning", "--exit-with-parent", str(os.getpid())]
    if start_at:
        command += ["--start-at", start_at]
    if frozen:
        command.append("--frozen")
    for api in read.apis:
        command += ["--api", api]
    if read.world:
        command += ["--world", str(read.world)]
    for folder in read.scenarios:
        command += ["--scenarios", str(folder)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    log = tmp_path_factory.mktemp("booking-sandbox-log") / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_up(port, process=process)
        except RuntimeError as failed:  # each test that wants a sandbox says so, without a traceback
            pytest.fail(f"booking-sandbox serve: {failed}:\n{log.read_text(errors='replace')}", pytrace=False)
        yield Server(f"http://127.0.0.1:{port}", seed, apis=tuple(read.apis))
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _served_by_a_sandbox(url: str, waiting: Callable[[str], object]) -> tuple[str, ...]:
    """The APIs the sandbox at ``url`` serves, asked once a session: a URL that names no sandbox
    fails each test that wants one with the one line that says why, not a client's traceback each.
    A server starting from cold is waited for, as the contract kit waits, ``waiting`` told why."""
    import httpx  # noqa: PLC0415

    from mockserver.integration.base_urls import NOT_A_BASE, ends_at_its_path, unreadable  # noqa: PLC0415
    from mockserver.integration.control_client import NotASandbox  # noqa: PLC0415
    from mockserver.integration.sandbox_answers import first_health  # noqa: PLC0415
    from mockserver.integration.tls import tls_hint  # noqa: PLC0415

    named = f"booking-sandbox: --booking-sandbox-url (or booking_sandbox_url) {url}"
    why, said = None, {}
    if not url.startswith(("http://", "https://")):
        why = f"{named} needs http:// or https://"
    elif not ends_at_its_path(url):
        why = f"{named} {NOT_A_BASE}"
    elif (unread := unreadable(url)) is not None:
        why = f"{named} {unread}"
    else:
        try:
            said = first_health(url, waiting)
            proxy = said.get("proxy")
            if isinstance(proxy, dict):  # the proxy's own server: its journal, no sandbox's state
                why = (
                    f"{named} is booking-sandbox's proxy to {proxy.get('upstream')}, whose own server "
                    "keeps the proxy's journal only: pass the URL of the sandbox behind it"
                )
        except NotASandbox as stranger:
            why = f"booking-sandbox: {stranger}"
        except httpx.HTTPError as error:
            why = f"{named}: cannot reach it ({error}){tls_hint(error)}"
    if why is not None:  # raised here, not in the handler, so pytest shows no chained exception
        pytest.fail(why, pytrace=False)
    apis = said.get("apis")
    return tuple(str(api) for api in apis) if isinstance(apis, list) else ()


def _say(config: pytest.Config, line: str) -> None:
    """``line`` on the terminal now, past pytest's capture (a session's first test is waiting)."""
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"booking-sandbox: {line}", file=sys.stderr, flush=True)


@pytest.fixture(scope="session")
def booking_sandbox_run() -> str:
    """This session's random part of every sandbox key (each xdist worker has its own): no
    other run, before or at once on the same server, ever meets a key of this one."""
    return secrets.token_hex(4)


@pytest.fixture(scope="session")
def booking_sandbox_journals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a failed test's journal is written (its HAR), to outlive the session's server."""
    return tmp_path_factory.mktemp("booking-sandbox-journals", numbered=False)


@pytest.fixture
def sandbox(
    booking_sandbox_server: Server,
    booking_sandbox_run: str,
    booking_sandbox_journals: Path,
    request: pytest.FixtureRequest,
) -> Iterator[Sandbox]:
    # The test's name and the session's random part: a new key, so its sandbox starts with its
    # seeded world, an empty journal, no faults and no webhooks, whatever the server ran before.
    # A test run again in the session (pytest-rerunfailures, a flaky test's second chance) is
    # named by its attempt too, so it never meets the bookings of the attempt that failed.
    attempts = request.config.stash.setdefault(ATTEMPTS_KEY, {})
    attempt = attempts[request.node.nodeid] = attempts.get(request.node.nodeid, 0) + 1
    named = request.node.nodeid + (f"\n{attempt}" if attempt > 1 else "")
    digest = hashlib.sha256(named.encode()).hexdigest()[:24]
    opened = Sandbox(booking_sandbox_server, f"sk_rsv_pt_{booking_sandbox_run}_{digest}")
    # A parametrized name holds what its values hold ("test_get[/v1/bookings]"): a file's name
    # keeps the characters a file name may hold everywhere.
    plain = UNPLAIN.sub("_", request.node.name)[:80]
    request.node.stash[JOURNAL_KEY] = booking_sandbox_journals / f"{plain}-{digest[:8]}.har"
    server = booking_sandbox_server
    try:
        if server.given:  # someone else's server: its own --seed and --start-at, not the ini's
            refusal = _set_up(opened, server)
            if refusal:
                # One line a test, as for a URL that names no sandbox: the server's own reason
                # (a full server's 503 says what to do), not the client's traceback; and no
                # sandbox named in the report, since none was made.
                pytest.fail(
                    f"booking-sandbox: {server.url} refused this test a sandbox: {refusal}", pytrace=False
                )
        request.node.stash[SANDBOX_KEY] = opened
        yield opened
        with contextlib.suppress(Exception):  # a server gone is the test's own failure to report
            coverage.collect(request.config, opened.control.coverage())
            # Its room on the server back (a shared one keeps --max-sandboxes); a failed test's
            # stays, for the dashboard its report names.
            kept = (
                request.node.stash.get(FAILED_KEY, False) or request.config.stash[settings.SETTINGS_KEY].keep
            )
            if not kept:
                opened.control.forget()
    finally:
        opened.control.close()


def _set_up(opened: Sandbox, server: Server) -> str:
    """Why the given server refused ``opened`` its start (its seed, instant and clock), or ''."""
    try:
        opened.reset(
            seed=server.seed, start_at=server.start_at, frozen=server.frozen if server.start_at else None
        )
    except ControlRefused as refused:
        return str(refused)
    return ""


def pytest_sessionfinish(session: pytest.Session) -> None:
    coverage.hand_over(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    coverage.take_over(node.config, node)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not coverage.summarize(config, terminalreporter) and exitstatus == pytest.ExitCode.OK:
        terminalreporter._session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed test's report names its sandbox: its key, and what outlives the session to look
    at: the journal as a HAR file (the plugin's own server stops with the session), or the
    dashboard open on the sandbox where the server is one the session was pointed at."""
    report = yield
    opened = item.stash.get(SANDBOX_KEY, None)
    if opened is None or not report.failed:
        return report
    item.stash[FAILED_KEY] = True
    said = [f"sandbox key {opened.key}"]
    if opened.server.given:
        said.append(f"dashboard {opened.dashboard}")
    else:
        har = item.stash[JOURNAL_KEY]
        try:
            har.write_text(json.dumps(opened.control.journal_har(), indent=1), encoding="utf-8")
            said.append(f"journal {har} (HAR 1.2: a browser's devtools, or booking-sandbox check-har)")
        except Exception as error:
            said.append(f"journal not written: {error}")
    if proxied := others_proxied(opened.server.url):
        said.append(proxied)
    report.sections.append(("booking-sandbox", "\n".join(said)))
    return report


@pytest.fixture
def webhook_receiver(
    pytestconfig: pytest.Config, booking_sandbox_server: Server, booking_sandbox_run: str
) -> Iterator[Receiver]:
    # Named otherwise, the server reaches this machine from elsewhere: listen on every interface.
    named = pytestconfig.stash[settings.SETTINGS_KEY].receiver_host
    with receiving("0.0.0.0" if named else "127.0.0.1", named=named) as receiver:
        receivers.require_reachable(
            pytestconfig, booking_sandbox_server, booking_sandbox_run, receiver, named
        )
        yield receiver
