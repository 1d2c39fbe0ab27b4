"""The tests' forked commands behave as ``subprocess`` would have run or started them."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.integration.local_server import wait_until_up
from tests.commands import ROOT, Commands
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
    assert "workers must be from 1 to 64" in process.stderr.read()


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


SAID = "said before the end\n"
ENDING = """
import atexit, sys, threading, time
from tests.process_end import end

def command():
{body}

end(command)
"""


def _ended(body: str) -> subprocess.CompletedProcess[str]:
    """A process (its standard streams pipes, so its output is buffered) that ends as the
    forked commands end (``tests/process_end.py``), running a command of ``body``'s lines."""
    program = ENDING.format(body="\n".join(f"    {line}" for line in body.splitlines()))
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("body", "code", "said", "error"),
    [
        (f"print({SAID!r}, end='')\nreturn 3", 3, SAID, ""),
        (f"print({SAID!r}, end='')\nraise SystemExit(0)", 0, SAID, ""),
        (f"print({SAID!r}, end='')\nsys.exit(4)", 4, SAID, ""),
        ("sys.exit('refused: a reason')", 1, "", "refused: a reason\n"),
        ("sys.exit(None)", 0, "", ""),
        ("return int('not a number')", 1, "", "ValueError: invalid literal"),
        ("raise KeyboardInterrupt", -signal.SIGINT, "", "KeyboardInterrupt"),
        ("return None", 0, "", ""),
    ],
    ids=[
        "returned",
        "exit 0",
        "exit 4",
        "exit with words",
        "exit None",
        "raised",
        "interrupted",
        "returned None",
    ],
)
def test_a_forked_command_ends_with_the_status_and_words_an_interpreter_would(
    body: str, code: int, said: str, error: str
) -> None:
    ended = _ended(body)
    assert ended.returncode == code, ended.stderr
    assert ended.stdout == said  # buffered by the command, flushed at its end
    assert error in ended.stderr
    if error.endswith(("literal", "Interrupt")):
        assert ended.stderr.startswith("Traceback (most recent call last):"), ended.stderr


def test_a_forked_command_ends_after_its_threads_and_exit_functions(tmp_path: Path) -> None:
    """Without the teardown of modules, but not without what a command leaves to its end: a
    thread it did not wait for, and what it asked ``atexit`` to do (a report written out)."""
    done = tmp_path / "done"
    ended = _ended(
        "def late():\n"
        "    time.sleep(0.2)\n"
        "    print('thread done', flush=True)\n"
        "threading.Thread(target=late).start()\n"
        f"atexit.register(lambda: open({str(done)!r}, 'w').write('exit function ran'))\n"
        "return 0"
    )
    assert ended.returncode == 0, ended.stderr
    assert ended.stdout == "thread done\n"
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
