"""The spec's schemas compiled to native code, so that an answer that meets its schema costs
microseconds to judge.

The engine holds every request and answer to its schema with ``openapi-schema-validator``'s
OpenAPI 3.0 validators, whose wording the findings quote. In pure Python that was a third of
the kit's own time in an explorer run (2 to 4 ms an answer, measured with cProfile over a
Bardge walk of 888 requests). ``jsonschema_rs`` (in the dependency tree through Schemathesis)
now answers "valid" alone; whatever it refuses still goes to the Python validator, which decides
and words the finding as before. So a native verdict can only make the engine faster, never
laxer, provided the translation below never admits what the Python validator refuses:

- a ``$ref`` is replaced by what it names (both validators ignore a ``$ref``'s siblings in
  OpenAPI 3.0's Draft 4); a schema that reaches itself is left to Python;
- ``nullable: true`` lets null through the ``type`` keyword alone, as ``openapi-schema-validator``
  does (a nullable enum must list null itself);
- ``readOnly``, ``writeOnly`` and ``discriminator`` change what ``required``, ``oneOf`` and
  ``anyOf`` mean there; a schema with any of them is left to Python;
- the formats are the Python checker's own functions (``formats.FORMATS``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs

from mockserver.http.validation.formats import FORMATS

# Keywords only the Python validator reads rightly (see the module's docstring).
PYTHON_ONLY = ("readOnly", "writeOnly", "discriminator")


class Untranslatable(ValueError):
    """A schema whose Draft 4 translation might not mean what the OpenAPI 3.0 validator means."""


def native_check(document: Mapping[str, Any], pointer: str) -> Callable[[Any], bool] | None:
    """``is_valid`` for the schema at ``pointer`` in ``document`` (an OpenAPI 3.0 spec), or None
    where only the Python validator may judge it."""
    try:
        schema = _translated(document, _at(document, pointer), ())
        validator = jsonschema_rs.Draft4Validator(schema, formats=dict(FORMATS), validate_formats=True)
    except (Untranslatable, ValueError):
        return None
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def is_valid(check: Callable[[Any], bool] | None, instance: Any) -> bool:
    """Whether ``check`` says ``instance`` is valid; False (ask Python) where it cannot say."""
    if check is None:
        return False
    try:
        return check(instance)
    except (ValueError, TypeError, OverflowError):
        return False  # a value the native side cannot represent (an int beyond 64 bits)


def _translated(document: Mapping[str, Any], schema: Any, refs: tuple[str, ...]) -> Any:
    if isinstance(schema, list):
        return [_translated(document, item, refs) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#/") or ref in refs:
            raise Untranslatable(f"{ref} is remote or reaches itself")
        return _translated(document, _at(document, ref[1:]), (*refs, ref))
    if any(schema.get(keyword) not in (None, False) for keyword in PYTHON_ONLY):
        raise Untranslatable("a keyword only the Python validator reads rightly")
    translated = {
        keyword: _keyword(document, keyword, value, refs)
        for keyword, value in schema.items()
        if not keyword.startswith("x-") and keyword != "nullable"
    }
    if schema.get("nullable") is True and "type" in translated:
        kinds = translated["type"] if isinstance(translated["type"], list) else [translated["type"]]
        translated["type"] = kinds if "null" in kinds else [*kinds, "null"]
    return translated


def _keyword(document: Mapping[str, Any], keyword: str, value: Any, refs: tuple[str, ...]) -> Any:
    if keyword in ("properties", "patternProperties", "definitions"):
        return {name: _translated(document, sub, refs) for name, sub in value.items()}
    if keyword in ("items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"):
        return _translated(document, value, refs)
    return value  # data ("enum", "required", "example"...) or a plain constraint


def _at(document: Mapping[str, Any], pointer: str) -> Any:
    node: Any = document
    for escaped in pointer.strip("/").split("/"):
        part = escaped.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping):
            raise Untranslatable(f"nothing at {pointer}")
        # YAML reads an unquoted status (200:) as a number.
        node = node.get(part, node.get(int(part)) if part.isdigit() else None)
        if node is None:
            raise Untranslatable(f"nothing at {pointer}")
    return node
