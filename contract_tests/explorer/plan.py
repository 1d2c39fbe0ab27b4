"""What a walk can do on one API, read off its spec, the rule engine's words and the real ids.

Nothing here names an operation of one API: creates are the writes the engine's words say make a
booking, moves the writes that name one in their path, sides the other writes (a purchase),
reads the documented views of a booking (by id, or a list with a real query). A field's values
come from what the target showed: the real-id finder's rows (``contract_tests/rules/real_ids.py``),
the same the schema checks aim with.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from contract_tests.kit.profiles import Profile
from contract_tests.kit.real_ids import RealIds, Row
from contract_tests.kit.run import Run
from mockserver.rule_engine.rules import RULES
from mockserver.rule_engine.vocabulary import Vocabulary

from .links import follows, reads_before
from .looks import Look, path_rows
from .retries import key_header
from .spellings import Schema, Schemas
from .steps import Step

# Roles of another account: the walk's account is every other role of the profile.
OTHER_ACCOUNT = ("other", "other_customer")
NOBODY = "nobody"


@dataclass
class Plan:
    creates: list[Step]
    moves: list[Step]
    sides: list[Step]
    """Changes that name no booking and make none (a purchase, a provider's confirmation)."""
    reads: list[Step]
    lists: list[tuple[Step, Mapping[str, Any]]]
    looks: list[Look] = field(default_factory=list)
    """Every other documented read (``looks.py``)."""
    known: dict[str, list[Any]] = field(default_factory=dict)
    """A field or parameter's name -> the real values the target showed for it."""
    roles: tuple[str, ...] = ()
    """The roles of the walk's own account."""
    others: tuple[str, ...] = ()
    """Roles of another account."""
    before: dict[str, list[Look]] = field(default_factory=dict)
    """A move -> the looks the spec links to it, sent just before it now and then (``links.py``)."""
    follows: dict[str, list[str]] = field(default_factory=dict)
    """An operation -> the moves its answer links to for its booking (``links.py``)."""

    def move(self, name: str) -> Step:
        return next(step for step in self.moves if step.name == name)

    @property
    def operations(self) -> list[str]:
        """Every operation the walk may send."""
        steps = [*self.creates, *self.moves, *self.sides, *self.reads]
        steps += [step for step, _ in self.lists] + [look.step for look in self.looks]
        return [step.name for step in steps]


def plan(document: Mapping[str, Any], words: Vocabulary, profile: Profile, ids: RealIds) -> Plan:
    schemas = Schemas(document)
    creates: list[Step] = []
    moves: list[Step] = []
    sides: list[Step] = []
    reads: list[Step] = []
    lists: list[tuple[Step, Mapping[str, Any]]] = []
    looks: list[Look] = []
    viewed = {name for view in words.views for name in view.operations}
    for template, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            key = (method.upper(), template)
            parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
            step = Step(
                method.upper(),
                template,
                ids.walk_roles.get(key) or profile.role_for(template),
                schemas.body(operation),
                (*ids.whole_bodies.get(key, ()), *ids.walk_bodies.get(key, ())),
                tuple(ids.bodies.get(key, ())),
                _examples(operation),
                key_header(schemas, parameters),
                tuple(ids.walk_bodies.get(key, ())),
            )
            names_booking = words.param in step.parameters
            if step.name in words.writes:
                kind = moves if names_booking else creates if step.name in words.creates else sides
                kind.append(step)
            elif step.name in viewed and method == "get":
                if names_booking:
                    reads.append(step)
                elif not step.parameters or _fillable(step, ids):
                    query = _query_for(schemas, parameters, ids)
                    if query is not None:
                        lists.append((step, query))
            elif method == "get":
                paths = path_rows(step, words.param, ids.path, ids.own_path.get(key, ()))
                query = _query_for(schemas, parameters, ids)
                if paths is not None and query is not None:
                    looks.append(Look(step, query, paths))
    # Only those the target's data gives real bodies for: a create or a purchase drawn from the
    # schema alone names a slot or a client the target does not have.
    creates = [step for step in creates if step.rows or step.overlays]
    sides = [step for step in sides if step.rows or step.overlays]
    own = tuple(role for role in profile.bearer_roles if role not in OTHER_ACCOUNT)
    others = tuple(role for role in profile.bearer_roles if role in OTHER_ACCOUNT)
    linked = reads_before(document, words.param)
    before = {
        move.name: [look for look in looks if look.step.name in linked.get(move.name, ())] for move in moves
    }
    names = [move.name for move in moves]
    offered = follows(document, words.param, names)
    for name, after in ids.walk_follows.items():  # the finder's, beside the spec's links
        more = [move for move in after if move in names and move not in offered.get(name, [])]
        if more:
            offered[name] = [*offered.get(name, []), *more]
    return Plan(creates, moves, sides, reads, lists, looks, _known(ids), own, others, before, offered)


def apart(ids: RealIds, strangers: frozenset[str], own: str | None) -> RealIds:
    """``ids`` with another account's people (``strangers``, by id) out of the walk's bodies:
    each named as the walk's own person (``own``) instead, or its row left out where there is
    none. A booking the walk makes that seats one of them is theirs too (a merchant's walk-in
    for the other customer), whose account may then rightly cancel their place in it, and the
    walk could no longer tell another account's breach from a party's right."""
    if not strangers:
        return ids

    def rows(found: Sequence[Row]) -> list[Row]:
        swapped = (_swapped(row, strangers, own) for row in found)
        return [row for row, named in swapped if own is not None or not named]

    def by_operation(found: Mapping[tuple[str, str], Sequence[Row]]) -> dict[tuple[str, str], list[Row]]:
        return {key: rows(listed) for key, listed in found.items()}

    return replace(
        ids,
        path=rows(ids.path),
        query=rows(ids.query),
        bodies=by_operation(ids.bodies),
        whole_bodies=by_operation(ids.whole_bodies),
        walk_bodies=by_operation(ids.walk_bodies),
        own_path=by_operation(ids.own_path),
    )


def _swapped(value: Any, strangers: frozenset[str], own: str | None) -> tuple[Any, bool]:
    """``value`` with each of ``strangers`` named as ``own``, and whether it named one."""
    if isinstance(value, Mapping):
        inner = {name: _swapped(item, strangers, own) for name, item in value.items()}
        return {name: item for name, (item, _) in inner.items()}, any(named for _, named in inner.values())
    if isinstance(value, (list, tuple)):
        items = [_swapped(item, strangers, own) for item in value]
        return [item for item, _ in items], any(named for _, named in items)
    named = isinstance(value, str) and value in strangers
    return (own if named else value), named


def _examples(operation: Mapping[str, Any]) -> tuple[Mapping[str, Any], ...]:
    content = ((operation.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
    named = [example.get("value") for example in (content.get("examples") or {}).values()]
    found = [*named, content.get("example")]
    return tuple(example for example in found if isinstance(example, dict))


def _fillable(step: Step, ids: RealIds) -> bool:
    return all(any(name in row for row in ids.path) for name in step.parameters)


def _query_for(schemas: Schemas, parameters: Sequence[Any], ids: RealIds) -> Mapping[str, Any] | None:
    """The list's required query: the real row that names most of it (every value it needs a
    real one for), the rest plain (a page, a page size); None where no row names what it needs.
    A required id is the target's own where its data names one: the smallest id the schema
    allows (service 1) is no vendor's service, and a list asked with it answered 404 each step."""
    resolved = [schemas.resolved(parameter) for parameter in parameters]
    required = {p["name"]: p for p in resolved if p.get("in") == "query" and p.get("required")}
    named = {
        name
        for name in required
        if _plain_value(name, schemas.resolved(required[name].get("schema", {}))) is None
    }
    rows = [row for row in ids.query if named <= set(row)]
    if named and not rows:
        return None
    row = max(rows, key=lambda row: len(set(row) & set(required)), default={})
    query = {name: row[name] for name in required if name in row}
    for name, parameter in required.items():
        if name not in query:
            query[name] = _plain_value(name, schemas.resolved(parameter.get("schema", {})))
    return query


def _plain_value(name: str, schema: Schema) -> Any:
    """A required query value the target's data need not give: a page, the largest page size."""
    if "default" in schema:
        return schema["default"]
    if schema.get("type") == "integer":
        many = any(word in name for word in ("size", "limit", "per_page"))
        return schema.get("maximum" if many else "minimum", 100 if many else 1)
    return None


DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _known(ids: RealIds) -> dict[str, list[Any]]:
    """Every real value by its field's name; a real day also one and two weeks on, where a
    weekly schedule holds the same times (a booking moved to a day of its own slot)."""
    known: dict[str, list[Any]] = {}
    rows = [*ids.path, *ids.query]
    rows += [row for bodies in ids.bodies.values() for row in bodies]
    rows += [
        row for found in (ids.whole_bodies, ids.walk_bodies) for bodies in found.values() for row in bodies
    ]
    for row in rows:
        for name, value in row.items():
            if isinstance(value, (str, int, float, bool)) and value not in known.setdefault(name, []):
                known[name].append(value)
    for values in known.values():
        for value in list(values):
            if isinstance(value, str) and DAY.fullmatch(value):
                day = date.fromisoformat(value)
                values += [
                    str(day + timedelta(weeks=n))
                    for n in (1, 2)
                    if str(day + timedelta(weeks=n)) not in values
                ]
    return known


def list_reads(planned: Plan, shown: Sequence[Mapping[str, Any]]) -> list[tuple[Step, Mapping[str, Any]]]:
    """Each documented list as the target's data names it, then as each booking ``shown`` would
    be found by it, once each: a look-up by number asked with each booking's number, a service's
    list with each booking's service. The target's data names one service, which need not be
    the one whose slots the walk books: a list that never showed the walk's bookings judged
    nothing of them (a vendor's list showing each booking as it was made went unseen)."""
    reads: list[tuple[Step, Mapping[str, Any]]] = []
    for step, query in planned.lists:
        asked = [query]
        for one in shown:
            named = {
                name: one[name]
                for name, value in query.items()
                if isinstance(one.get(name), (str, int)) and str(one[name]) != str(value)
            }
            if named and {**query, **named} not in asked:
                asked.append({**query, **named})
        reads += [(step, each) for each in asked]
    return reads


def place_reads(
    words: Vocabulary, planned: Plan, shown: Sequence[Mapping[str, Any]], *, alone: bool = False
) -> list[tuple[Step, dict[str, str]]]:
    """The documented read of each place the given bookings hold or held, once each, in order;
    sent as the role that reads a booking (none where the API's words show no places). Where a
    read lists only the times still open, and the walk is alone on them (``alone``), also the
    read of each a create of the target's data would take: such a time is judged from when it
    was seen open."""
    if words.places is None or not planned.reads:
        return []
    role = planned.reads[0].role
    ahead = alone and bool(words.places.lists)
    rows = [row for step in planned.creates for row in step.rows] if ahead else []
    reads = {
        (read[0], tuple(sorted(read[1].items())))
        for one in [*shown, *rows]
        if (read := words.places.read_of(one))
    }
    return [(Step("GET", template, role), dict(query)) for template, query in sorted(reads)]


def weighted(moves: Sequence[Step], shared: frozenset[str]) -> list[Step]:
    """Changes to the booking itself three times as often as a delete (which ends what can
    follow) or a change to what it shares with others (its customer's record)."""
    return [step for step in moves for _ in range(1 if step.method == "DELETE" or step.name in shared else 3)]


def callers(role: str, planned: Plan) -> list[str]:
    """The document's role three times in four, and first (Hypothesis shrinks towards it), then
    every other role of the account, another account's, and nobody."""
    others = [*(r for r in planned.roles if r != role), *planned.others, NOBODY]
    return [role] * (3 * len(others)) + others


def spec_words(run: Run) -> Vocabulary:
    words = RULES[run.target.api].words
    assert words is not None, f"{run.target.api} has no invariants' words"
    return words
