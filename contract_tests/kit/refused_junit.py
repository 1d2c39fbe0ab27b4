"""The JUnit file of a run refused before its first check (the target not usable, the sandbox
held by another run, an interrupt): a CI job that reads ``--junit`` showed "no test report
found" beside exit 5, and the reason only in its log. pytest writes none (no session began)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path


def write_refused(path: str | None, api: str, said: str) -> None:
    """One suite of one errored case, ``preflight``, whose message is ``said``; nothing where no
    ``--junit`` was asked for or the file cannot be written (the exit code and the line stand)."""
    if not path:
        return
    suites = ET.Element("testsuites", name="booking-sandbox contract kit", tests="1", errors="1")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"contract kit: {api}",
        tests="1",
        errors="1",
        failures="0",
        skipped="0",
        timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    case = ET.SubElement(suite, "testcase", classname="contract_kit", name="preflight", time="0")
    error = ET.SubElement(case, "error", message=said.splitlines()[0][:1000] if said else "refused")
    error.text = said
    try:
        Path(path).write_bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))
    except OSError:
        return
