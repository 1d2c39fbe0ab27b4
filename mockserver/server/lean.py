"""What a server process leaves unimported: code its libraries load when it is installed, and
that the server never runs.

- httpx imports its own command line (rich and pygments, 3.7 MB of a process) whenever they
  are installed, as they are beside the contract kit; the server imports httpx only because
  Connexion imports Starlette's test client.
- uvicorn imports watchfiles (2.5 MB, a native library among them) for ``--reload``, which the
  server never asks for.

A module that ``sys.modules`` holds as None is one Python's import refuses: each library then
does as it does where the module is not installed.
"""

from __future__ import annotations

import sys

UNUSED = ("httpx._main", "watchfiles")


def leave_out_unused() -> None:
    """Called before the server's layers are imported; a module already imported stays."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
