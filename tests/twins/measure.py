"""Measures which PostgreSQL twins another twin proves, and rewrites ``proven_elsewhere.txt``.

    python -m tests.twins.measure        (about 2 minutes on two cores)

Every twin of the both-backends suites runs once (``--every-twin -k postgresql``) with
``tests.twins.plugin`` recording, per test, the statements PostgreSQL was sent (literals and
parameter numbers taken out, a list of values one), the errors it answered, and the lines it
ran of the code PostgreSQL has paths of its own in: the storage, the server's assembly and the
journal. Every twin of ``ALWAYS`` is kept; then, cheapest proof first, the twin that
adds most of what is not yet kept for the CPU it took, until nothing is left. The twins never
chosen are written to the list.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import coverage

from tests.conftest import BOTH_BACKENDS
from tests.twins import EVERY_TWIN, LISTED

ROOT = Path(__file__).resolve().parents[2]
ALWAYS = ("tests/storage/", "tests/control/test_workers.py", "tests/control/test_journal_writer.py")
"""Whose twins are all kept: the storage's own tests, each about what a backend does, and those
about what another process or connection sees when, which no statement or line tells apart."""
OWN_PATHS = ("mockserver/storage/", "mockserver/server/", "mockserver/control/journal")
"""Where PostgreSQL has code paths of its own (``dialect`` and ``postgresql`` are read there)."""
Feature = tuple[str, ...]

_ENTRY = re.compile(r"^@@(\w*)\|([A-Z]+):\s+(.*)$")
_SENT = re.compile(r"(?:statement|execute [^:]+):\s(.*)", re.S)
_QUOTED, _NUMBER = re.compile(r"'(?:[^']|'')*'"), re.compile(r"\b\d+\b")
_SPACE, _VALUES = re.compile(r"\s+"), re.compile(r"\((?:\s*\$?\?\s*,)*\s*\$?\?\s*\)")


def shape(statement: str) -> str:
    """A statement with its literals, parameter numbers and lists of values taken out."""
    text = _NUMBER.sub("?", _QUOTED.sub("'?'", statement))
    return _VALUES.sub("(?list)", _SPACE.sub(" ", text).strip())


def sent(log: Iterable[str], tests: Mapping[str, str]) -> Iterator[tuple[str, Feature]]:
    """(test, feature) for each statement and error in a server log whose database was a test's;
    a statement's lines after its first start with a tab."""
    database, text = "", ""
    for line in [*log, "@@|LOG:  end"]:
        if database and line.startswith(("\t", " ")):
            text += " " + line
            continue
        if database in tests:
            yield tests[database], ("sql", shape(text))
        database, text = "", ""
        entry = _ENTRY.match(line)
        if entry is None:
            continue
        named, kind, rest = entry.groups()
        statement = _SENT.match(rest)
        if kind == "LOG" and statement:
            database, text = named, statement.group(1)
        elif kind == "ERROR" and named in tests:
            yield tests[named], ("error", _NUMBER.sub("?", rest))


def features(folder: Path) -> dict[str, set[Feature]]:
    tests: dict[str, str] = {}
    for path in folder.glob("databases-*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["test"]:
                tests[record["database"]] = record["test"]
    found: dict[str, set[Feature]] = defaultdict(set)
    for path in folder.glob("statements-*.log"):
        with path.open(encoding="utf-8", errors="replace") as log:
            for test, feature in sent(log, tests):
                found[test].add(feature)
    lines = coverage.Coverage(data_file=str(folder / ".coverage"))
    lines.combine([str(folder)])
    data = lines.get_data()
    for file in data.measured_files():
        relative = Path(file).resolve().relative_to(ROOT).as_posix()
        if not relative.startswith(OWN_PATHS):
            continue
        for test in data.measured_contexts():
            if "postgresql" in test:
                data.set_query_context(test)
                found[test].update(("line", relative, str(n)) for n in data.lines(file) or ())
    return found


def chosen(found: Mapping[str, set[Feature]], cpu: Mapping[str, float]) -> list[str]:
    """The twins kept: every twin of ``ALWAYS``, then the most proof for the CPU until none is left."""
    kept = sorted(test for test in found if test.startswith(ALWAYS))
    left = set().union(*found.values()) - set().union(set(), *(found[test] for test in kept))
    while left:
        best = max(sorted(found), key=lambda test: len(found[test] & left) / (cpu.get(test, 1.0) + 0.05))
        kept.append(best)
        left -= found[best]
    return kept


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="twins-") as folder:
        trace = Path(folder)
        suites = [f"tests/{suite}" for suite in BOTH_BACKENDS]
        command = [sys.executable, "-m", "pytest", "-q", "-p", "tests.twins.plugin", EVERY_TWIN]
        command += ["-n", "3", "-k", "postgresql", "-p", "no:cacheprovider", *suites]
        ran = subprocess.run(command, cwd=ROOT, env={**os.environ, "TWIN_TRACE": folder}, check=False)
        if ran.returncode != 0:
            print("the twins did not all pass: nothing written", file=sys.stderr)
            return 1
        found = features(trace)
        cpu: dict[str, float] = {}
        for path in trace.glob("times-*.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                cpu[record["test"]] = record["cpu"]
    kept = chosen(found, cpu)
    twins = sorted(test for test in cpu if "postgresql" in test)
    left_out = [test for test in twins if test not in kept and not test.startswith(ALWAYS)]
    head = (
        "# PostgreSQL twins whose every statement, error and own line (tests/twins/__init__.py) a\n"
        f"# kept twin runs: {len(left_out)} of {len(twins)} twins, written by python -m tests.twins.measure\n"
    )
    LISTED.write_text(head + "".join(f"{test}\n" for test in left_out), encoding="utf-8")
    spent = sum(cpu.get(test, 0.0) for test in left_out)
    print(f"{len(kept)} twins kept, {len(left_out)} left out ({spent:.1f} s of CPU, under coverage)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
