"""Real ids for Schemathesis: its path and query parameters drawn from resources that exist.

The spec's examples name this sandbox's seeded ids, and random ids name nothing, so without
real ones Schemathesis meets a 404 on every operation that reads or changes a booking and never
reads the target's answer about a real one. Before the schema checks use it, each API's
``Finder`` finds or makes a few real resources through documented operations (the scenario
helpers'), as the role the schema checks call with, and tidies them at the run's end. A
generated parameter that is valid by its schema is then replaced, one time in two, by a
consistent row of real ones (a provider with its own service); an invalid one stays, so
negative cases stay negative.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
from openapi_schema_validator import OAS30Validator
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.meta import TestPhase

from mockserver.documents.resources import spec_document
from mockserver.http.validation.formats import build_format_checker

from .reasons import reason
from .tidy import Tidy

Row = Mapping[str, Any]
"""Parameter name -> a real value; the names of one row belong together."""


@dataclass
class RealIds:
    """Rows of real values for path and query parameters, and bodies aimed at real resources."""

    path: Sequence[Row] = ()
    query: Sequence[Row] = ()
    bodies: Mapping[tuple[str, str], Sequence[Row]] = field(default_factory=dict)
    """(METHOD, path) -> fields to lay over a valid generated body."""
    whole_bodies: Mapping[tuple[str, str], Sequence[Row]] = field(default_factory=dict)
    """(METHOD, path) -> bodies sent in place of a valid generated one: those whose keys the
    target names (a custom form's answers, keyed by its fields' uuids)."""
    own_path: Mapping[tuple[str, str], Sequence[Row]] = field(default_factory=dict)
    """(METHOD, path) -> path rows of its own, in place of ``path``: what a delete or a cancel
    ends, so the operations after it in the spec still meet live resources."""
    unbegun: Mapping[str, str] = field(default_factory=dict)
    """``METHOD /path`` -> why the target cannot give that operation a real resource at all
    (what it sells makes none), said in place of a refused step."""
    acting: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)
    """(METHOD, path) -> a real path value -> the token of the one who may act on it, where
    that is not the role's caller (the guest invited to a booking accepts the invitation)."""
    walk_bodies: Mapping[tuple[str, str], Sequence[Row]] = field(default_factory=dict)
    """(METHOD, path) -> whole bodies only the explorer sends, beside ``whole_bodies``: those
    that need a booking of the walk's own (an invitation needs a group's booking)."""
    walk_roles: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """(METHOD, path) -> the role that acts there on the walk's bookings, where it is not the
    document's role (the guest the walk invites answers the invitation)."""
    walk_follows: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """``METHOD /path`` -> the changes that may follow it on its booking, beside those the spec's
    links offer (``explorer/links.py``): an invitation's answers follow the invitation."""


Finder = Callable[[Any, Tidy], RealIds]
"""Finds or makes an API's real resources on the target (a run, and the run's tidy-up)."""


class Pool:
    """The real ids of the run's current sandbox (or deployment), found once per main token."""

    def __init__(self, run: Any, finder: Finder | None, tidy: Tidy) -> None:
        self._run, self._finder, self._tidy = run, finder, tidy
        self._found: tuple[str | None, RealIds] | None = None

    def forget(self) -> None:
        """Find them again at their next use. Schemathesis' explicit examples are aimed as the
        module is collected, before the rules run, and the rules' bookings then held the times
        the found moves went to: against ``serve --vendor-only --vary 3`` on some hours of the
        day, every generated merchant move met "time slot already booked", and the operation
        went unchecked."""
        self._found = None

    def ids(self) -> RealIds:
        token = self._run.callers.token(self._run.profile.main_role)
        if self._found is None or self._found[0] != token:
            self._found = (token, self._find())
        return self._found[1]

    def _find(self) -> RealIds:
        if self._finder is None:
            return RealIds()
        found, unfound = find(self._finder, self._run, self._tidy)
        if unfound is not None:
            self._run.traffic.unfound = unfound
        self._run.traffic.unbegun = dict(found.unbegun)
        return found


def find(finder: Finder, run: Any, tidy: Tidy) -> tuple[RealIds, str | None]:
    """What ``finder`` finds on the run's target, or none and why."""
    try:
        return finder(run, tidy), None
    except (
        pytest.skip.Exception,
        AssertionError,
        requests.RequestException,
        LookupError,
        TypeError,
        # An answer the spec refuses, found by Schemathesis' checks of the finder's calls: an
        # exception group, no Exception, and it failed the conformance module's collection.
        FailureGroup,
    ) as error:
        # Nothing to find (no free slot, no target data), or a target whose answers the finder
        # cannot use: the operations' own checks and the rules say what is wrong with them; what
        # needs a real resource is unchecked, saying why none was found.
        if isinstance(error, FailureGroup):
            said = reason(error, ()).splitlines()[0]
        else:
            said = str(error).splitlines()[0] if str(error) else type(error).__name__
        return RealIds(), f"finding real resources failed: {said[:300]}"


def aim_at_real_ids(schema: Any, api: str, pool: Pool) -> None:
    """Registers the hook that lays real ids over valid generated parameters and bodies."""
    valid = _Validity(spec_document(api)["components"])

    reached: set[tuple[str, str]] = set()

    def map_case(context: Any, case: Any) -> Any:
        """Every phase's cases but the stateful one's (its links carry the ids it created): each
        operation's first case, then one in two, chosen by the case's own values so a seed
        repeats its run, gets a real row. The first is always aimed: an operation sees few
        cases valid enough to keep a real row, and chance alone left some with none."""
        meta = getattr(case, "meta", None)
        if meta is not None and meta.phase.name == TestPhase.STATEFUL:
            return case
        digest = int(
            hashlib.sha256(repr((case.path_parameters, case.query, case.body)).encode()).hexdigest(), 16
        )
        operation = case.operation
        key = (operation.method.upper(), operation.path)
        if digest % 2 == 0 and key in reached:
            return case
        ids, given = pool.ids(), (case.path_parameters, case.query, case.body)
        if case.path_parameters:
            rows = ids.own_path.get(key, ids.path)
            case.path_parameters = _lay(case.path_parameters, rows, operation.path_parameters, valid, digest)
        if case.query:
            # Query rows that agree with the path's real values: a provider's own service.
            path = case.path_parameters or {}
            agreeing = [row for row in ids.query if all(row[k] == v for k, v in path.items() if k in row)]
            case.query = _lay(case.query, agreeing or ids.query, operation.query, valid, digest)
        _act(case, ids.acting.get(key, {}))
        if isinstance(case.body, dict) and valid.body(operation, case.body):
            if rows := ids.whole_bodies.get(key, ()):
                case.body = dict(rows[digest // 2 % len(rows)])
            elif rows := ids.bodies.get(key, ()):
                case.body = {**case.body, **rows[digest // 2 % len(rows)]}
        if (case.path_parameters, case.query, case.body) != given:
            if key not in reached:
                case.query = _plain(case.query, ids.query, operation.query)
            reached.add(key)
            _own_idempotency_key(case)
        return case

    schema.hook(map_case)  # Schemathesis knows a hook by its function's name


def _own_idempotency_key(case: Any) -> None:
    """A generated ``Idempotency-Key`` names its request's own content once real values are laid
    in: generated keys repeat across cases (``0``, ``A``), so a second request with a real body
    met "already used for a different request" and no aimed create got through. The same
    request keeps the same key, so a repeated case is still a replay."""
    headers = case.headers or {}
    name = next((h for h in headers if h.lower() == "idempotency-key"), None)
    if name is None or not IDEMPOTENCY_KEY.fullmatch(str(headers[name])):
        return  # none sent, or a negative case's invalid one
    sent = repr((case.operation.method, case.operation.path, case.path_parameters, case.query, case.body))
    case.headers = {**headers, name: f"kit-{hashlib.sha256(sent.encode()).hexdigest()[:32]}"}


IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")


def _act(case: Any, tokens: Mapping[str, str]) -> None:
    """The case called by the one who may act on its real path value. Auth is set before this
    hook runs, so a case whose credentials a negative check removed keeps none."""
    headers = case.headers or {}
    token = next((tokens[v] for v in (case.path_parameters or {}).values() if v in tokens), None)
    if token is not None and "Authorization" in headers:
        case.headers = {**headers, "Authorization": f"Bearer {token}"}


def _lay(generated: Any, rows: Sequence[Row], parameters: Any, valid: _Validity, digest: int) -> Any:
    """``generated`` with its valid values replaced by those of one real row that names them."""
    if not rows or not isinstance(generated, dict):
        return generated
    schemas = {p.name: p.definition.get("schema", {}) for p in parameters}
    replaceable = {name for name, value in generated.items() if valid.value(schemas.get(name), value)}
    # The rows naming most of the parameters: a provider's id with its own service's, not with
    # the id of a class of another provider.
    most = max((len(replaceable & set(row)) for row in rows), default=0)
    usable = [row for row in rows if most and len(replaceable & set(row)) == most]
    if not usable:
        return generated
    row = usable[digest // 2 % len(usable)]
    return {**generated, **{name: row[name] for name in replaceable if name in row}}


def _plain(query: Any, rows: Sequence[Row], parameters: Any) -> Any:
    """An operation's first aimed query without the optional parameters no real row names: a
    generated cursor or filter names nothing on a target whose ids are not the seed's, and the
    one plain request must meet a real answer."""
    if not isinstance(query, dict):
        return query
    named = {name for row in rows for name in row} | {p.name for p in parameters if p.is_required}
    return {name: value for name, value in query.items() if name in named}


class _Validity:
    """Whether a generated value is valid by its schema (only those are replaced)."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self._components = components
        self._bodies: dict[tuple[str, str], Any] = {}

    def value(self, schema: Mapping[str, Any] | None, value: Any) -> bool:
        if schema is None:
            return False
        if schema.get("type") == "integer" and isinstance(value, str):  # the coverage phase's wire form
            # "²" is a digit to isdigit() and none to int(), as is a run past Python's 4,300.
            if re.fullmatch(r"-?[0-9]+", value) is None:
                return False
            try:
                value = int(value)
            except ValueError:
                return False
        return bool(self._validator(schema).is_valid(value))

    def body(self, operation: Any, body: Any) -> bool:
        key = (operation.method.upper(), operation.path)
        if key not in self._bodies:
            body_spec: dict[str, Any] = operation.definition.raw.get("requestBody") or {}
            media: dict[str, Any] = body_spec.get("content") or {}
            first: dict[str, Any] = next(iter(media.values()), {})
            schema = first.get("schema", {})
            self._bodies[key] = self._validator(schema)
        return bool(self._bodies[key].is_valid(body))

    def _validator(self, schema: Mapping[str, Any]) -> Any:
        return OAS30Validator(
            {**schema, "components": self._components}, format_checker=build_format_checker()
        )
