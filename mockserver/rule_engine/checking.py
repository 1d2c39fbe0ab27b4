"""One stream of traffic held to an API's spec and passive rules, an exchange at a time: the
engine ``check-har`` runs over a file and the proxy over what it forwards."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import replace

from mockserver.documents.har import UPSTREAM, Exchange

from .callers import caller_of
from .catalogue import Catalogue
from .findings import SPEC_CHECKS, Finding, Report, origin_of
from .identity import Identities
from .invariants import Invariants
from .money import Money
from .no_calls import no_call
from .open_times import OpenTimes
from .operations import Operation, Spec
from .places import FAMILY as PLACES
from .places import Places
from .reading import answer_of, instant_of
from .roles import FAMILY as ROLES
from .roles import without_credential
from .routes import ServedBases
from .rules import RULES, Rules
from .stamps import Stamps
from .target_clocks import TargetClocks
from .unplaced import UNPLACED_STATUSES, Unplaced
from .vocabulary import Vocabulary

# A sandbox's control API, which the kit and the plugin call beside the API: not the API's traffic.
CONTROL = "/_sandbox/"
# Answers that say nothing of a resource: no credential, too many requests, the server's trouble.
SAYS_NOTHING = frozenset({401, 407, 429})
# Control calls after which a sandbox's bookings and clock start again.
REPLACES_STATE = ("/_sandbox/state", "/_sandbox/reset")


class TrafficCheck:
    """One trace held to an API's spec and rules. ``spec``: the API's, loaded once by a caller
    that judges many traces; ``rules_only``: the documents' rules and a request's parameters
    alone, where another check (the kit's Schemathesis) already holds each exchange to the
    schemas; ``account``: whose trace an exchange belongs to, where the caller knows better
    than a credential's fingerprint (the explorer's roles of one account), with ``home`` the
    account whose bookings the trace follows: every other account's exchanges are then judged
    as foreign to it; ``others``: the callers of other accounts than those whose traces are
    followed (a recording's, named by its user), each exchange of theirs judged as foreign to
    every trace; ``alone``: the trace is the only one using its places (the explorer's own
    sandbox), so that the places a read shows left can be held to the trace's own bookings
    (``PLACES-ADD-UP``); ``origins``: the trace went to several hosts (a browser's export), and
    each finding names its own; ``credentials``: False where the trace hides every credential
    its requests carried (a browser's export without its sensitive data), so a request shown
    with none is no finding; ``live``: the trace is judged as it happens (a proxy), and a
    "not found" before its host shows the API's base waits for it (``unplaced``); ``window``:
    past this many exchanges since they began, the judgements start again, as on a new trace
    (what each keeps grows with the bookings it saw, and a proxy runs for days)."""

    def __init__(
        self,
        api: str,
        *,
        spec: Spec | None = None,
        rules_only: bool = False,
        account: Callable[[Exchange], str] = caller_of,
        home: str | None = None,
        others: Collection[str] = (),
        alone: bool = False,
        origins: bool = False,
        credentials: bool = True,
        live: bool = False,
        window: int | None = None,
    ) -> None:
        self.api = api
        self._origins = origins
        self._credentials = credentials
        self.spec = spec or Spec(api)
        self.rules_only = rules_only
        self._rules = RULES[api]
        self._account = account
        self._home, self._others = home, frozenset(others)
        self._alone = alone
        self._clocks = TargetClocks()
        self._window, self._begun = window, 0
        self._begin()
        self._served = ServedBases()
        self._unplaced = Unplaced() if live else None
        self.exchanges = 0
        self.skipped = 0
        self.passed_over: Counter[str] = Counter()
        """Exchanges that were no call of the API (``no_call``), by why."""
        self.findings: list[Finding] = []
        # The proxy observes from many connections at once; the rules need one order.
        self._lock = threading.Lock()

    @property
    def checked(self) -> tuple[str, ...]:
        words = self._rules.words
        # Places are judged only where the trace uses them alone; elsewhere the rule is not met,
        # as the credential sent on every operation is not where the trace hides credentials.
        unmet: set[str] = set()
        if words and not self._places:
            unmet.add(words.rule(PLACES))
        if words and not self._credentials:
            unmet.add(words.rule(ROLES))
        return (
            *SPEC_CHECKS,
            *self._rules.ids,
            *(rule for rule in (words.ids if words else ()) if rule not in unmet),
        )

    def observe(self, exchange: Exchange, index: int | None = None) -> list[Finding]:
        """The findings of one more exchange, in the order the traffic happened; ``index`` is its
        place in a recording of several APIs (else its place in this API's traffic)."""
        with self._lock:
            self.exchanges += 1
            index = index or self.exchanges
            if self._window is not None and self.exchanges - self._begun > self._window:
                self._begun = self.exchanges - 1
                self._begin()
            try:
                if CONTROL in exchange.url:
                    self.skipped += 1
                    self._controlled(index, exchange)
                    return []
                if passed := no_call(exchange):
                    self.skipped += 1
                    self.passed_over[passed] += 1
                    return []
                if exchange.upstream_fault:
                    found = self._upstream_fault(index, exchange)
                else:
                    found = self._checked(index, exchange)
            finally:
                exchange.forget_json()  # every check has read the bodies
            if self._origins:
                found = [replace(finding, origin=origin_of(exchange.url)) for finding in found]
            self.findings += found
            return found

    def _begin(self) -> None:
        """The judgements, from here on (the clocks go on: they are the target's, not the trace's)."""
        # The documents' rules per caller: ids are per account, and a HAR of several accounts
        # (the kit's) reuses them. The invariants over the whole trace, each showing per caller.
        self._callers: dict[str, Rules] = {}
        words, clocks, alone = self._rules.words, self._clocks, self._alone
        accounts = self._home is not None or bool(self._others)
        self._invariants = Invariants(words, clocks, accounts=accounts) if words else None
        self._stamps = Stamps(words, clocks) if words and words.stamps else None
        self._identities = Identities(words) if words else None
        self._money = Money(words, clocks) if words and words.money else None
        self._places = _places(words) if words and words.places and alone else None
        self._catalogue = Catalogue(words) if words and words.catalogue else None

    def _parameters(self, index: int, exchange: Exchange, operation: Operation | None) -> list[Finding]:
        """Where the kit's Schemathesis holds the exchanges to the schemas, the parameters the
        engine still reads itself: Schemathesis' negative check takes a query value it spelt as
        text for a change of type that the query's text form undoes, and passed a vendor serving
        ``page_size=101`` (its coverage phase's "greater than maximum") with a 200."""
        if operation is None or not 200 <= exchange.status < 300:
            return []
        return list(self.spec.parameter_findings(index, exchange, operation))

    def controlled(self, exchange: Exchange, index: int = 0) -> None:
        """A control call made before this trace began (the explorer's stopped clock, or one a
        recording of several APIs shows before this API's first call, at ``index``): what it
        says of the sandbox's clock holds for the trace, which does not count it."""
        with self._lock:
            self._controlled(index, exchange)

    def _controlled(self, index: int, exchange: Exchange) -> None:
        """A call to a sandbox's control API: a clock read or moved, or a sandbox's state replaced."""
        if not 200 <= exchange.status < 300:
            return
        if "/clock" in exchange.url:
            self._clock(index, exchange)
        elif exchange.method != "GET" and any(part in exchange.url for part in REPLACES_STATE):
            self._clocks.forget()
            for kept in (self._stamps, self._identities, self._money, self._places, self._catalogue):
                if kept:
                    kept.forget()
        elif exchange.method != "GET" and self._catalogue:
            self._catalogue.forget()  # a world or a scenario may set the catalogue

    def _clock(self, index: int, exchange: Exchange) -> None:
        answer = answer_of(exchange)
        now = instant_of(answer.get("now")) if isinstance(answer, dict) else None
        caller = self._home or self._account(exchange)
        if now is not None and now.tzinfo is not None:
            self._clocks.read(caller, now, bool(answer.get("frozen")), exchange)
        if exchange.method == "GET":
            return
        if self._invariants:
            self._invariants.time_moved()
        for counted in (self._money, self._places):
            if counted:
                counted.time_moved(index)
        if self._catalogue:
            self._catalogue.forget()
        if self._stamps:
            self._stamps.clock(caller, now, index, exchange)

    def _judged(self, index: int, exchange: Exchange, operation: Operation | None) -> list[Finding]:
        account = self._account(exchange)
        foreign = account in self._others or (self._home is not None and account != self._home)
        # Followed apart per caller, unless the trace names its home account: then one trace.
        caller = self._home if self._home is not None else account
        rules = self._callers.get(caller)
        if rules is None:
            rules = self._callers[caller] = self._rules()
        if operation is None:
            return [] if foreign else list(rules.unmatched(index, exchange))
        found = [] if foreign else list(rules.observe(index, exchange, operation))
        # The timestamp rule before the invariants: where both see one difference, it names it.
        if self._stamps is not None and not foreign:
            found += self._stamps.observe(index, exchange, operation, caller)
        if self._identities is not None and not foreign:
            found += self._identities.observe(index, exchange, operation)
        if self._money is not None:
            found += self._money.observe(index, exchange, operation, caller, foreign=foreign)
        if self._places is not None:
            found += self._places.observe(index, exchange, operation, foreign=foreign)
        if self._catalogue is not None:
            found += self._catalogue.observe(index, exchange, operation)
        if self._invariants is not None:
            found += self._invariants.observe(index, exchange, operation, caller, foreign=foreign)
            if self._credentials:
                found += without_credential(self._invariants.words, index, exchange, operation)
        return found

    def operation(self, exchange: Exchange) -> Operation | None:
        """The documented operation ``exchange`` (observed already) is, under the base its trace
        shows: what a proxy's journal counts its coverage by. None for a live trace's 404 or 405
        whose host shows no base yet: its path's end may be a client's wrong base (``unplaced``),
        and a count, made when the exchange is journaled, cannot wait as its findings do."""
        with self._lock:
            base = self._base(exchange)
            if self._unplaced is not None and base is None and exchange.status in UNPLACED_STATUSES:
                return None
            return self.spec.operation(exchange.method, exchange.url, base)

    def _base(self, exchange: Exchange) -> str | None:
        return exchange.base if exchange.base is not None else self._served.base_for(exchange.url)

    def _checked(self, index: int, exchange: Exchange) -> list[Finding]:
        # A 2xx shows its own base, as check-har's reading of the whole recording has it.
        shown = (
            exchange.base is None
            and 200 <= exchange.status < 300
            and self._served.answered(exchange.url, self.spec.base_of(exchange.url))
        )
        base = self._base(exchange)
        operation = self.spec.operation(exchange.method, exchange.url, base)
        found = (
            self._parameters(index, exchange, operation)
            if self.rules_only
            else list(self.spec.findings(index, exchange, operation, base))
        )
        if exchange.status not in SAYS_NOTHING and exchange.status < 500:
            found += self._judged(index, exchange, operation)
        if self._unplaced is None:
            return found
        if found and base is None and exchange.status in UNPLACED_STATUSES:
            return self._unplaced.wait(exchange, self.spec.routes.template(exchange.url, None), found)
        return self._unplaced.placed(exchange.url, self.spec.routes, self._served) + found if shown else found

    def settled(self) -> list[Finding]:
        """The end of a live trace: the answers still waiting for their host to show a base
        (``unplaced``) stand as they were judged, by the path's end."""
        with self._lock:
            found = self._unplaced.settle() if self._unplaced else []
            self.findings += found
            return found

    def _upstream_fault(self, index: int, exchange: Exchange) -> list[Finding]:
        """An exchange the proxy's upstream failed, judged by that alone. Where the answer is
        the proxy's own (kept whole), the upstream gave none: nothing of the API was checked."""
        if exchange.response_kept:
            self.skipped += 1
        return [Finding.of(UPSTREAM, index, exchange, exchange.upstream_fault)]

    def report(self) -> Report:
        with self._lock:
            return Report(
                self.api,
                self.exchanges - self.skipped,
                [*self.findings, *(self._unplaced.pending() if self._unplaced else ())],
                self.checked,
                Counter(self.passed_over),
            )


def _places(words: Vocabulary) -> Places:
    """Counted places, or times listed open (``Holds.lists``)."""
    return OpenTimes(words) if words.places and words.places.lists else Places(words)
