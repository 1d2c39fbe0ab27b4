"""One kit run: the target, its callers and the recording HTTP session, shared by every check.

The Schemathesis module needs the run while pytest imports it (its tests are
made by a decorator), before any fixture exists; so ``pytest_configure``
starts the run here and the module reads it back. One run per pytest process.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis

from mockserver.resources import spec_path
from mockserver.seeding.world import World

from .client import Api, Recorder, recording_session
from .controls import Controls
from .profiles import PROFILES, Profile, customer_token
from .sandbox import SandboxFacts, probe
from .schemathesis_config import configuration
from .target import Target


class Callers:
    """Tokens by role: the ones given with --token, and, facing a sandbox, minted ones beside them.

    Minted tokens name a sandbox key of the kit's own; ``fresh()`` moves to a
    new key, so a scenario can start from the untouched seeded world. Given
    tokens that name a sandbox key of their own (``sk_rsv_KEY``, ``role.subject.KEY``)
    pin the run to that sandbox: the other roles are minted in it, and its clock is
    the one the kit moves, so every rule is still checked.
    """

    def __init__(self, target: Target, profile: Profile, facts: SandboxFacts | None) -> None:
        self._given = dict(target.tokens)
        self._profile = profile
        self._facts = facts
        self._pinned = sandbox_key_of(self._given.values()) if facts is not None else None
        self._minted: dict[str, str] = {}
        self._isolated = False
        self.sandbox_key = ""
        self.fresh()

    @property
    def minted(self) -> bool:
        return self._facts is not None

    @property
    def pinned(self) -> bool:
        """Whether the run stays in the sandbox the given tokens name (no fresh world per scenario)."""
        return self._pinned is not None

    def fresh(self, *, isolated: bool = False) -> None:
        """Starts the next scenario: in a new sandbox of the kit's, or, when pinned, in the given
        tokens' sandbox. ``isolated`` asks for a new one of the kit's even when pinned (with its
        own tokens only): Hypothesis replays a stateful sequence, which must meet the same state."""
        if self._facts is None:
            return
        self._isolated = isolated
        if isolated or self._pinned is None:
            self.sandbox_key = f"kit_{secrets.token_hex(6)}"
        elif self.sandbox_key == self._pinned:
            return
        else:
            self.sandbox_key = self._pinned
        self._minted = self._profile.mint(self._facts.world, self.sandbox_key)

    def token(self, role: str) -> str | None:
        if self._isolated:
            return self._minted.get(role)
        return self._given.get(role) or self._minted.get(role)

    def require(self, role: str) -> str:
        token = self.token(role)
        if token is None:
            what = self._profile.roles.get(role, role)
            pytest.skip(f"needs {what}: pass --token {role}=TOKEN")
        return token


def sandbox_key_of(tokens: Iterable[str]) -> str | None:
    """The sandbox key the first sandbox-format token names, if any does."""
    for token in tokens:
        if token.startswith("sk_rsv_") and len(token) > len("sk_rsv_"):
            return token.removeprefix("sk_rsv_")
        parts = token.split(".")
        if len(parts) == 3 and all(parts):
            return parts[2]
    return None


@dataclass
class Run:
    target: Target
    profile: Profile
    facts: SandboxFacts | None
    recorder: Recorder
    session: requests.Session
    callers: Callers = field(init=False)

    def __post_init__(self) -> None:
        self.callers = Callers(self.target, self.profile, self.facts)
        self.controls = Controls(self.target.origin, self.session, offered=self.facts is not None)

    def api(self, role: str | None = None) -> Api:
        """A caller of the API under test: the role's token, or no token with ``role=None``."""
        token = self.callers.require(role) if role else None
        return Api(self.session, self.target.base_url, token, self.conforms)

    def seeded(self, what: str) -> World:
        """The seeded world, for a precondition no documented operation creates (an invitation,
        a recurring series, an admin's rejection). A booking-sandbox seeds them in every new
        sandbox; a pinned run moves to a new one of the kit's, whose seeded rows nobody touched.
        Elsewhere the scenario is skipped, saying what it needed."""
        if self.facts is None:
            pytest.skip(f"needs {what}, which no documented operation creates; a booking-sandbox seeds one")
        if self.callers.pinned:
            self.callers.fresh(isolated=True)
        return self.facts.world

    def seeded_customer(self, customer_uuid: str) -> Api:
        """A seeded customer of the current sandbox as a caller (after ``seeded``)."""
        token = customer_token(customer_uuid, self.callers.sandbox_key)
        return Api(self.session, self.target.base_url, token, self.conforms)

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

    @cached_property
    def spec(self) -> Any:
        """The API's spec, parsed once: Schemathesis generates from it and scenarios validate by it."""
        return schemathesis.openapi.from_path(
            spec_path(self.target.api), config=configuration(self.target, self.profile)
        )

    def conforms(self, method: str, path: str, response: requests.Response) -> None:
        """Fails the scenario when a response breaks the spec (status, schema, headers)."""
        operation = self.spec.find_operation_by_path(method, urlsplit(path).path)
        assert operation is not None, f"{method} {path} is not an operation of the spec"
        operation.validate_response(response)


_runs: list[Run] = []


def begin(target: Target) -> Run:
    """The run, once the target answered: ``TargetNotUsable`` when nothing does."""
    recorder = Recorder()
    session = recording_session(target.headers, recorder)
    run = Run(target, PROFILES[target.api], probe(target.origin, session), recorder, session)
    _runs[:] = [run]
    return run


def started() -> Run | None:
    return _runs[0] if _runs else None


def current() -> Run:
    if not _runs:
        raise RuntimeError("the contract kit runs under pytest with --api and --base-url")
    return _runs[0]
