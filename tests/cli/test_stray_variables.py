"""A ``BOOKING_SANDBOX_*`` variable that names no setting is said at serve's start, with the
setting it most likely meant: a misspelt one was ignored without a word."""

from __future__ import annotations

import os
import subprocess
import sys

from mockserver.cli.stray_variables import stray_variables


def test_each_stray_variable_is_named_with_the_setting_it_likely_meant() -> None:
    environ = {
        "BOOKING_SANDBOX_PROT": "9000",  # two letters swapped
        "BOOKING_SANDBOX_SEEED": "3",  # one too many
        "BOOKING_SANDBOX_SHINY": "1",  # nothing near
        "BOOKING_SANDBOX_PORT": "9000",  # a setting
        "BOOKING_SANDBOX_URL": "http://127.0.0.1:8000",  # the commands' own
        "BOOKING_SANDBOX_KEY": "sk_rsv_abcdefgh",
        "BOOKING_SANDBOX_TARGET_DATA": "td.yaml",  # the kit's
        "HOME": "/root",
    }
    assert stray_variables(environ) == [
        "BOOKING_SANDBOX_PROT is no setting (did you mean BOOKING_SANDBOX_PORT?); ignored",
        "BOOKING_SANDBOX_SEEED is no setting (did you mean BOOKING_SANDBOX_SEED?); ignored",
        "BOOKING_SANDBOX_SHINY is no setting; ignored",
    ]


def test_serve_says_a_stray_variable_before_anything_else() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    env["BOOKING_SANDBOX_WORKRS"] = "3"
    # A database URL serve refuses: it stops at once, after what it said of the environment.
    command = [sys.executable, "-m", "mockserver.cli", "serve", "--port", "0", "--db", "mysql://x/y"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    first = done.stderr.splitlines()[0]
    assert (
        first
        == "booking-sandbox: BOOKING_SANDBOX_WORKRS is no setting (did you mean BOOKING_SANDBOX_WORKERS?); ignored"
    )
