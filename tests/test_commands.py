"""The tests' forked commands behave as ``subprocess`` would have run or started them."""

from __future__ import annotations

import atexit
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mockserver.integration.local_server import wait_until_up
from tests import cli_forks
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


def _ended(monkeypatch: pytest.MonkeyPatch, command: Callable[[], int]) -> tuple[int, str, str]:
    """``command`` run as the forking process runs a command in a child and ends it (its own
    buffered standard streams on pipes): the child's wait status, output and errors."""
    monkeypatch.setattr(cli_forks, "_child", lambda request, streams: command())
    out, err = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child's)
        os.dup2(out[1], 1)
        os.dup2(err[1], 2)
        sys.stdout, sys.stderr = open(1, "w"), open(2, "w")  # noqa: SIM115 (the child's own, as a process's)
        cli_forks._end({}, [])
    os.close(out[1])
    os.close(err[1])
    with open(out[0]) as output, open(err[0]) as errors:
        said = output.read(), errors.read()
    return os.waitpid(pid, 0)[1], *said


SAID = "said before the end\n"


def _exits(code: int) -> Callable[[], int]:
    def command() -> int:
        print(SAID, end="")
        raise SystemExit(code)

    return command


@pytest.mark.parametrize(
    ("command", "code", "said", "error"),
    [
        (lambda: print(SAID, end="") or 3, 3, SAID, ""),
        (_exits(0), 0, SAID, ""),
        (_exits(4), 4, SAID, ""),
        (lambda: sys.exit("refused: a reason"), 1, "", "refused: a reason\n"),
        (lambda: sys.exit(None), 0, "", ""),
        (lambda: int("not a number"), 1, "", "ValueError: invalid literal"),
    ],
    ids=["returned", "exit 0", "exit 4", "exit with words", "exit None", "raised"],
)
def test_a_forked_command_ends_with_the_code_and_words_an_interpreter_would(
    monkeypatch: pytest.MonkeyPatch, command: Callable[[], int], code: int, said: str, error: str
) -> None:
    status, output, errors = _ended(monkeypatch, command)
    assert os.waitstatus_to_exitcode(status) == code
    assert output == said  # buffered by the command, flushed at its end
    assert error in errors
    if "ValueError" in error:
        assert errors.startswith("Traceback (most recent call last):"), errors


def test_a_forked_command_interrupted_dies_by_sigint(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted() -> int:
        raise KeyboardInterrupt

    status, _, errors = _ended(monkeypatch, interrupted)
    assert os.waitstatus_to_exitcode(status) == -signal.SIGINT
    assert "KeyboardInterrupt" in errors


def test_a_forked_command_ends_after_its_threads_and_exit_functions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the teardown of modules, but not without what a command leaves to its end: a
    thread it did not wait for, and what it asked ``atexit`` to do (a report written out)."""
    done = tmp_path / "done"

    def late() -> None:
        time.sleep(0.2)
        print("thread done", flush=True)

    def leaves_work() -> int:
        threading.Thread(target=late).start()
        atexit.register(lambda: done.write_text("exit function ran"))
        return 0

    status, output, _ = _ended(monkeypatch, leaves_work)
    assert os.waitstatus_to_exitcode(status) == 0
    assert output == "thread done\n"
    assert done.read_text() == "exit function ran"


def test_a_forked_pytest_is_the_integrators_own_with_the_plugins_installed_here(
    commands: Commands, tmp_path: Path
) -> None:
    """An integrator's suite with a ``tests`` package of its own imports its own, not this
    repository's (which the forking process imported), and strict warnings meet no complaint
    about plugins imported before the run: a new interpreter's ``python -m pytest`` likewise."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "__init__.py").write_text("")
    (tmp_path / "tests" / "helpers.py").write_text("ANSWER = 42\n")
    (tmp_path / "tests" / "test_own.py").write_text(
        "import sys\n"
        "from tests.helpers import ANSWER\n\n"
        "def test_own_package(request):\n"
        "    assert ANSWER == 42\n"
        f"    assert sys.path[0] == {str(tmp_path)!r}\n"
        "    assert request.config.pluginmanager.has_plugin('booking_sandbox')\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKING_SANDBOX_"))}
    run = commands.run(["-q", "-p", "no:cacheprovider", "-rA"], cwd=tmp_path, env=env, program="pytest")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed in" in run.stdout
    assert "warning" not in (run.stdout + run.stderr).lower(), run.stdout + run.stderr
