"""The plugin in a suite as strict CI runs one: warnings as errors, a flaky test's rerun, and
parametrized names that hold a path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.plugin.test_plugin import INI, integrator_pytest

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
def test_a_rerun_meets_a_sandbox_of_its_own_and_a_path_named_test_its_journal(tmp_path: Path) -> None:
    """A rerun had the sandbox of the attempt that failed (its booking, its journal), a
    parametrized path made the journal file's name a folder that is not there ("journal not
    written"), and the wait for the server left a socket open, an error under
    ``filterwarnings = error`` at the first test's setup."""
    (tmp_path / "pytest.ini").write_text(STRICT)
    (tmp_path / "test_strict.py").write_text(SUITE)
    run = integrator_pytest(tmp_path)
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
def test_an_ini_line_written_wrong_is_one_line_for_the_session(tmp_path: Path, line: str, said: str) -> None:
    """Each was an error under every test that asked for a sandbox: a traceback, or the server's
    usage text, and a seed too large for a sandbox's row served 500s to every request."""
    (tmp_path / "pytest.ini").write_text(f"[pytest]\n{line}\n")
    for number in range(3):
        (tmp_path / f"test_{number}.py").write_text("def test_one(sandbox):\n    assert sandbox.key\n")
    run = integrator_pytest(tmp_path)
    assert run.returncode == 4, run.stdout + run.stderr
    lines = [text for text in (run.stdout + run.stderr).splitlines() if text.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"ERROR: booking-sandbox: {said}"), lines


@pytest.mark.slow
def test_the_ini_names_an_api_as_the_fixtures_do(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\nbooking_sandbox_apis = reservekit bardge\n")
    (tmp_path / "test_names.py").write_text(
        "import httpx\n\n"
        "def test_served(sandbox):\n"
        "    assert httpx.get(sandbox.url('reservekit') + '/v1/services', headers=sandbox.headers()).status_code == 200\n"
        "    assert httpx.get(sandbox.url('merchant') + '/services', headers=sandbox.headers('merchant')).status_code == 404\n"
        "    health = httpx.get(sandbox.server.url + '/_sandbox/health').json()\n"
        "    assert health['apis'] == ['reservekit-v1', 'bardge-v3']\n"
    )
    run = integrator_pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
