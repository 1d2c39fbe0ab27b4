"""The ``--junit`` file of a kit run refused before its first check (the target not usable, the
sandbox held by another run, an interrupt): pytest writes none, as no session began."""

from __future__ import annotations

from pathlib import Path

from mockserver.rule_engine.findings import refused_junit


def write_refused(path: str | None, api: str, said: str) -> None:
    """Nothing where no ``--junit`` was asked for or the file cannot be written: the exit code
    and the line printed stand."""
    if not path:
        return
    try:  # as pytest writes --junitxml: its folders made
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(refused_junit(f"contract kit: {api}", said, "contract_kit"))
    except OSError:
        return
