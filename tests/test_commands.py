"""The tests' forked commands behave as ``subprocess`` would have run or started them."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from mockserver.integration.local_server import wait_until_up
from tests.commands import Commands
from tests.test_serve import announced


def test_a_started_command_is_polled_signalled_and_waited_for_as_popen(commands: Commands) -> None:
    process = commands.start(["serve", "--port", "0", "--workers", "1"], stdout=subprocess.PIPE)
    health = announced(process, r"health http://127\.0\.0\.1:(\d+)/_sandbox/health$")
    wait_until_up(int(health[1]), process=process)
    assert process.poll() is None
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(timeout=0.1)
    process.send_signal(signal.SIGINT)  # as Ctrl-C: serve stops its workers and exits 0
    assert process.wait(timeout=30) == 0
    assert process.poll() == 0
    process.kill()  # nothing is sent to a process known to have ended


def test_a_refused_start_answers_its_code_and_errors(commands: Commands) -> None:
    process = commands.start(["serve", "--workers", "0"], stderr=subprocess.PIPE)
    assert process.wait(timeout=60) == 3
    assert process.stderr is not None
    assert "workers must be at least 1" in process.stderr.read()


def test_a_run_that_outruns_its_timeout_is_killed(commands: Commands, tmp_path: Path) -> None:
    # Its database in the test's folder: a killed serve leaves its own temporary one behind.
    run = commands.run(["serve", "--port", "0", "--workers", "1", "--db", str(tmp_path / "s.db")], timeout=1)
    assert run.returncode == -9
    assert "health http://127.0.0.1:" in run.stdout


def test_what_is_still_running_when_the_test_process_hangs_up_is_killed(tmp_path: Path) -> None:
    own = Commands()
    started = ["serve", "--port", "0", "--workers", "1", "--db", str(tmp_path / "s.db")]
    process = own.start(started, stdout=subprocess.PIPE)
    announced(process, r"health http://")
    own.close()
    assert process.wait(timeout=1) == -signal.SIGKILL
    with pytest.raises(ProcessLookupError):  # reaped, not left a zombie
        os.kill(process.pid, 0)


def test_a_test_process_holding_files_numbered_past_1024_forks_and_starts_as_any() -> None:
    """A worker that has made hundreds of apps holds as many files (their databases, until
    the collector closes them): the socket it hands the forking process, and a started
    command's exit pipe, are numbered past select's 1,024 (CI's run lost its forking process
    so, and every command after it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip(f"this machine lets a process hold {hard} files")
    resource.setrlimit(
        resource.RLIMIT_NOFILE, (max(soft, 1200) if soft != resource.RLIM_INFINITY else soft, hard)
    )
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        assert max(held) > 1024
        own = Commands()
        try:
            refused = own.start(["serve", "--workers", "0"], stderr=subprocess.PIPE)
            assert refused.wait(timeout=60) == 3
            assert own.run(["serve", "--workers", "0"]).returncode == 3
        finally:
            own.close()
    finally:
        for number in held:
            os.close(number)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
