"""A spec's request examples moved to the coming week, for the Swagger UI's "Try it out".

A document's examples are dated when it was written: ReserveKit's create books 2027-07-12,
the lifecycle's instant booking 2026-04-15. Sent as they are, a booking in the past or past
the booking window is a 400, and a stranger's first try of the sandbox fails. The UI reads a
copy of the spec whose request examples (each path's parameters' and bodies', and a body's
schema's own where the body has none, as the control API's ``SetClock``) are moved by
whole weeks, so that each path's earliest falls in the week from two days after the sandbox's
today: a weekday and a time of day stay what the example had (a time slot's weekday with it),
and a path's dates keep their distances (an edit's from and to; a parameter its operations
share is moved once, with them). The document itself (``openapi.json``, what client
generators read) stays as written.

The copy names, too, what the server's world has where the examples name what no seeded world
has (a merchant ``spa-retreat``, a lifecycle service's uuid; ``WorldNames``, made by the server
from its world): a stranger's first try is then answered by the API's rules, not a 404 for a
name only the document knows.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

DATED = "dated"
"""``openapi.json?examples=dated``: the copy the UI reads."""

LEAD = timedelta(days=2)
"""How far ahead of today an operation's earliest example falls, at least: a booking's start
must lie after the sandbox's now in its location's zone, a day ahead of UTC's at most."""

_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})(?=$|[T ])")
"""A date, or the date that begins a date-time (RFC 3339's ``T``, or a space)."""

_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:\d{2}$")
"""A date-time at a numeric offset: a local time the document wrote (``Z`` is UTC's, and kept)."""

_METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


@dataclass(frozen=True)
class WorldNames:
    """What a server's world calls the things a spec's examples name."""

    names: Mapping[str, str] = field(default_factory=dict)
    """A name the examples give (a whole string value) -> the world's; also replaced in the API's
    and its bearer scheme's descriptions, where a token's example names it."""
    zone: str | None = None
    """The zone of the world's place the examples book: a date-time the document wrote at an
    offset keeps its wall time there (09:00+02:00 is 09:00 in New York, at New York's offset)."""
    note: str = ""
    """Said after each bearer scheme's description: the tokens this world's callers have."""
    parameters: Mapping[str, Any] = field(default_factory=dict)
    """An example for each parameter of this name that the document gives none: an id every new
    sandbox of the world holds (the UI fills a path's ``{booking_id}`` with it), or a date,
    which is then moved with the path's others."""


def dated(document: dict[str, Any], today: date, world: WorldNames | None = None) -> dict[str, Any]:
    """A copy of ``document`` whose paths' request examples are moved to the week from ``LEAD``
    after ``today`` and name what ``world`` has; the rest, ``$ref``s included, as written."""
    moved = copy.deepcopy(document)
    world = world or WorldNames()
    zone = ZoneInfo(world.zone) if world.zone else None
    paths = [item for item in (moved.get("paths") or {}).values() if isinstance(item, dict)]
    _fill(moved, paths, world.parameters)
    # A body's schema's own example (the control API's), which the UI sends where the body has
    # none: one a schema shared by several operations holds is moved once, as its own.
    groups = [list(_request_examples(item)) for item in paths]
    groups += [[(schema, "example")] for schema in _body_schemas(moved, paths)]
    for examples in groups:
        _move(examples, today)
        for holder, key in examples:
            holder[key] = _renamed(holder[key], world.names, zone)
    _describe(moved, world)
    return moved


def _fill(document: dict[str, Any], paths: list[dict[str, Any]], examples: Mapping[str, Any]) -> None:
    """Gives each parameter without an example the world's, where ``examples`` names it (one a
    path's operations share, or a component several paths name, once: it is one object)."""
    shared = (document.get("components") or {}).get("parameters") or {}
    for item in paths:
        for written in _parameters(item):
            ref = written.get("$ref") if isinstance(written, dict) else None
            named = isinstance(ref, str) and ref.startswith("#/components/parameters/")
            parameter = shared.get(str(ref).removeprefix("#/components/parameters/")) if named else written
            if not isinstance(parameter, dict) or "example" in parameter or "examples" in parameter:
                continue
            if parameter.get("name") in examples:
                parameter["example"] = examples[parameter["name"]]


def _body_schemas(document: dict[str, Any], paths: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each request body's schema holding an example, where the body gives none, once."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    found: dict[int, dict[str, Any]] = {}
    for item in paths:
        for operation in _operations(item):
            body = operation.get("requestBody")
            content = body.get("content") if isinstance(body, dict) else None
            for media in (content or {}).values():
                if not isinstance(media, dict) or "example" in media or "examples" in media:
                    continue
                schema = media.get("schema")
                ref = schema.get("$ref") if isinstance(schema, dict) else None
                if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                    schema = schemas.get(ref.removeprefix("#/components/schemas/"))
                if isinstance(schema, dict) and "example" in schema:
                    found[id(schema)] = schema
    return list(found.values())


def _renamed(value: Any, names: Mapping[str, str], zone: ZoneInfo | None) -> Any:
    if isinstance(value, dict):
        return {key: _renamed(each, names, zone) for key, each in value.items()}
    if isinstance(value, list):
        return [_renamed(each, names, zone) for each in value]
    if not isinstance(value, str):
        return value
    if zone is not None and _OFFSET.match(value):
        return datetime.fromisoformat(value).replace(tzinfo=zone).isoformat()
    return names.get(value, value)


def _describe(document: dict[str, Any], world: WorldNames) -> None:
    """The API's and its bearer schemes' descriptions, their example tokens naming ``world``'s."""
    holders = [document.get("info") or {}]
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    bearers = [s for s in schemes.values() if isinstance(s, dict) and s.get("scheme") == "bearer"]
    for holder in [*holders, *bearers]:
        text = holder.get("description")
        if isinstance(text, str):
            for name, worlds in world.names.items():
                text = text.replace(name, worlds)
            holder["description"] = text
    if world.note:
        for scheme in bearers:
            scheme["description"] = f"{scheme.get('description', '').rstrip()}\n\n{world.note}"


def _request_examples(item: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """Each (holder, key) whose value is an example a request to the path is sent with: its
    parameters' (the path's own, which its operations share, once) and each operation's."""
    for parameter in _parameters(item):
        if isinstance(parameter, dict):
            yield from _examples_of(parameter)
    for operation in _operations(item):
        body = operation.get("requestBody")
        content = body.get("content") if isinstance(body, dict) else None
        for media in (content or {}).values():
            if isinstance(media, dict):
                yield from _examples_of(media)


def _operations(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [item[method] for method in _METHODS if isinstance(item.get(method), dict)]


def _parameters(item: dict[str, Any]) -> list[Any]:
    """A path's parameters: its own, which its operations share, then each operation's."""
    return [*item.get("parameters", []), *(p for op in _operations(item) for p in op.get("parameters", []))]


def _examples_of(node: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    if "example" in node:
        yield node, "example"
    for example in (node.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            yield example, "value"


def _move(examples: list[tuple[Any, Any]], today: date) -> None:
    days = [day for holder, key in examples for day in _dates(holder[key])]
    if not days:
        return
    earliest = min(days)
    weeks = -((earliest - (today + LEAD)).days // 7)  # the fewest whole weeks to reach it
    by = timedelta(weeks=weeks)
    for holder, key in examples:
        holder[key] = _shifted(holder[key], lambda day: day + by)


def _dates(value: Any) -> Iterator[date]:
    if isinstance(value, dict):
        for each in value.values():
            yield from _dates(each)
    elif isinstance(value, list):
        for each in value:
            yield from _dates(each)
    elif isinstance(value, date):  # a datetime is a date too (YAML reads unquoted ones so)
        yield value.date() if isinstance(value, datetime) else value
    elif isinstance(value, str) and (found := _DATED.match(value)):
        try:
            yield date.fromisoformat(found.group(1))
        except ValueError:  # 2027-02-30: no date, and left as it is
            return


def _shifted(value: Any, move: Callable[[date], date]) -> Any:
    if isinstance(value, dict):
        return {key: _shifted(each, move) for key, each in value.items()}
    if isinstance(value, list):
        return [_shifted(each, move) for each in value]
    if isinstance(value, datetime):
        return datetime.combine(move(value.date()), value.timetz())
    if isinstance(value, date):
        return move(value)
    day = next(_dates(value), None) if isinstance(value, str) else None
    return value if day is None else move(day).isoformat() + value[len(day.isoformat()) :]
