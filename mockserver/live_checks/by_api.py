"""A recording of several APIs judged each by its own spec and rules: a sandbox's journal holds
every API it served, each under its mount (``/reservekit``, ``/bardge/v3``), and a lifecycle
answer held to ReserveKit's schema is a finding about nothing.

Named with ``--api``, one API is judged: an exchange under another API's mount is skipped and
counted, and every other exchange is that API's (a vendor serves it under a base path of its
own). Unnamed, each exchange is judged by the API whose mount its path is under; one under no
mount cannot be placed, and is counted, never guessed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from mockserver.apis.adapters import ADAPTERS, mount_of
from mockserver.documents.har import SIGNATURE_HEADER, Exchange, header_value
from mockserver.rule_engine.callers import caller_of
from mockserver.rule_engine.checking import CONTROL, TrafficCheck
from mockserver.rule_engine.findings import Finding, Report, counted, origin_of, skipped_line
from mockserver.rule_engine.no_calls import no_call
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.routes import ServedBases, below

UNPLACED = "no API's mount"
HIDDEN_CREDENTIALS = (
    "not judged: *-ROLES-EVERY-OPERATION, since no request of the recording shows a credential "
    "(a browser's export leaves out Authorization headers unless it may keep sensitive data; if "
    "the app really sent none, run its traffic through the proxy, which sees every header)"
)
OUTSIDE = "a host or base path the recording does not show the API at"
WEBHOOK_DELIVERIES = "the sandbox's webhook deliveries"
"""Calls a sandbox made of its receivers (its journal holds them), told by their signature."""


def unsent_note(unsent: Iterable[str], of: str = "the recording") -> str:
    """Other accounts named whose credential no request of ``of`` sent: a typo, or a recording
    of other traffic, would otherwise read as their traffic judged and clean."""
    named = ", ".join(sorted(unsent))
    return f"not judged: --other-account {named}, since no request of {of} sent that credential"


def unkept_note(count: int) -> str:
    """What a recording that holds some bodies only in part, or not at all, kept from judgement."""
    return (
        f"not judged: what {counted(count, 'exchange')} sent or answered, since the recording does not hold "
        "the whole body (saved without content, cut at a size, or in a file beside it that is "
        "not there); their statuses and headers were judged"
    )


APIS = tuple(ADAPTERS)  # the README's order


def api_of(url: str) -> str | None:
    """The API whose sandbox mount ``url``'s path is under, if any."""
    path = urlsplit(url).path
    for mount, api in _MOUNTS:
        if path == mount or path.startswith(mount + "/"):
            return api
    return None


# The longest mount first, so none hides another that begins with it.
_MOUNTS = sorted(((mount_of(api), api) for api in APIS), key=lambda pair: -len(pair[0]))


@dataclass
class Verdict:
    """Every API's report of one recording, and what was left unjudged and why."""

    reports: list[Report]
    skipped: Counter[str] = field(default_factory=Counter)
    """Exchanges not judged, by the reason: another API's name, ``UNPLACED``, or what each
    API's check found was no call of it (a CORS preflight)."""
    notes: list[str] = field(default_factory=list)
    """What the recording kept from being judged, beside its exchanges (credentials hidden)."""

    @property
    def findings(self) -> list[Finding]:
        return [finding for report in self.reports for finding in report.findings]

    def summary(self) -> list[str]:
        said = [report.summary() for report in self.reports]
        return [*said, *([skipped_line(self.skipped)] if self.skipped else []), *self.notes]

    def to_json(self) -> str:
        """One API's report as it always was, with what was skipped; several under ``apis``."""
        skipped = dict(sorted(self.skipped.items()))
        if len(self.reports) == 1:
            return json.dumps(
                {**self.reports[0].document(), "skipped": skipped, "notes": self.notes}, indent=2
            )
        return json.dumps(
            {
                "apis": [report.document() for report in self.reports],
                "findings": [finding for report in self.reports for finding in report.document()["findings"]],
                "skipped": skipped,
                "notes": self.notes,
            },
            indent=2,
        )

    def to_junit(self) -> bytes:
        suites = ET.Element("testsuites")
        suites.extend(report.junit_suite() for report in self.reports)
        for total in ("tests", "failures"):
            suites.set(total, str(sum(int(suite.get(total, "0")) for suite in suites)))
        return bytes(ET.tostring(suites, encoding="utf-8", xml_declaration=True))


class RecordingCheck:
    """``TrafficCheck`` per API, each exchange sent to its own."""

    def __init__(
        self,
        api: str | None,
        places: frozenset[tuple[str, str]] | None = None,
        *,
        origins: bool = False,
        credentials: bool = True,
        others: Collection[str] = (),
    ) -> None:
        """``places``: with ``api``, where the recording shows it (``api_places``); any other
        exchange is skipped and counted. ``origins``: each finding names its exchange's host
        (``several_origins``); ``credentials``: whether the recording shows them (``shows_credentials``);
        ``others``: the callers (``caller_named``) of accounts other than the recording's, whose
        requests must neither change nor show a booking another caller was shown."""
        self.api = api
        self._places = places
        self._origins = origins
        self._credentials = credentials
        self._others = frozenset(others)
        self._unsent = set(self._others)
        self._checks: dict[str, TrafficCheck] = {}
        self._skipped: Counter[str] = Counter()
        self._seen = 0
        self._unkept = 0
        self._control: list[tuple[int, Exchange]] = []
        """The control calls so far, by their place: an API's check begun later reads them."""

    def observe(self, exchange: Exchange) -> list[Finding]:
        """The findings of the recording's next exchange, numbered by its place in the recording."""
        self._seen += 1
        if self._unsent:
            self._unsent.discard(caller_of(exchange))
        if CONTROL in exchange.url:
            # No API's traffic, yet a clock it moved or a state it replaced is every API's:
            # passed by unread, the kit's own recording broke the read-after-write rule where a
            # booking ended as the clock moved past it.
            self._control.append((self._seen, exchange))
            for check in self._checks.values():
                check.observe(exchange, self._seen)
            return []
        placed = api_of(exchange.url)
        if placed is None and header_value(exchange.request_headers, SIGNATURE_HEADER.lower()):
            self._skipped[WEBHOOK_DELIVERIES] += 1
            return []
        if self.api is not None and placed not in (None, self.api):
            self._skipped[placed or UNPLACED] += 1
            return []
        api = self.api or placed
        if api is None:
            self._skipped[UNPLACED] += 1
            return []
        if self._places is not None and placed is None and not _within(exchange.url, self._places):
            self._skipped[OUTSIDE] += 1
            return []
        if api not in self._checks:
            self._checks[api] = TrafficCheck(
                api, origins=self._origins, credentials=self._credentials, others=self._others
            )
            for seen, earlier in self._control:
                self._checks[api].controlled(earlier, seen)
        # An upstream's fault is judged by itself: its finding says why the body was not.
        kept = exchange.request_kept and exchange.response_kept
        if not (kept or exchange.upstream_fault) and no_call(exchange) is None:
            self._unkept += 1
        return self._checks[api].observe(exchange, self._seen)

    def verdict(self) -> Verdict:
        # The APIs in the README's order; an API named but absent from the recording still
        # reports its zero exchanges, so a CI step sees it was judged.
        apis = [api for api in APIS if api in self._checks or api == self.api]
        reports = [
            self._checks[api].report() if api in self._checks else TrafficCheck(api).report() for api in apis
        ]
        notes = [] if self._credentials else [HIDDEN_CREDENTIALS]
        notes += [unkept_note(self._unkept)] if self._unkept else []
        notes += [unsent_note(self._unsent)] if self._unsent else []
        return Verdict(reports, sum((report.skipped for report in reports), Counter(self._skipped)), notes)


def shown_bases(api: str | None, exchanges: Iterable[Exchange]) -> dict[str, ServedBases]:
    """Per API, where the whole recording shows its target serving it (``ServedBases``): the
    rule engine learns it as a trace goes, so that a proxy judged a 404 under a wrong base that
    came before the first 2xx under the right one by its path's end; a file is read whole
    first. ``api``: the named API, else each exchange's by its sandbox mount."""
    exchanges = list(exchanges)
    specs = {name: Spec(name) for name in ({api} if api else {api_of(e.url) for e in exchanges}) if name}
    shown = {name: ServedBases() for name in specs}
    for exchange in exchanges:
        name = api or api_of(exchange.url)
        if name in specs and CONTROL not in exchange.url and 200 <= exchange.status < 300:
            shown[name].answered(exchange.url, specs[name].base_of(exchange.url))
    return shown


def with_bases(
    api: str | None, exchanges: list[Exchange], shown: dict[str, ServedBases] | None = None
) -> list[Exchange]:
    """Each exchange with the base path its target serves its API under, where the recording
    shows one (``shown_bases``, read here unless given)."""
    shown = shown_bases(api, exchanges) if shown is None else shown
    return [
        replace(exchange, base=shown[name].base_for(exchange.url))
        if (name := api or api_of(exchange.url) or "") in shown
        else exchange
        for exchange in exchanges
    ]


def api_places(api: str, exchanges: Iterable[Exchange], shown: ServedBases) -> frozenset[tuple[str, str]]:
    """Where a recording shows ``api``: each origin, and base path there, under which one of its
    documented paths was answered 2xx (``shown``, of ``shown_bases``), or, on a host where none
    was, called. A browser's export holds the page's own files and other hosts' calls beside the
    API's; held to the API's spec, each was a SPEC-OPERATION finding. A base of "" (the API at a
    host's root) takes in every path of that host, undocumented ones among them, so a 404 at the
    root of a host that serves the API under ``/api`` places no API there."""
    spec = Spec(api)
    called = set()
    for exchange in exchanges:
        base = spec.base_of(exchange.url)
        if base is not None and CONTROL not in exchange.url:
            called.add((origin_of(exchange.url), base))
    return frozenset((origin, base) for origin, base in called if base in (shown.at(origin) or {base}))


def shows_credentials(exchanges: Iterable[Exchange]) -> bool:
    """Whether any call of an API in the recording shows the credential it carried (masked or
    not). A browser's export leaves out every ``Authorization`` header unless asked to keep
    sensitive data: then a request shown with none proves nothing of the server."""
    return any(
        header_value(exchange.request_headers, "authorization")
        for exchange in exchanges
        if CONTROL not in exchange.url
    )


def several_origins(exchanges: Iterable[Exchange]) -> bool:
    """Whether a recording's exchanges went to more than one scheme and host."""
    return len({origin_of(exchange.url) for exchange in exchanges}) > 1


def _within(url: str, places: frozenset[tuple[str, str]]) -> bool:
    origin, path = origin_of(url), urlsplit(url).path
    return any(origin == where and below(path, base) for where, base in places)


def check_recording(api: str | None, exchanges: Iterable[Exchange]) -> Verdict:
    check = RecordingCheck(api)
    for exchange in exchanges:
        check.observe(exchange)
    return check.verdict()
