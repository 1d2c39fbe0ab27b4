"""The pytest plugin as an integrator meets it: installed, inert, and a sandbox per test."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.webhook_receiver import Delivery

HERE = Path(__file__).parent
INI = """[pytest]
booking_sandbox_start_at = 2027-01-06T15:00:00Z
booking_sandbox_frozen = true
booking_sandbox_apis = reservekit-v1 merchant
"""


def integrator_pytest(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKING_SANDBOX_"))}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(
        command, check=False, cwd=directory, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_an_integrators_suite_gets_a_sandbox_per_test(tmp_path: Path) -> None:
    shutil.copyfile(HERE / "integrator_suite.py", tmp_path / "test_integration.py")
    (tmp_path / "pytest.ini").write_text(INI)
    run = integrator_pytest(tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


def test_the_plugin_is_inert_until_a_fixture_is_asked_for(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_nothing():\n    assert True\n")
    run = integrator_pytest(tmp_path, "--basetemp", str(tmp_path / "temp"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
    # The session server makes its database and log under the base temp directory.
    assert not list((tmp_path / "temp").glob("booking-sandbox*")), "a server started for nobody"


def test_a_delivery_verifies_only_with_its_secret_and_body() -> None:
    # The signature format the sandbox sends (t=<seconds>,v1=<HMAC-SHA256 of "<t>." + body).
    signed = Delivery(
        "/hooks",
        {
            "sandbox-signature": "t=1799000000,v1=6b1c0a0cf8c0e0a4b0d7f58a1b1c7d0d1d2b3c4d5e6f708192a3b4c5d6e7f809"
        },
        b"{}",
    )
    assert not signed.verify("whsec_x")
    digest = hmac.new(b"whsec_x", b"1799000000." + b'{"a":1}', hashlib.sha256).hexdigest()
    good = Delivery("/hooks", {"sandbox-signature": f"t=1799000000,v1={digest}"}, b'{"a":1}')
    assert good.verify("whsec_x")
    assert not good.verify("whsec_y")
    assert not Delivery("/hooks", good.headers, b'{"a":2}').verify("whsec_x"), "a tampered body"
    assert not Delivery("/hooks", {"sandbox-signature": "garbage"}, b"{}").verify("whsec_x")
