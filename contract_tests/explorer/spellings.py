"""Each documented spelling of a request body, drawn by Hypothesis from the operation's schema.

A body is built from the spec, not from examples of one author's: every required field, each
optional field present or absent, each enum value in turn, each real value the target showed for
a field of that name (a time slot, a date, a merchant's name), and the booking's own id where a
field names it. Hypothesis draws the choices, so a finding shrinks towards the plainest spelling
that still breaks the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

import rstr

Schema = Mapping[str, Any]
Known = Mapping[str, Sequence[Any]]
PLAIN_TEXT = ("explorer", "Moved by the explorer", "")


class Schemas:
    """The spec's schemas with references and ``allOf`` resolved, as far as a body needs them."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document

    def body(self, operation: Mapping[str, Any]) -> Schema | None:
        content = (operation.get("requestBody") or {}).get("content") or {}
        media = content.get("application/json")
        return self.resolved(media["schema"]) if media and "schema" in media else None

    def resolved(self, schema: Schema, depth: int = 0) -> Schema:
        if depth > 8:
            return {}
        if "$ref" in schema:
            node: Any = self._document
            for part in str(schema["$ref"]).removeprefix("#/").split("/"):
                node = node[part]
            return self.resolved({**node, **{k: v for k, v in schema.items() if k != "$ref"}}, depth + 1)
        if "allOf" in schema:
            merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                each = self.resolved(part, depth + 1)
                properties = {**each.get("properties", {}), **merged.get("properties", {})}
                required = [*each.get("required", []), *merged.get("required", [])]
                merged = {**each, **merged}
                # Only an object's parts add these: a described string ("allOf: [Note]") stays a
                # string, not an object with no properties (the merchant's note was drawn as {}).
                if properties:
                    merged["properties"] = properties
                if required:
                    merged["required"] = required
            return merged
        return schema


class Speller:
    """Bodies for one walk: the spec's schemas, the target's real values by field name, and the
    walk's own email addresses (a few, so customers recur and share their record)."""

    def __init__(
        self, schemas: Schemas, known: Known, emails: Sequence[str], shown: Mapping[str, Any] | None = None
    ) -> None:
        self.schemas, self.known, self.emails = schemas, known, emails
        self.shown: Mapping[str, Any] = shown or {}
        """The fields the booking a change is sent to showed last (none: the body names no booking)."""

    def naming(self, field: str, value: Any, shown: Mapping[str, Any] | None = None) -> Speller:
        """This speller, with ``value`` the only one it knows for ``field`` (the booking a change
        is sent to), and the fields that booking showed last."""
        return Speller(self.schemas, {**self.known, field: [value]}, self.emails, shown)

    def body(self, pick: Random, schema: Schema) -> dict[str, Any]:
        """The required fields always, and as many optional ones as the walk's random picks:
        most often one (a change that names one field is the commonest, and the likeliest to be
        taken), else none, two, or every one."""
        required = set(schema.get("required", []))
        properties = {
            name: self.schemas.resolved(raw)
            for name, raw in (schema.get("properties") or {}).items()
            if not self.schemas.resolved(raw).get("readOnly")
        }
        optional = [name for name in properties if name not in required]
        count = min(pick.choice([1, 1, 0, 2, len(optional)]), len(optional))
        # A body that names one of several ways (Bardge's reschedule: a slot or a class instance)
        # says so in its bounds: more or fewer is not a spelling of it, only a refusal.
        most = int(schema.get("maxProperties", len(properties))) - len(required)
        least = int(schema.get("minProperties", 0)) - len(required)
        count = max(min(count, most), least, 0)
        chosen = set(pick.sample(optional, count))
        way = self.the_bookings_way(schema)
        if way is not None and chosen and way not in chosen:
            chosen = {way}
        return {
            name: self._elsewhere(pick, name, prop) if name == way else self.value(pick, name, prop)
            for name, prop in properties.items()
            if name in required or name in chosen
        }

    def the_bookings_way(self, schema: Schema) -> str | None:
        """Of a body that names one of several ways (Bardge's reschedule: a slot or a class
        instance), the way the booking shows its own place: a move of a class booking names a
        class instance (a slot is only a refusal). None where the body is not of that kind."""
        if "maxProperties" not in schema:
            return None
        optional = set(schema.get("properties") or {}) - set(schema.get("required", []))
        return next((name for name in sorted(optional) if self.shown.get(name) is not None), None)

    def _elsewhere(self, pick: Random, name: str, prop: Schema) -> Any:
        """A real value of ``name`` other than the booking's own (a move to where it is is refused)."""
        others = [value for value in self.known.get(name, ()) if value != self.shown.get(name)]
        return typed(pick.choice(others), prop) if others else self.value(pick, name, prop)

    def value(self, pick: Random, name: str, prop: Schema) -> Any:
        """What a field may hold: what the target showed under its name first, then its schema's words."""
        if self.known.get(name):
            return typed(pick.choice(self.real(name, prop)), prop)
        kind = prop.get("type")
        if kind == "array":
            item = self.schemas.resolved(prop.get("items") or {})
            return [self.value(pick, name, item) for _ in range(max(1, int(prop.get("minItems", 1))))]
        if kind == "object" or "properties" in prop:
            return self.body(pick, prop) if prop.get("properties") else {}
        return self._scalar(pick, name, prop)

    def real(self, name: str, prop: Schema, documented: Any = None) -> list[Any]:
        """The values the walk sends a field the target showed values of: those, and where the
        schema names every word the field takes (an enum), each of those too (Bardge's
        ``payment_method``: its spa bodies' ``credits`` alone left every class confirmation
        unpaid for a client holding a pass). ``documented``: an example's own value, kept
        where it is one of the words."""
        known = list(self.known.get(name, ()))
        words = [word for word in self.schemas.resolved(prop).get("enum") or () if word is not None]
        if documented is not None and documented in words:
            words = [documented]
        return known + [word for word in words if word not in known]

    def _scalar(self, pick: Random, name: str, prop: Schema) -> Any:
        kind = prop.get("type")
        if "enum" in prop:
            choices = [v for v in prop["enum"] if v is not None] or [None]
        elif kind == "boolean":
            choices = [True, False]
        elif kind == "integer":
            low = int(prop.get("minimum", 1))
            choices = list(range(low, low + 4))
        elif prop.get("format") == "email" or name.endswith("email"):
            # A change to a booking names one of its people (lifecycle's personalization of a
            # participant) nearly as often as one of the walk's own addresses.
            people = sorted(set(_emails_in(self.shown)))
            choices = (
                [*people, *people, *self.emails]
                if len(people) < len(self.emails)
                else [*people, *self.emails]
            )
        elif "example" in prop:
            choices = [prop["example"], PLAIN_TEXT[0]]
        elif "pattern" in prop:
            return rstr.Rstr(pick).xeger(prop["pattern"])
        else:
            choices = list(PLAIN_TEXT[:2])
        return pick.choice(choices)


def _emails_in(shown: Any) -> list[str]:
    """Every address a booking's answer shows (its owner's, each participant's)."""
    if isinstance(shown, Mapping):
        found = [v for k, v in shown.items() if str(k).endswith("email") and isinstance(v, str) and "@" in v]
        return found + [e for k, v in shown.items() if not str(k).endswith("email") for e in _emails_in(v)]
    if isinstance(shown, list):
        return [e for v in shown for e in _emails_in(v)]
    return []


def laid_over(schema: Schema, drawn: Mapping[str, Any], overlay: Mapping[str, Any]) -> dict[str, Any]:
    """A drawn body with the target's real values laid over it. Where the two would name more
    fields than the body's bounds allow, the real value names the way (a class instance, not a
    slot) and the drawn optional fields give way to it."""
    most = schema.get("maxProperties")
    if most is not None and len({**drawn, **overlay}) > int(most):
        required = set(schema.get("required", []))
        drawn = {name: value for name, value in drawn.items() if name in required}
    return {**drawn, **overlay}


def typed(value: Any, prop: Schema) -> Any:
    """A value the walk keeps as text (a booking's id from a path) in the type its field takes:
    a merchant's customer cancel names the booking by an integer."""
    if prop.get("type") == "integer" and isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


def typed_like(value: Any, documented: Any) -> Any:
    """``value`` in the type of the value a document or the target's data showed in its place."""
    return typed(value, {"type": "integer"} if type(documented) is int else {})
