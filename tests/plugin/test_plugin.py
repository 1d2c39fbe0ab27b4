"""The pytest plugin as an integrator meets it: installed, inert, and a sandbox per test."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.cli.proxy_journal import JournaledProxy
from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.integration.webhook_receiver import Delivery, receiving, undelivered
from tests.commands import Commands, Started
from tests.contract.live import serving
from tests.strangers import a_web_shop

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
INI = """[pytest]
booking_sandbox_start_at = 2027-01-06T15:00:00Z
booking_sandbox_frozen = true
booking_sandbox_apis = reservekit-v1 merchant
"""


def integrator_pytest(commands: Commands, directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """An integrator's own pytest in ``directory``, run to its end."""
    return commands.run(
        _integrators(args), cwd=directory, env=_integrators_env(), timeout=300, program="pytest"
    )


def integrator_process(commands: Commands, directory: Path, *args: str) -> Started:
    """An integrator's own pytest in ``directory``, started, its output and errors piped."""
    return commands.start(
        _integrators(args),
        cwd=directory,
        env=_integrators_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        program="pytest",
    )


def _integrators_env() -> dict[str, str]:
    """This test's environment without this suite's own settings: nothing of them reaches an
    integrator's pytest (each a process of its own, forked with the plugins imported:
    ``tests/cli_forks.py``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKING_SANDBOX_"))}
    # Its summary lines are cut to the terminal's width: one width, whatever the host's.
    env["COLUMNS"] = "100"
    return env


def _integrators(args: tuple[str, ...]) -> list[str]:
    return ["-q", "-p", "no:cacheprovider", *args]


@pytest.mark.slow
def test_a_world_and_scenario_of_ones_own_from_a_folder_of_ones_own(
    commands: Commands, tmp_path: Path
) -> None:
    (tmp_path / "data" / "scenarios").mkdir(parents=True)
    berlin = ROOT / "examples" / "worlds" / "berlin-studio.yaml"
    shutil.copyfile(berlin, tmp_path / "data" / "studio.yaml")
    # A second studio, which one test's sandbox is reset to, and a misspelled copy of it.
    tokyo = berlin.read_text(encoding="utf-8").replace("Europe/Berlin", "Asia/Tokyo")
    tokyo = tokyo.replace("Studio Spreeufer", "Studio Shibuya")
    (tmp_path / "data" / "tokyo.yaml").write_text(tokyo)
    (tmp_path / "data" / "typo.yaml").write_text(tokyo.replace("staff_per_location", "staff_per_locaton"))
    (tmp_path / "data" / "scenarios" / "saturday-class-full.yaml").write_text(
        "description: Our Saturday class is full.\n"
        "steps:\n  - {api: bardge-v3, action: fill_class, options: {days_ahead: 3}}\n"
    )
    (tmp_path / "tests").mkdir()
    shutil.copyfile(HERE / "own_world_suite.py", tmp_path / "tests" / "test_own_world.py")
    # Relative to the ini file, wherever pytest is started from.
    (tmp_path / "pytest.ini").write_text(
        INI.replace("booking_sandbox_apis = reservekit-v1 merchant\n", "")
        + "booking_sandbox_world = data/studio.yaml\nbooking_sandbox_scenarios = data/scenarios\n"
    )
    run = integrator_pytest(commands, tmp_path / "tests")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "3 passed" in run.stdout


@pytest.mark.slow
def test_an_integrators_suite_gets_a_sandbox_per_test(commands: Commands, tmp_path: Path) -> None:
    shutil.copyfile(HERE / "integrator_suite.py", tmp_path / "test_integration.py")
    (tmp_path / "pytest.ini").write_text(INI)
    run = integrator_pytest(commands, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout


def test_the_plugin_is_inert_until_a_fixture_is_asked_for(commands: Commands, tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_nothing():\n    assert True\n")
    run = integrator_pytest(commands, tmp_path, "--basetemp", str(tmp_path / "temp"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    # The session server makes its database and log under the base temp directory.
    assert not list((tmp_path / "temp").glob("booking-sandbox*")), "a server started for nobody"


def test_a_delivery_verifies_only_with_its_secret_and_body_and_while_fresh() -> None:
    # The signature format the sandbox sends (t=<seconds>,v1=<HMAC-SHA256 of "<t>." + body).
    signed_at = 1_799_000_000
    signed = Delivery(
        "/hooks",
        {
            "sandbox-signature": f"t={signed_at},v1=6b1c0a0cf8c0e0a4b0d7f58a1b1c7d0d1d2b3c4d5e6f708192a3b4c5d6e7f809"
        },
        b"{}",
    )
    assert not signed.verify("whsec_x", now=signed_at)
    digest = hmac.new(b"whsec_x", f"{signed_at}.".encode() + b'{"a":1}', hashlib.sha256).hexdigest()
    good = Delivery("/hooks", {"sandbox-signature": f"t={signed_at},v1={digest}"}, b'{"a":1}')
    assert good.verify("whsec_x", now=signed_at + 300)
    assert good.verify("whsec_x", now=signed_at - 300), "a receiver's clock a little behind"
    assert not good.verify("whsec_x", now=signed_at + 301), "a replay past the tolerance"
    assert good.verify("whsec_x", now=signed_at + 3600, tolerance=3601)
    assert good.verify("whsec_x", tolerance=None), "the age left out"
    assert not good.verify("whsec_y", now=signed_at)
    assert not Delivery("/hooks", good.headers, b'{"a":2}').verify("whsec_x", now=signed_at), (
        "a tampered body"
    )
    for header in ("garbage", f"v1={digest}", f"t=soon,v1={digest}", f"t={signed_at}"):
        assert not Delivery("/hooks", {"sandbox-signature": header}, b'{"a":1}').verify(
            "whsec_x", now=signed_at
        )


@pytest.mark.parametrize(
    ("test_event", "kept", "said"),
    [
        ({"state": "delivered", "last_status": 204, "last_error": None}, True, None),
        (
            {"state": "failed", "last_error": "cannot connect to 127.0.0.1:9: refused"},
            False,
            "cannot connect",
        ),
        (
            {"state": "failed", "last_status": 0, "last_error": "refused by the outbound policy: x"},
            False,
            "refused",
        ),
        # The receiver kept it: whatever the sandbox says of the send, its events are judged.
        ({"state": "failed", "last_error": "no complete answer within 10 s"}, True, None),
        # An answer came from something else there (a proxy's 502): not a reason to judge nothing.
        ({"state": "failed", "last_status": 502, "last_error": "the endpoint answered 502"}, False, None),
        # Never sent at all: the sandbox's own failure, for the events to show.
        ({"state": "pending", "last_status": None, "last_error": None}, False, None),
    ],
)
def test_only_a_send_that_met_no_receiver_leaves_webhooks_unjudged(
    test_event: dict[str, object], kept: bool, said: str | None
) -> None:
    with receiving() as receiver:
        if kept:
            receiver.keep(Delivery("/hooks", {}, b"{}"))
        why = undelivered(test_event, receiver)
    if said is None:
        assert why is None
    else:
        assert why is not None
        assert why.startswith(f"the sandbox cannot deliver webhooks to {receiver.url}: ")
        assert said in why


def test_a_receiver_stops_at_once() -> None:
    """The plugin serves a receiver a test: each stop waited for the server loop's next look,
    half a second by default, half a second of every such test of an integrator's suite."""
    began = time.monotonic()
    for _ in range(5):
        with receiving():
            pass
    assert time.monotonic() - began < 1.5, "five receivers took as long as three half seconds"


DOC_EXAMPLE = re.compile(r"```python\n(import httpx\n.*?)```", re.DOTALL)
FAILING = """
def test_this_one_fails_on_purpose(sandbox):
    assert sandbox.journal.count() == 1
"""


@pytest.fixture(scope="module")
def reused_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server someone already runs, as a team or a CI job shares one: started once, without
    the suites' start instant, used by every run below."""
    port = free_port()
    database = tmp_path_factory.mktemp("reused") / "sandbox.db"
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--workers", "1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    process = subprocess.Popen([*command, "--db", str(database)], env=env, stdout=subprocess.DEVNULL)
    try:
        wait_until_up(port, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def suites(tmp_path: Path) -> Path:
    """docs/pytest.md's first example and every folder of examples/, as an integrator copies them."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    docs = (ROOT / "docs" / "pytest.md").read_text(encoding="utf-8")
    (tmp_path / "examples" / "test_docs_example.py").write_text(DOC_EXAMPLE.findall(docs)[0])
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nbooking_sandbox_start_at = 2027-01-06T15:00:00Z\nbooking_sandbox_frozen = true\n"
    )
    return tmp_path


@pytest.mark.slow
def test_the_docs_and_examples_pass_twice_on_one_server_and_two_runs_at_once(
    commands: Commands, suites: Path, reused_server: str
) -> None:
    url = ("--booking-sandbox-url", reused_server)
    for run in (integrator_pytest(commands, suites, *url), integrator_pytest(commands, suites, *url)):
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    at_once = [integrator_process(commands, suites, *url) for _ in range(2)]
    for process in at_once:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, out[-3000:] + err[-2000:]


@pytest.mark.slow
def test_a_failure_names_its_sandbox_and_the_dashboard_open_on_it(
    commands: Commands, tmp_path: Path, reused_server: str
) -> None:
    (tmp_path / "test_fails.py").write_text(FAILING)
    run = integrator_pytest(commands, tmp_path, "--booking-sandbox-url", reused_server)
    assert run.returncode == 1, run.stdout + run.stderr
    key = re.search(r"sandbox key (sk_rsv_pt_[0-9a-f]{8}_[0-9a-f]{24})", run.stdout)
    assert key is not None, run.stdout
    assert f"dashboard {reused_server}/_sandbox/dashboard/#key={key.group(1)}" in run.stdout
    again = integrator_pytest(commands, tmp_path, "--booking-sandbox-url", reused_server)
    assert key.group(1) not in again.stdout, "a second run met the first run's sandbox"


@pytest.mark.slow
def test_a_failure_on_the_sessions_own_server_names_its_journal_file(
    commands: Commands, tmp_path: Path
) -> None:
    """The plugin's server stops with the session, so its dashboard would be gone: the failed
    test's journal is written to a HAR file that outlives it, and that file is named."""
    (tmp_path / "pytest.ini").write_text(INI)
    (tmp_path / "test_fails.py").write_text(FAILING)
    run = integrator_pytest(commands, tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "dashboard" not in run.stdout
    named = re.search(r"journal (\S+\.har) \(HAR 1\.2", run.stdout)
    assert named is not None, run.stdout
    har = Path(named.group(1))
    assert har.exists(), "the file named is there after the session"
    assert har.read_text(encoding="utf-8").startswith('{\n "log"')


def usage_error_of(commands: Commands, tmp_path: Path, tests: int) -> list[str]:
    """What a session of ``tests`` tests that each want a sandbox says, refused at its start
    (pytest's usage error, exit 4): one line, whatever the number of tests."""
    for number in range(tests):
        (tmp_path / f"test_{number}.py").write_text("def test_one(sandbox):\n    assert sandbox.key\n")
    run = integrator_pytest(commands, tmp_path)
    assert run.returncode == 4, run.stdout + run.stderr
    said = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert len(said) == 1, said
    return said


def test_a_broken_world_file_is_one_line_for_the_session(commands: Commands, tmp_path: Path) -> None:
    """(It was an error per test with the plugin's source: 1,474 lines for 30 tests.)"""
    berlin = (ROOT / "examples" / "worlds" / "berlin-studio.yaml").read_text(encoding="utf-8")
    (tmp_path / "studio.yaml").write_text(berlin.replace("staff_per_location", "staff_per_locaton"))
    (tmp_path / "pytest.ini").write_text(INI + "booking_sandbox_world = studio.yaml\n")
    said = usage_error_of(commands, tmp_path, tests=30)
    assert said[0].startswith(f"ERROR: booking-sandbox: {tmp_path / 'studio.yaml'}:"), said
    assert "'staff_per_location' is a required property (and 1 more: " in said[0]


def test_a_url_that_names_no_sandbox_is_one_line_a_test_and_asked_once(
    commands: Commands, tmp_path: Path
) -> None:
    for number in range(3):
        (tmp_path / f"test_{number}.py").write_text("def test_one(sandbox):\n    assert sandbox.key\n")
    upstream = "http://127.0.0.1:9/reservekit"
    with (
        a_web_shop() as (shop, asked),
        serving(JournaledProxy("reservekit-v1", upstream, "proxy_plugin_0001")) as proxy,
    ):
        cases = [
            (
                shop,
                f"booking-sandbox: what answers at {shop} is no booking sandbox: GET /_sandbox/health answered 404",
            ),
            (proxy, f"{proxy} is booking-sandbox's proxy to {upstream}, whose own server keeps the proxy's"),
            ("http://127.0.0.1:9", "(or booking_sandbox_url) http://127.0.0.1:9: cannot reach it ("),
            ("localhost:8000", "(or booking_sandbox_url) localhost:8000 needs http:// or https://"),
            # Each control path would follow the query: the health answered, the first reset 404.
            (
                f"{shop}?x=1",
                f"(or booking_sandbox_url) {shop}?x=1 must end at its path, with no query or fragment",
            ),
        ]
        for url, said in cases:
            run = integrator_pytest(commands, tmp_path, "--booking-sandbox-url", url)
            assert run.returncode == 1, run.stdout + run.stderr
            reasons = [
                line
                for line in run.stdout.splitlines()
                if "booking_sandbox_url" in line or "no booking" in line
            ]
            assert [said in line for line in reasons[:3]] == [True] * 3, run.stdout
            assert "Traceback" not in run.stdout, "a client's traceback for each test"
            assert "During handling" not in run.stdout
            assert len(run.stdout.splitlines()) <= 14, run.stdout
        assert asked == ["GET /_sandbox/health"], "asked once a session, not once a test"


RECEIVING = """
def test_{number}(sandbox, webhook_receiver):
    assert webhook_receiver.deliveries == [], "the reachability check's event is the test's"
    secret = sandbox.webhooks.add(webhook_receiver.url)["secret"]
    assert secret.startswith("whsec_")
"""


@pytest.mark.slow
def test_a_receiver_the_server_cannot_reach_fails_each_test_at_once_saying_why(
    commands: Commands, tmp_path: Path, reused_server: str
) -> None:
    """A server in a container (or on another machine) cannot reach a receiver on this machine's
    127.0.0.1: each test waited 15 s for an event and failed as though none was sent. The
    receiver is checked once a session; where it is reachable the tests run as before."""
    for number in range(3):
        (tmp_path / f"test_{number}.py").write_text(RECEIVING.format(number=number))
    url = ("--booking-sandbox-url", reused_server)
    assert (run := integrator_pytest(commands, tmp_path, *url)).returncode == 0, run.stdout + run.stderr

    began = time.monotonic()
    run = integrator_pytest(commands, tmp_path, *url, "--booking-sandbox-receiver-host", "receiver.invalid")
    assert run.returncode == 1, run.stdout + run.stderr
    said = "booking-sandbox: the sandbox cannot deliver webhooks"
    reasons = [line for line in run.stdout.splitlines() if line.startswith(said)]
    assert len(reasons) == 3, run.stdout
    assert run.stdout.count("ERROR at setup of test_") == 3, run.stdout
    assert "http://receiver.invalid:" in reasons[0], reasons[0]
    assert "The server must reach receiver.invalid and list it in its --webhook-allow" in reasons[0]
    assert "Traceback" not in run.stdout
    assert time.monotonic() - began < 15, "a wait for an event that could not come"

    (tmp_path / "pytest.ini").write_text("[pytest]\nbooking_sandbox_receiver_host = http://me:80\n")
    said = integrator_pytest(commands, tmp_path, *url)
    assert said.returncode == 4, said.stdout + said.stderr
    assert "booking_sandbox_receiver_host 'http://me:80' is not a host name or address" in said.stderr
    # The flag over the ini line, named as typed (it was named as the ini line).
    said = integrator_pytest(commands, tmp_path, *url, "--booking-sandbox-receiver-host", "me:80")
    assert said.returncode == 4, said.stdout + said.stderr
    assert "--booking-sandbox-receiver-host 'me:80' is not a host name or address" in said.stderr


BEHIND_A_PROXY = """
import httpx

def test_the_plugins_calls(sandbox):
    sandbox.clock.advance("1h")
    assert sandbox.journal.count() == 0

def test_my_own_client(sandbox):
    httpx.get(sandbox.url("reservekit") + "/v1/services", headers=sandbox.headers())
"""


@pytest.mark.slow
def test_behind_a_proxy_the_plugin_reaches_its_server_and_a_failure_names_no_proxy(
    commands: Commands, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CI runner behind a company's proxy, NO_PROXY naming no loopback: every fixture's call
    took the proxy and failed ("Connection refused" from a server that was up)."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://user:secret@127.0.0.1:9")
    (tmp_path / "test_proxied.py").write_text(BEHIND_A_PROXY)
    run = integrator_pytest(commands, tmp_path, "-rA")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "PASSED test_proxied.py::test_the_plugins_calls" in run.stdout, run.stdout
    assert "FAILED test_proxied.py::test_my_own_client" in run.stdout
    assert "set NO_PROXY=127.0.0.1,localhost (the plugin's own calls never take the proxy)" in run.stdout
    assert "secret" not in run.stdout
