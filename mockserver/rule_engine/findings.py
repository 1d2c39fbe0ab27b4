"""What a traffic check found, tied to the exchange it came from, and the reports of a run:
a line a finding while it runs, then JSON and JUnit for CI."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from mockserver.documents.har import UPSTREAM, Exchange
from mockserver.documents.printable import visible

# What each check that is not an inventory rule holds an exchange to.
SPEC_CHECKS = {
    "SPEC-OPERATION": "the request names a documented operation (method and path)",
    "SPEC-STATUS": "the answer's status is one the operation documents",
    "SPEC-REQUEST": "a request the spec refuses is not answered 2xx",
    "SPEC-MEDIA-TYPE": "a type the operation takes or gives is not refused for its spelling (415, 406)",
    "SPEC-RESPONSE": "the answer meets the operation's documented schema",
    UPSTREAM: "the upstream answers (the proxy reached it)",
}


def origin_of(url: str) -> str:
    """A URL's scheme and host (with its port), as a finding names the host that answered."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass(frozen=True)
class Finding:
    rule: str
    """An inventory id (``BG-CANCEL-IDEMPOTENT``) or one of ``SPEC_CHECKS``."""
    index: int
    """The exchange's place in the traffic, from 1."""
    method: str
    path: str
    status: int
    message: str
    origin: str = ""
    """The exchange's scheme and host, where the traffic spans several (a browser's export):
    its line names it then, as the path alone would not say which host answered."""

    @classmethod
    def of(cls, rule: str, index: int, exchange: Exchange, message: str) -> Finding:
        return cls(rule, index, exchange.method, urlsplit(exchange.url).path, exchange.status, message)

    def line(self) -> str:
        where = f"{self.origin}{self.path}"
        return visible(
            f"FINDING {self.rule} #{self.index} {self.method} {where} -> {self.status}: {self.message}"
        )


@dataclass
class Report:
    api: str
    exchanges: int
    findings: list[Finding]
    checked: Sequence[str]
    """Every check the traffic was held to, found broken or not."""
    skipped: Counter[str] = field(default_factory=Counter)
    """Exchanges of the traffic that were no call of the API, by why (not in ``exchanges``)."""

    def to_json(self) -> str:
        return json.dumps(self.document(), indent=2)

    def document(self) -> dict[str, Any]:
        counts = Counter(finding.rule for finding in self.findings)
        return {
            "api": self.api,
            "exchanges": self.exchanges,
            "checks": [{"rule": rule, "findings": counts.get(rule, 0)} for rule in self.checked],
            "findings": [asdict(finding) for finding in self.findings],
            "skipped": dict(sorted(self.skipped.items())),
        }

    def to_junit(self) -> bytes:
        return bytes(ET.tostring(self.junit_suite(), encoding="utf-8", xml_declaration=True))

    def junit_suite(self) -> ET.Element:
        """One test case a check, failed with its findings: CI shows which rule broke, and where."""
        suite = ET.Element("testsuite", name=f"traffic checks: {self.api}", tests=str(len(self.checked)))
        failures = 0
        for rule in self.checked:
            case = ET.SubElement(suite, "testcase", classname=f"traffic.{self.api}", name=rule)
            found = [finding for finding in self.findings if finding.rule == rule]
            if found:
                failures += 1
                failure = ET.SubElement(case, "failure", message=found[0].line()[:500])
                failure.text = "\n".join(finding.line() for finding in found)
        suite.set("failures", str(failures))
        return suite

    def summary(self) -> str:
        broken = sorted({finding.rule for finding in self.findings})
        judged = f"{self.api}: {counted(self.exchanges, 'exchange')}"
        if not broken:
            return f"{judged}, {counted(len(self.checked), 'check')}, no finding"
        return (
            f"{judged}, {counted(len(self.findings), 'finding')} "
            f"breaking {len(broken)} of {counted(len(self.checked), 'check')}: {', '.join(broken)}"
        )


def counted(count: int, noun: str) -> str:
    """``1 exchange``, ``2 exchanges``: a summary CI shows reads as written."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def skipped_line(skipped: Counter[str]) -> str:
    """What was left unjudged and why, for a summary; "" where nothing was."""
    if not skipped:
        return ""
    parts = ", ".join(f"{count} of {reason}" for reason, count in sorted(skipped.items()))
    return visible(f"skipped {counted(skipped.total(), 'exchange')}: {parts}")


def lines(findings: Iterable[Finding]) -> list[str]:
    return [finding.line() for finding in findings]


def refused_junit(suite: str, said: str, classname: str) -> bytes:
    """The JUnit document of a run that judged nothing (the kit's target not usable, a HAR that
    cannot be read): one errored case, ``preflight``, whose message is ``said``. A CI job that
    reads the file showed "no test report found", the reason only in its log."""
    said = "\n".join(visible(line) for line in said.splitlines())
    suites = ET.Element("testsuites", tests="1", errors="1", failures="0")
    case_suite = ET.SubElement(suites, "testsuite", name=suite, tests="1", errors="1", failures="0")
    case = ET.SubElement(case_suite, "testcase", classname=classname, name="preflight")
    error = ET.SubElement(case, "error", message=(said.splitlines() or ["refused"])[0][:500])
    error.text = said
    return bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))
