"""One kit run: the target, its callers and the recording HTTP session, shared by every check.

The Schemathesis module needs the run while pytest imports it (its tests are
made by a decorator), before any fixture exists; so ``pytest_configure``
starts the run here and the module reads it back. One run per pytest process.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis

from mockserver.documents.resources import spec_document, spec_path

from .callers import Callers
from .client import Api, Recorder, record_every_exchange, target_session
from .controls import NO_SANDBOX, Controls
from .holding import Hold
from .marks import marked_emails, run_tag
from .profiles import PROFILES, Profile
from .sandbox import Proxied, SandboxFacts, probe
from .schemathesis_config import configuration
from .target import Target
from .target_data import EMPTY, TargetData, given
from .tidy import Leftover, Tidy
from .traffic import Traffic
from .undo import Creations


@dataclass
class Run:
    target: Target
    profile: Profile
    facts: SandboxFacts | None
    recorder: Recorder
    session: requests.Session
    given_data: TargetData = EMPTY
    through: Proxied | None = None
    """Where the target is a booking-sandbox proxy (faced as an implementation), its upstream."""
    root: str = ""
    """Where the sandbox's control API is (``Target.control_roots``); the origin where none is."""
    callers: Callers = field(init=False)
    leftovers: list[Leftover] = field(default_factory=list)
    """What the scenarios made on the target and could not remove (listed after the verdicts)."""
    traffic: Traffic = field(default_factory=Traffic)
    """What Schemathesis sent each operation, and how often it got a 2xx."""
    unmet: set[str] = field(default_factory=set)
    """Rules a passing check could not decide here (the explorer's places on a shared target)."""
    progress: Callable[[str], None] = field(default=lambda line: print(line, file=sys.__stderr__))
    """Where a long check says how far it is (the terminal, past pytest's capture)."""
    own_faults: int = 0
    """Fault rules the user's sandbox had when the run began: a failure may be one firing."""
    invitations_taken: set[tuple[str, str]] = field(default_factory=set)
    """(booking, guest) of each invitation a check answers: answered once, each is one check's, and
    the conformance phase may find its real ids before the rules run."""
    tag: str = field(default_factory=run_tag)
    """This run's own, in the customers it books (``marks.py``)."""
    emails: Iterator[str] = field(init=False)
    """Customers' addresses, each new for the whole run and marked with its tag (``marks.py``)."""

    def __post_init__(self) -> None:
        self.root = self.root or self.target.origin
        self.emails = marked_emails(self.tag)
        self.callers = Callers(
            self.target,
            self.profile,
            sandbox=self.facts is not None,
            given_data=self.given_data,
            session=self.session,
            root=self.root,
        )
        self.controls = Controls(
            self.root,
            self.session,
            offered=self.facts is not None,
            why_not=NO_SANDBOX if self.through is None else f"the target is {self.through}",
        )
        self.creations = Creations(self.target.api, self.target.base_url, self.session)
        self.tidy_at_end = Tidy(self.leftovers)
        """Undoes, at the run's end, what the kit made for the whole run (the schema checks' real ids)."""

    def undo_creations(self) -> None:
        """Undo now what Schemathesis and the explorer made so far: on a shared target, a walk's
        bookings before the next walk, which books the same real rows."""
        self.creations.undo_all(Tidy(self.leftovers))

    @property
    def data(self) -> TargetData:
        """What the kit knows of the target beyond its operations (the current sandbox's, facing one)."""
        return self.callers.data

    def api(self, role: str | None = None) -> Api:
        """A caller of the API under test: the role's token, or no token with ``role=None``."""
        token = self.callers.require(role) if role else None
        return Api(self.session, self.target.base_url, token, self.conforms)

    def caller(self, token: str) -> Api:
        """A caller with a token the target data names (a booking's owner, an invited guest)."""
        return Api(self.session, self.target.base_url, token, self.conforms)

    def arranged(self) -> TargetData:
        """The target data, for a precondition no documented operation creates (an invitation, a
        recurring series, an admin's rejection): the vendor's file names them; a booking-sandbox
        seeds them in every new sandbox, and a pinned run moves to a new one of the kit's, whose
        seeded rows nobody touched."""
        if self.callers.pinned:
            self.callers.fresh(isolated=True)
        return self.data

    def control_token(self) -> str:
        """The token the control API is called with: the main role's, naming the current sandbox."""
        return self.callers.require(self.profile.main_role)

    @property
    def has_clock(self) -> bool:
        """Whether the kit can read and move the target's clock (a booking-sandbox's control API)."""
        return self.facts is not None and self.callers.minted

    def now(self) -> datetime:
        """The target's "now": its sandbox clock where it has one (so scenarios aim at the sandbox's
        days, whatever the wall clock says), else the wall clock (a real deployment's own)."""
        if self.has_clock:
            # The clock the scenarios move and book against: the main role's token's sandbox,
            # which is the user's own when the run is pinned to it by given tokens.
            reading = self.controls.now(self.control_token())
            if reading is not None:
                return reading
        return datetime.now(UTC)

    def today(self, zone: tzinfo = UTC) -> date:
        return self.now().astimezone(zone).date()

    def days_ahead(self, weeks: int, span: int) -> list[date]:
        """The ``span`` days from ``weeks`` ahead, then the nearer ones back to the day after
        tomorrow: a booking window, which most of the APIs do not show, may end before them."""
        today = self.today()
        later = [today + timedelta(weeks=weeks, days=offset) for offset in range(span)]
        return later + [today + timedelta(days=ahead) for ahead in range(7 * weeks - 1, 1, -1)]

    @cached_property
    def spec(self) -> Any:
        """The API's spec, parsed once: Schemathesis generates from it and scenarios validate by it.
        Loaded as ``from_path`` loads it, from the process's parsed copy of the file."""
        loaded = schemathesis.openapi.from_dict(
            spec_document(self.target.api), config=configuration(self.target, self.profile)
        )
        loaded.location = spec_path(self.target.api).absolute().as_uri()
        return loaded

    def conforms(self, method: str, path: str, response: requests.Response) -> None:
        """Fails the scenario when a response breaks the spec (status, schema, headers)."""
        operation = self.spec.find_operation_by_path(method, urlsplit(path).path)
        assert operation is not None, f"{method} {path} is not an operation of the spec"
        operation.validate_response(response)


_runs: list[Run] = []
_recorders: list[Recorder] = []
"""The run's recorder, from before the target is first asked: its HAR holds a refused start's too."""
_undo: list[Callable[[], None]] = []


def begin(target: Target) -> Run:
    """The run, once the target answered: ``TargetNotUsable`` when nothing does, and
    ``TargetDataError`` for a target-data file (or a sandbox's document) the kit cannot use."""
    data = given(target.api, target.target_data)
    recorder = Recorder()
    _recorders[:] = [recorder]
    _undo[:] = [record_every_exchange(recorder)]
    session = target_session(target.base_url, target.headers)
    # The first root that answers as a sandbox or a proxy: an ingress may serve one below a path.
    root, probed = target.origin, None
    for root in target.control_roots:
        if (probed := probe(root, session)) is not None:
            break
    facts = probed if isinstance(probed, SandboxFacts) else None
    through = probed if isinstance(probed, Proxied) else None
    run = Run(target, PROFILES[target.api], facts, recorder, session, data, through, root)
    _runs[:] = [run]
    _undo.insert(0, run.callers.forget_made)  # first: recorded, as every exchange of the run is
    return run


def started() -> Run | None:
    return _runs[0] if _runs else None


def recorded() -> Recorder | None:
    return _recorders[0] if _recorders else None


def hold(run: Run, wait: float = 0) -> None:
    """Holds the sandbox the run is pinned to, for the run (``holding.py``); ``TargetNotUsable``
    where another run holds it. A run of sandboxes of the kit's own holds none: nobody else
    knows their keys."""
    if run.facts is None or not run.callers.pinned:
        return
    held = Hold(run.root, run.control_token(), run.recorder)  # the token that moves its clock
    held.take(wait)
    run.own_faults = held.own_faults()
    _undo.append(held.give_back)


def finish() -> None:
    """Stops recording the process's exchanges and gives back the sandbox held (the run's end)."""
    for undo in _undo:
        undo()
    _undo.clear()


def current() -> Run:
    if not _runs:
        raise RuntimeError("the contract kit runs under pytest with --api and --base-url")
    return _runs[0]
