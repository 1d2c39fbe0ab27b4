"""Settings from the command line: each flag is named after its setting (``journal_limit`` is
``--journal-limit``), so a refusal names the flag the user typed, or the variable they set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.server.settings import Settings


def flag_of(setting: str) -> str:
    return "--" + setting.replace("_", "-")


def settings_from_flags(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Settings:
    """``Settings.load`` of these flags' values (None: not given) over the environment."""
    return Settings.load(flags, environ, spelled={name: flag_of(name) for name in flags})
