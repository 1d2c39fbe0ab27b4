"""``BOOKING_SANDBOX_*`` variables that name nothing: a misspelt one (``BOOKING_SANDBOX_PROT``)
was ignored without a word, and the server started on the port the user meant to change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields

from mockserver.documents.quoting import meant_among
from mockserver.server.settings import ENV_PREFIX, Settings

CLIENT_VARIABLES = ("URL", "KEY", "TARGET_DATA")
"""Read by the control commands, the coverage command and the contract kit, not by serve."""


def stray_variables(environ: Mapping[str, str]) -> list[str]:
    """A line for each ``BOOKING_SANDBOX_*`` variable that is no setting, naming the nearest one."""
    known = [field.name.upper() for field in fields(Settings)] + list(CLIENT_VARIABLES)
    said = []
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name[len(ENV_PREFIX) :] in known:
            continue
        given = name[len(ENV_PREFIX) :]
        # Two letters swapped first (PROT is PORT, though ROOT is as near by difflib's measure).
        near = meant_among(given, known)
        meant = f" (did you mean {ENV_PREFIX}{near}?)" if near else ""
        said.append(f"{name} is no setting{meant}; ignored")
    return said
