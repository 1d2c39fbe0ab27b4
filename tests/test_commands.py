"""The tests' forked commands behave as ``subprocess`` would have run or started them."""

from __future__ import annotations

import os
import signal
import subprocess

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


def test_a_run_that_outruns_its_timeout_is_killed(commands: Commands) -> None:
    run = commands.run(["serve", "--port", "0", "--workers", "1"], timeout=1)
    assert run.returncode == -9
    assert "health http://127.0.0.1:" in run.stdout


def test_what_is_still_running_when_the_test_process_hangs_up_is_killed() -> None:
    own = Commands()
    process = own.start(["serve", "--port", "0", "--workers", "1"], stdout=subprocess.PIPE)
    announced(process, r"health http://")
    own.close()
    assert process.wait(timeout=1) == -signal.SIGKILL
    with pytest.raises(ProcessLookupError):  # reaped, not left a zombie
        os.kill(process.pid, 0)
