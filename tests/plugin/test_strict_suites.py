"""The plugin in a suite as strict CI runs one: warnings as errors, a flaky test's rerun, and
parametrized names that hold a path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from mockserver.integration.local_server import free_port, wait_until_up
from tests.commands import Commands
from tests.plugin.test_plugin import INI, integrator_pytest, usage_error_of

START = "2027-01-06T15:00:00Z"

STRICT = INI + "filterwarnings = error\n"
SUITE = """
from pathlib import Path

import httpx
import pytest

BODY = {"date": "2027-01-11", "time_slot_id": 99, "customer_email": "ada@example.com"}


def book(sandbox):
    return httpx.post(
        sandbox.url("reservekit") + "/v1/bookings?service_id=3", json=BODY, headers=sandbox.headers()
    )


@pytest.mark.flaky(reruns=1)
def test_flaky_second_chance(sandbox, tmp_path_factory):
    assert book(sandbox).status_code == 201
    assert sandbox.journal.count(method="POST") == 1, "the attempt that failed left its booking"
    tried = tmp_path_factory.getbasetemp() / "tried"
    if not tried.exists():
        tried.write_text("once")
        raise AssertionError("the first attempt fails, as a flaky test's does")


@pytest.mark.parametrize("path", ["/v1/services"])
def test_fails_with_a_path_in_its_name(sandbox, path):
    assert httpx.get(sandbox.url("reservekit") + path, headers=sandbox.headers()).status_code == 200
    raise AssertionError("fails on purpose")
"""


@pytest.mark.slow
def test_a_rerun_meets_a_sandbox_of_its_own_and_a_path_named_test_its_journal(
    commands: Commands, tmp_path: Path
) -> None:
    """A rerun had the sandbox of the attempt that failed (its booking, its journal), a
    parametrized path made the journal file's name a folder that is not there ("journal not
    written"), and the wait for the server left a socket open, an error under
    ``filterwarnings = error`` at the first test's setup."""
    (tmp_path / "pytest.ini").write_text(STRICT)
    (tmp_path / "test_strict.py").write_text(SUITE)
    run = integrator_pytest(commands, tmp_path)
    assert "1 failed, 1 passed, 1 rerun" in run.stdout, run.stdout[-4000:] + run.stderr[-2000:]
    assert "FAILED test_strict.py::test_fails_with_a_path_in_its_name[/v1/services]" in run.stdout
    assert "journal not written" not in run.stdout, run.stdout
    named = re.search(r"journal (\S+\.har) \(HAR 1\.2", run.stdout)
    assert named is not None, run.stdout
    har = Path(named.group(1))
    assert har.name.startswith("test_fails_with_a_path_in_its_name[_v1_services]-"), har
    assert '"url": "http://127.0.0.1:' in har.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "booking_sandbox_seed = abc",
            "booking_sandbox_seed 'abc' is not a whole number from 0 to 2147483647",
        ),
        ("booking_sandbox_seed = 99999999999999999999", "booking_sandbox_seed '99999999999999999999' is not"),
        (
            "booking_sandbox_start_at = 2027-01-06 15:00",
            "booking_sandbox_start_at '2027-01-06 15:00' needs a UTC offset",
        ),
        (
            "booking_sandbox_frozen = yes please",
            "booking_sandbox_frozen 'yes please' is neither true nor false",
        ),
        (
            "booking_sandbox_apis = reservkit-v1",
            "booking_sandbox_apis names 'reservkit-v1', which is none of",
        ),
    ],
)
def test_an_ini_line_written_wrong_is_one_line_for_the_session(
    commands: Commands, tmp_path: Path, line: str, said: str
) -> None:
    """Each was an error under every test that asked for a sandbox: a traceback, or the server's
    usage text, and a seed too large for a sandbox's row served 500s to every request."""
    (tmp_path / "pytest.ini").write_text(f"[pytest]\n{line}\n")
    (only,) = usage_error_of(commands, tmp_path, tests=3)
    assert only.startswith(f"ERROR: booking-sandbox: {said}"), only


@pytest.mark.slow
def test_the_ini_names_an_api_as_the_fixtures_do(commands: Commands, tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\nbooking_sandbox_apis = reservekit bardge\n")
    (tmp_path / "test_names.py").write_text(
        "import httpx, pytest\n\n"
        "def test_served(sandbox):\n"
        "    assert httpx.get(sandbox.url('reservekit') + '/v1/services', headers=sandbox.headers()).status_code == 200\n"
        "    assert httpx.get(sandbox.url('bardge-v3') + '/passes', headers=sandbox.headers('reseller')).status_code != 404\n"
        "    assert httpx.get(sandbox.server.url + '/merchant/services', headers=sandbox.headers('merchant')).status_code == 404\n"
        "    said = 'merchant is not served by this session.s server .booking_sandbox_apis in your ini.: '\n"
        "    with pytest.raises(ValueError, match=said + 'it serves reservekit-v1, bardge-v3$'):\n"
        "        sandbox.url('merchant')\n"
        "    health = httpx.get(sandbox.server.url + '/_sandbox/health').json()\n"
        "    assert health['apis'] == ['reservekit-v1', 'bardge-v3']\n"
    )
    run = integrator_pytest(commands, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr


SHARED = """
import httpx


def book(sandbox):
    body = {"date": "2027-01-11", "time_slot_id": 99, "customer_email": "ada@example.com"}
    return httpx.post(
        sandbox.url("reservekit") + "/v1/bookings?service_id=3", json=body, headers=sandbox.headers()
    )


def test_one(sandbox):
    assert book(sandbox).status_code == 201


def test_two(sandbox):
    assert book(sandbox).status_code == 201


def test_three(sandbox):
    assert book(sandbox).status_code == 201


def test_fails(sandbox):
    assert book(sandbox).status_code == 201
    raise AssertionError("fails on purpose: its sandbox stays, for the dashboard")
"""


@pytest.mark.slow
def test_a_shared_server_keeps_no_sandbox_of_a_passed_test(commands: Commands, tmp_path: Path) -> None:
    """A team's server keeps at most --max-sandboxes (10,000 by default, none evicted unless it
    is told to): each run of a suite took one a test, so after a few days of CI every new key
    was refused (503). A passed test's sandbox is forgotten at its end; a failed one's stays."""
    (tmp_path / "pytest.ini").write_text(INI)
    (tmp_path / "test_shared.py").write_text(SHARED)
    port = free_port()
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--workers", "1"]
    command += ["--db", str(tmp_path / "shared.db"), "--max-sandboxes", "4", "--start-at", START]
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(port, process=server)
        kept = []
        for _ in range(3):
            run = integrator_pytest(commands, tmp_path, "--booking-sandbox-url", url)
            assert "1 failed, 3 passed" in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]
            kept += re.findall(r"sandbox key (sk_rsv_pt_\w+)", run.stdout)
        for key in kept:  # each still holds its test's booking, as the dashboard shows it
            journal = httpx.get(f"{url}/_sandbox/journal/count", headers={"Authorization": f"Bearer {key}"})
            assert journal.json()["count"] == 1, journal.text
        # --booking-sandbox-keep keeps a passed test's too: the fourth is the server's last room.
        run = integrator_pytest(
            commands, tmp_path, "--booking-sandbox-url", url, "--booking-sandbox-keep", "-k", "one"
        )
        assert "1 passed" in run.stdout, run.stdout[-3000:] + run.stderr[-2000:]
        newcomer = httpx.get(f"{url}/_sandbox/sandbox", headers={"Authorization": "Bearer sk_rsv_newcomer"})
        assert newcomer.status_code == 503, newcomer.text
        # A run on the full server: each test refused in one line, the server's reason, no
        # traceback (the client's was each test's report) and no sandbox named (none was made).
        full = integrator_pytest(commands, tmp_path, "--booking-sandbox-url", url)
        assert "4 errors" in full.stdout, full.stdout[-3000:]
        refused = f"booking-sandbox: {url} refused this test a sandbox: 503 this server keeps at most 4"
        # Each error's own section (the short summary repeats it, as wide as the terminal is).
        assert sum(line.startswith(refused) for line in full.stdout.splitlines()) == 4, full.stdout[-3000:]
        assert "During handling" not in full.stdout, full.stdout[-3000:]
        assert "sandbox key" not in full.stdout, full.stdout[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=15)
