"""How the tests' forked commands end (``tests/cli_forks.py``): as an interpreter ends, but for
the teardown of every module.

That teardown dropped each object the forking process had imported, a write to each of their
pages, copied for the child alone: about 90 ms a child, 63 s of CPU over the suite's 383
children. ``multiprocessing`` ends its forked children likewise. Only the standard library here:
``tests/test_commands.py`` ends processes of its own through it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import NoReturn


def end(command: Callable[[], object]) -> NoReturn:
    """Runs ``command`` and ends this process with the status an interpreter would give it (from
    what it returned or raised; an interrupt it did not handle ends it by SIGINT), once its
    threads are joined, its exit functions run and its standard streams flushed."""
    interrupted = False
    try:
        code = exit_status(command())  # what it returned, as SystemExit(returned) would end it
    except SystemExit as exit:
        code = exit_status(exit.code)
    except BaseException as error:
        sys.excepthook(type(error), error, error.__traceback__)
        code, interrupted = 1, isinstance(error, KeyboardInterrupt)
    try:
        threading._shutdown()  # type: ignore[attr-defined]  # joins non-daemon threads, as at exit
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        if interrupted:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        os._exit(code)


def exit_status(code: object) -> int:
    """The exit status the interpreter gives ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
