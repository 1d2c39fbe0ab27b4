"""The engine's native schema checks never pass what the OpenAPI 3.0 validator refuses.

A native "valid" ends the check with no finding, so a translation that admits too much would
hide a vendor's broken answer. Each rule of the translation has its hand-made case, and every
answer a seeded sandbox gives to its documented list reads, with each of its values broken in
turn, is judged both ways: wherever the native side says valid, so does the Python side.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30ReadValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from mockserver.apis.registry import mount_of
from mockserver.http.validation.formats import build_format_checker
from mockserver.rule_engine.native_schemas import is_valid, native_check
from mockserver.rule_engine.operations import Spec
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

ID = "123e4567-e89b-42d3-a456-426614174000"
DOCUMENT: dict[str, Any] = {
    "components": {
        "schemas": {
            "Booking": {
                "type": "object",
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "status": {"type": "string", "enum": ["open", "closed"], "nullable": True},
                    "note": {"type": "string", "nullable": True},
                    "seats": {"type": "integer", "minimum": 1},
                    "x-kind": {"type": "integer"},
                },
            },
            "Aliased": {"$ref": "#/components/schemas/Booking", "nullable": True},
            "Tree": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Tree"}}},
            "Written": {"type": "object", "properties": {"secret": {"type": "string", "writeOnly": True}}},
            "Either": {
                "oneOf": [{"type": "string"}, {"type": "integer"}],
                "discriminator": {"propertyName": "a"},
            },
        }
    }
}


def python_valid(document: dict[str, Any], pointer: str, instance: Any) -> bool:
    registry: Registry[Any] = Registry().with_resource(
        "urn:spec", Resource.from_contents(document, default_specification=DRAFT4)
    )
    validator = OAS30ReadValidator(
        {"$ref": f"urn:spec#{pointer}"}, registry=registry, format_checker=build_format_checker()
    )
    return not any(validator.iter_errors(instance))


BOOKING = {"id": ID, "status": "open", "note": None, "seats": 2, "x-kind": 1}


@pytest.mark.parametrize(
    ("instance", "valid"),
    [
        (BOOKING, True),
        ({**BOOKING, "status": None}, False),  # nullable lets null through "type", not "enum"
        ({**BOOKING, "note": 5}, False),
        ({**BOOKING, "id": "not-a-uuid"}, False),  # the formats are the Python checker's
        ({**BOOKING, "seats": 0}, False),
        ({**BOOKING, "seats": 1.0}, False),  # Draft 4: 1.0 is a number, not an integer
        ({**BOOKING, "x-kind": "one"}, False),  # a property named x-... is still a property
        ({"status": "open"}, False),
    ],
)
def test_each_translation_rule_says_what_the_python_validator_says(instance: Any, valid: bool) -> None:
    pointer = "/components/schemas/Booking"
    assert python_valid(DOCUMENT, pointer, instance) is valid
    assert is_valid(native_check(DOCUMENT, pointer), instance) is valid


def test_a_refs_siblings_are_ignored_as_draft_4_ignores_them() -> None:
    pointer = "/components/schemas/Aliased"
    assert not python_valid(DOCUMENT, pointer, None)
    assert not is_valid(native_check(DOCUMENT, pointer), None)
    assert is_valid(native_check(DOCUMENT, pointer), BOOKING)


@pytest.mark.parametrize("name", ["Tree", "Written", "Either"])
def test_what_only_python_reads_rightly_is_left_to_python(name: str) -> None:
    assert native_check(DOCUMENT, f"/components/schemas/{name}") is None
    assert not is_valid(None, {})


@pytest.mark.parametrize("seats", [2**70, -(2**70)])
def test_an_integer_beyond_64_bits_is_judged_as_python_judges_it(seats: int) -> None:
    pointer = "/components/schemas/Booking"
    instance = {**BOOKING, "seats": seats}
    assert is_valid(native_check(DOCUMENT, pointer), instance) is python_valid(DOCUMENT, pointer, instance)


def broken(value: Any) -> Iterator[Any]:
    """``value`` with one of its values replaced, or one of its keys left out, in every way."""
    yield from (None, "x", 7, 1.5, True, [], {})
    if isinstance(value, dict):
        for key, inner in value.items():
            yield {k: v for k, v in value.items() if k != key}
            for other in broken(inner):
                yield {**value, key: other}
    elif isinstance(value, list) and value:
        for other in broken(value[0]):
            yield [other, *value[1:]]


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Spec, str, Any]]:
    """Each API's documented reads with no path parameter, answered by a seeded sandbox."""
    db: Path = tmp_path_factory.mktemp("native") / "sandbox.db"
    settings = Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={})
    found: list[tuple[Spec, str, Any]] = []
    with TestClient(create_app(settings)) as http:
        control = {"Authorization": "Bearer sk_rsv_native_schemas"}
        data = http.get("/_sandbox/target-data", headers=control).json()
        for api, role in (("reservekit-v1", "key"), ("merchant", "merchant"), ("lifecycle", "customer")):
            found += _reads(http, Spec(api), data[api]["tokens"][role])
        found += _reads(http, Spec("bardge-v3"), data["bardge-v3"]["tokens"]["reseller"])
    return found


def _reads(http: TestClient, spec: Spec, token: str) -> list[tuple[Spec, str, Any]]:
    found = []
    for template, item in spec.document["paths"].items():
        if "get" not in item or "{" in template:
            continue
        # The merchant calendar's week, the only read with a required query.
        week = {"start": "2027-01-04T00:00:00Z", "end": "2027-01-11T00:00:00Z"}
        answer = http.get(
            mount_of(spec.api) + template,
            params=week if spec.api == "merchant" else None,
            headers={"Authorization": f"Bearer {token}"},
        )
        if answer.status_code != 200:
            continue
        operation = spec.operation("GET", f"http://sandbox{mount_of(spec.api)}{template}")
        assert operation is not None
        response, where = spec._node(f"{operation.pointer}/responses/200")
        media = next(name for name in response["content"] if "json" in name).replace("/", "~1")
        found.append((spec, f"{where}/content/{media}/schema", json.loads(answer.content)))
    return found


def test_no_broken_answer_passes_natively_that_python_refuses(answers: list[tuple[Spec, str, Any]]) -> None:
    assert {spec.api for spec, _, _ in answers} == {"reservekit-v1", "merchant", "lifecycle", "bardge-v3"}
    assert len(answers) >= 8
    judged = refused = 0
    for spec, pointer, answer in answers:
        check = native_check(spec.document, pointer)
        assert check is not None, pointer
        assert is_valid(check, answer), (spec.api, pointer)
        for instance in broken(answer):
            judged += 1
            if is_valid(check, instance):
                assert python_valid(spec.document, pointer, instance), (spec.api, pointer, instance)
            else:
                refused += 1
    # The breakages reached the schemas' every kind of keyword, and most were refused.
    assert judged > 1000, judged
    assert refused > judged / 2, (refused, judged)
