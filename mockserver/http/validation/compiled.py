"""Schemas compiled to native code for the common case, with jsonschema's verdict on the rest.

Connexion validates with the pure-Python ``jsonschema``: checking one booking against its
response schema took 0.65 ms, a quarter of a GET's whole cost. ``jsonschema_rs`` (already in
the dependency tree through Schemathesis) checks the same Draft 4 schema in microseconds, so
each schema is compiled by both: the native validator answers "valid" alone, and only what it
refuses goes to the Python validator, which then decides and words the error exactly as before.
Neither verdict can weaken validation: the native schema is the OpenAPI schema translated into
plain Draft 4 (``nullable`` as a ``null`` type and enum member, ``writeOnly`` in responses as
"absent"), its formats are the Python checker's own functions, and where the translation is
unsure (a ``nullable`` beside a ``$ref``), the schema is left to Python alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs
from jsonschema import FormatChecker, ValidationError

from mockserver.documents.quoting import misspelt_choice, quoted_briefly
from mockserver.http.validation.formats import form_of
from mockserver.http.validation.passed import PassedAnswers

IGNORED = ("nullable", "readOnly", "writeOnly", "discriminator")


class Untranslatable(ValueError):
    """An OpenAPI schema whose Draft 4 translation might not mean the same."""


def draft4(schema: Any, *, response: bool) -> Any:
    """``schema`` (OpenAPI 3.0, references resolved) as plain JSON Schema Draft 4."""
    if isinstance(schema, list):
        return [draft4(item, response=response) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    if response and (schema.get("writeOnly") is True or schema.get("x-writeOnly") is True):
        return {"not": {}}  # Connexion refuses any value under a write-only schema in a response
    nullable = schema.get("nullable") is True or schema.get("x-nullable") is True
    if nullable and "$ref" in schema:
        raise Untranslatable("nullable beside $ref")
    translated = {
        keyword: _translated(keyword, value, response)
        for keyword, value in schema.items()
        # Keywords jsonschema ignores in Connexion's validators (it handles these two above).
        if not keyword.startswith("x-")
        and keyword not in ("nullable", "readOnly", "writeOnly", "discriminator")
    }
    if nullable:
        # Connexion lets null through exactly two keywords, "type" and "enum".
        if "type" in translated:
            kinds = translated["type"]
            kinds = list(kinds) if isinstance(kinds, list) else [kinds]
            translated["type"] = [*kinds, "null"] if "null" not in kinds else kinds
        if "enum" in translated and None not in translated["enum"]:
            translated["enum"] = [*translated["enum"], None]
    return translated


def _without_components(schema: Any) -> Any:
    """``schema`` without the spec's ``components``, which Connexion puts beside every response
    schema for its references, once none is left to resolve. Connexion sets them on the schema
    itself, so a response defined in ``components/responses`` (the lifecycle API's) reaches
    itself through them: a cycle the native compiler gave up on ("Recursion limit reached"),
    which left every such response to the Python validator, half of a lifecycle GET."""
    if not isinstance(schema, Mapping) or "components" not in schema:
        return schema
    rest = {keyword: value for keyword, value in schema.items() if keyword != "components"}
    return rest if not _refers(rest) else schema


def _refers(schema: Any) -> bool:
    """Whether a ``$ref`` is left anywhere in ``schema`` (walked once per object: it may hold cycles)."""
    seen: set[int] = set()
    pending = [schema]
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Mapping):
            if "$ref" in item:
                return True
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _translated(keyword: str, value: Any, response: bool) -> Any:
    if keyword in ("properties", "patternProperties", "definitions"):
        return {name: draft4(sub, response=response) for name, sub in value.items()}
    if keyword in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
        return draft4(value, response=response)
    return value  # data ("enum", "required", "example"…) or a plain constraint


class CompiledSchema:
    """``validate`` as the Python validator's, in native time when the instance is valid."""

    def __init__(self, schema: Any, python_validator: Any, format_checker: FormatChecker, *, response: bool):
        self._python = python_validator
        self._native: Callable[[Any], bool] | None
        try:
            native = jsonschema_rs.Draft4Validator(
                draft4(_without_components(schema), response=response),
                formats=_native_formats(format_checker),
                validate_formats=True,
            )
        except (Untranslatable, ValueError):
            self._native = None  # Python alone, as before
        else:
            self._native = native.is_valid

    @property
    def native(self) -> bool:
        return self._native is not None

    def validate(self, instance: Any) -> None:
        native = self._native
        if native is not None:
            try:
                if native(instance):
                    return
            except (ValueError, TypeError, OverflowError):
                pass  # a value the native side cannot represent (an int beyond 64 bits): ask Python
        try:
            self._python.validate(instance)
        except ValidationError as error:
            error.message = quoted_briefly(error.message, error.instance)
            if error.validator == "format":
                name = str(error.validator_value)
                if name[:1] in "aeiou":  # jsonschema writes "is not a 'email'"
                    error.message = error.message.replace(f" is not a '{name}'", f" is not an '{name}'")
                error.message += form_of(name, error.instance)
            elif (
                error.validator == "pattern" and isinstance(error.schema, dict) and "example" in error.schema
            ):
                # A pattern is a regular expression; where the spec gives an example, a person
                # reads the form from that rather than from the expression.
                error.message += f" (e.g. {error.schema['example']})"
            else:
                error.message += misspelt_choice(error.validator, error.instance, error.validator_value)
            raise


def _native_formats(checker: FormatChecker) -> dict[str, Callable[[str], bool]]:
    def check(name: str) -> Callable[[str], bool]:
        function, raises = checker.checkers[name]
        if not raises:
            # A check that raises nothing conforms exactly when it answers true: the function
            # itself, without ``conforms`` and ``check`` around it (three frames a value, a
            # fifth of a merchant week's answer check).
            return function  # type: ignore[no-any-return]
        return lambda value: checker.conforms(value, name)

    return {name: check(name) for name in checker.checkers}


class SchemaCache:
    """Compiled validators keyed by the identity of the schema they compile."""

    def __init__(self, format_checker: FormatChecker) -> None:
        self.format_checker = format_checker
        self._compiled: dict[tuple[str, int], tuple[object, CompiledSchema]] = {}
        self.passed = PassedAnswers()
        """Answers that passed a compiled response schema (``passed.py``)."""

    def get(self, kind: str, schema: Any, validator_class: Any) -> CompiledSchema:
        key = (kind, id(schema))
        hit = self._compiled.get(key)
        # Keep the schema alive beside its validator so its id is never reused.
        if hit is not None and hit[0] is schema:
            return hit[1]
        python = validator_class(schema, format_checker=self.format_checker)
        validator = CompiledSchema(schema, python, self.format_checker, response=kind == "response")
        self._compiled[key] = (schema, validator)
        return validator
