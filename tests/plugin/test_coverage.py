"""The plugin's coverage report against what the suite itself sent: the same operations and
statuses, under xdist too, and a threshold above the figure failing the run in one line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from mockserver.documents.resources import load_yaml, spec_path
from mockserver.http.operations.routes import MethodIndex
from tests.commands import Commands

HERE = Path(__file__).parent
MOUNTS = {
    "reservekit-v1": "/reservekit",
    "merchant": "/merchant",
    "lifecycle": "/lifecycle",
    "bardge-v3": "/bardge/v3",
}
INI = "[pytest]\nbooking_sandbox_start_at = 2027-01-06T15:00:00Z\nbooking_sandbox_frozen = true\n"


def run_suite(commands: Commands, directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKING_SANDBOX_"))}
    env["COVERAGE_NOTES"] = str(directory / "notes.jsonl")
    argv = ["-q", "-p", "no:cacheprovider", *args]
    return commands.run(argv, cwd=directory, env=env, timeout=300, program="pytest")


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    shutil.copyfile(HERE / "coverage_suite.py", tmp_path / "test_suite.py")
    (tmp_path / "pytest.ini").write_text(INI)
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_the_report_counts_what_the_suites_own_requests_were(
    commands: Commands, suite: Path, workers: list[str]
) -> None:
    report = suite / "coverage.json"
    run = run_suite(
        commands,
        suite,
        *workers,
        f"--booking-sandbox-coverage=json:{report}",
        "--booking-sandbox-coverage=term",
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    noted = Counter(tuple(json.loads(line)) for line in (suite / "notes.jsonl").read_text().splitlines())
    operations = json.loads(report.read_text())["apis"]["reservekit-v1"]["operations"]
    counted = Counter(
        {(op["operation"], int(status)): n for op in operations for status, n in op["seen"].items()}
    )
    assert counted == noted
    assert "GET /v1/bookings/{bookingID}" in run.stdout  # the terminal table
    assert "TOTAL " in run.stdout
    assert "Never touched:" in run.stdout


@pytest.mark.slow
def test_a_threshold_above_the_figure_fails_the_run_in_one_line(commands: Commands, suite: Path) -> None:
    run = run_suite(commands, suite, "--booking-sandbox-cov-fail-under=99")
    assert run.returncode == 1, run.stdout[-3000:]
    failing = [line for line in run.stdout.splitlines() if "--booking-sandbox-cov-fail-under 99" in line]
    assert len(failing) == 1, run.stdout[-2000:]
    assert failing[0].startswith("FAIL: booking-sandbox coverage ")
    assert "2 passed" in run.stdout


NOTING = '''"""Notes every request the examples send to an API, beside the sandbox's own counts."""
import json
import os

import httpx

_handle = httpx.HTTPTransport.handle_request
MOUNTS = ("/reservekit/", "/merchant/", "/lifecycle/", "/bardge/v3/")


def _noting(self, request):
    response = _handle(self, request)
    if request.url.path.startswith(MOUNTS):
        with open(os.environ["COVERAGE_NOTES"], "a", encoding="utf-8") as out:
            out.write(json.dumps([request.method, request.url.path, response.status_code]) + "\\n")
    return response


httpx.HTTPTransport.handle_request = _noting
'''


@pytest.mark.slow
def test_the_examples_table_counts_what_the_examples_themselves_sent(
    commands: Commands, tmp_path: Path
) -> None:
    shutil.copytree(HERE.parent.parent / "examples", tmp_path / "examples")
    (tmp_path / "conftest.py").write_text(NOTING)
    (tmp_path / "pytest.ini").write_text(INI)
    report = tmp_path / "coverage.json"
    run = run_suite(commands, tmp_path, "examples", f"--booking-sandbox-coverage=json:{report}")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    indexes = {api: MethodIndex(load_yaml(spec_path(api))["paths"]) for api in MOUNTS}
    noted: Counter[tuple[str, str, int]] = Counter()
    for line in (tmp_path / "notes.jsonl").read_text().splitlines():
        method, path, status = json.loads(line)
        api = next(api for api, mount in MOUNTS.items() if path.startswith(mount + "/"))
        operation = indexes[api].operation(method, path[len(MOUNTS[api]) :])
        noted[(api, str(operation), status)] += 1
    counted: Counter[tuple[str, str, int]] = Counter()
    for api, shown in json.loads(report.read_text())["apis"].items():
        for op in shown["operations"]:
            for status, n in op["seen"].items():
                counted[(api, op["operation"], int(status))] += n
    assert counted == noted
    assert {api for api, _, _ in noted} == set(MOUNTS), "an API the examples use is missing"
