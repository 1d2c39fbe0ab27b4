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
