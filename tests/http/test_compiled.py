"""Compiled schemas: the native validator may only say "valid" where jsonschema would."""

from __future__ import annotations

from typing import Any

import pytest
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator, resolve_refs
from jsonschema import ValidationError

from mockserver.documents.resources import fixture_path
from mockserver.http.validation.compiled import CompiledSchema, Untranslatable, draft4
from mockserver.http.validation.formats import build_format_checker
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.settings import KNOWN_APIS
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, ApiClient
from tests.specs import load_spec, operations

CHECKER = build_format_checker()

BOOKING = {
    "type": "object",
    "required": ["id", "date", "status"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": 1},
        "date": {"type": "string", "format": "date"},
        "at": {"type": "string", "format": "date-time", "nullable": True},
        "status": {"type": "string", "enum": ["pending", "confirmed"]},
        "reason": {"type": "string", "enum": ["late", "ill"], "nullable": True},
        "who": {"type": "string", "format": "uuid"},
        "email": {"type": "string", "format": "email"},
        "note": {"type": "string", "maxLength": 5},
        "tags": {"type": "array", "items": {"type": "integer"}, "maxItems": 2},
        "secret": {"type": "string", "writeOnly": True},
        "nested": {"type": "object", "nullable": True, "properties": {"n": {"type": "number"}}},
    },
}
GOOD = {"id": 1, "date": "2027-01-06", "status": "pending"}
INSTANCES: list[dict[str, Any]] = [
    GOOD,
    {**GOOD, "at": None, "reason": None, "nested": None},
    {**GOOD, "at": "2027-01-06T15:00:00Z", "reason": "ill", "who": "0e4a4b4e-8b4e-4c4e-9e4e-4e4e4e4e4e4e"},
    {**GOOD, "id": 1.0},  # Draft 4: 1.0 is not an integer
    {**GOOD, "id": True},
    {**GOOD, "id": 0},
    {**GOOD, "id": None},
    {**GOOD, "date": "2027-02-30"},
    {**GOOD, "date": "2027-1-6"},
    {**GOOD, "status": None},
    {**GOOD, "status": "gone"},
    {**GOOD, "reason": "bored"},
    {**GOOD, "at": "tomorrow"},
    {**GOOD, "who": "not-a-uuid"},
    {**GOOD, "email": "nobody"},
    {**GOOD, "email": "someone@example.com"},
    {**GOOD, "note": "too long"},
    {**GOOD, "tags": [1, 2, 3]},
    {**GOOD, "tags": ["a"]},
    {**GOOD, "secret": "s3cret"},
    {**GOOD, "nested": {"n": "x"}},
    {**GOOD, "extra": 1},
    {"id": 1, "date": "2027-01-06"},
    {**GOOD, "id": 2**70},  # beyond what the native side represents
    [],
    None,
]


def python_says(schema: Any, instance: Any, *, response: bool) -> bool:
    cls = Draft4ResponseValidator if response else Draft4RequestValidator
    try:
        cls(schema, format_checker=CHECKER).validate(instance)
    except ValidationError:
        return False
    return True


def compiled_says(schema: Any, instance: Any, *, response: bool) -> bool:
    cls = Draft4ResponseValidator if response else Draft4RequestValidator
    compiled = CompiledSchema(schema, cls(schema, format_checker=CHECKER), CHECKER, response=response)
    assert compiled.native
    try:
        compiled.validate(instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("response", [False, True], ids=["request", "response"])
@pytest.mark.parametrize("instance", INSTANCES, ids=range(len(INSTANCES)))
def test_the_verdict_is_jsonschemas(instance: Any, response: bool) -> None:
    assert compiled_says(BOOKING, instance, response=response) == python_says(
        BOOKING, instance, response=response
    )


def test_the_translation_says_what_connexion_means() -> None:
    translated = draft4(BOOKING, response=True)
    assert translated["properties"]["at"]["type"] == ["string", "null"]
    assert translated["properties"]["reason"]["enum"] == ["late", "ill", None]
    assert translated["properties"]["secret"] == {"not": {}}
    assert draft4(BOOKING, response=False)["properties"]["secret"] == {"type": "string"}
    with pytest.raises(Untranslatable):
        draft4({"$ref": "#/x", "nullable": True}, response=False)


def test_a_native_validator_that_passes_everything_would_be_caught() -> None:
    # The proof that the test above can fail: a translation that forgets "additionalProperties"
    # lets an unknown field through natively, which jsonschema refuses.
    loose = {k: v for k, v in BOOKING.items() if k != "additionalProperties"}
    compiled = CompiledSchema(
        loose, Draft4ResponseValidator(BOOKING, format_checker=CHECKER), CHECKER, response=True
    )
    compiled.validate({**GOOD, "extra": 1})  # native "valid" is final: the mistake goes through
    assert not python_says(BOOKING, {**GOOD, "extra": 1}, response=True)


def schemas_of(api: str) -> list[tuple[str, Any, Any, bool]]:
    """Every request body, parameter and response schema of a spec, references resolved, with
    its example where the spec gives one."""
    spec = resolve_refs(load_spec(api))
    found: list[tuple[str, Any, Any, bool]] = []
    for path, method, operation in operations(spec):
        for parameter in operation.get("parameters", []):
            found.append((f"{method} {path} {parameter['name']}", parameter["schema"], None, False))
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            found.append((f"{method} {path} body", body["schema"], body.get("example"), False))
        for status, answer in operation["responses"].items():
            content = answer.get("content", {}).get("application/json")
            if content and "schema" in content:
                found.append((f"{method} {path} {status}", content["schema"], content.get("example"), True))
    return found


@pytest.mark.parametrize("api", [*KNOWN_APIS, "sandbox-control"])
def test_every_schema_of_the_specs_compiles_natively_and_judges_its_example_alike(api: str) -> None:
    schemas = schemas_of(api)
    assert len(schemas) >= 10
    for where, schema, example, response in schemas:
        cls = Draft4ResponseValidator if response else Draft4RequestValidator
        compiled = CompiledSchema(schema, cls(schema, format_checker=CHECKER), CHECKER, response=response)
        assert compiled.native, where
        if example is not None:
            assert compiled_says(schema, example, response=response) == python_says(
                schema, example, response=response
            ), where


def test_every_schema_a_served_answer_is_checked_against_is_compiled_natively(
    http: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The schemas as Connexion hands them to the validators, not as the spec reads: it puts the
    # spec's components beside each response schema, on the schema itself, and a response
    # defined in components/responses (the lifecycle API's) then reaches itself through them.
    checked: dict[int, bool] = {}
    validate = CompiledSchema.validate

    def recorded(self: CompiledSchema, instance: Any) -> None:
        checked[id(self)] = self.native
        validate(self, instance)

    monkeypatch.setattr(CompiledSchema, "validate", recorded)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    folio = world.folios[0]
    owner = next(c for c in world.customers if c.id == folio.owner_id)
    week = {"start": "2027-01-11T00:00:00Z", "end": "2027-01-18T00:00:00Z"}
    merchant = {"Authorization": f"Bearer merchant.{world.providers[0].slug}.{API_KEY}"}
    answers = [
        ApiClient(http, API_KEY).book(slot_id=3, weeks_ahead=1),
        http.get("/reservekit/v1/bookings/1", headers={"Authorization": f"Bearer {API_KEY}"}),
        http.get("/merchant/bookings/calendar/events", params=week, headers=merchant),
        http.get(
            f"/lifecycle/api/v1/bookings/{folio.uuid}",
            headers={"Authorization": f"Bearer customer.{owner.uuid}.{API_KEY}"},
        ),
        http.get("/bardge/v3/passes", headers={"Authorization": f"Bearer reseller.fitperks.{API_KEY}"}),
    ]
    assert [answer.status_code for answer in answers] == [201, 200, 200, 200, 200]
    assert len(checked) >= 5
    assert all(checked.values()), f"{list(checked.values()).count(False)} schemas left to Python alone"


def test_a_misspelt_choice_is_answered_with_the_word_meant(http: TestClient) -> None:
    """ "'Series' is not one of ['booking', 'series']" left the reader to spot the difference;
    each API's 400, in its own shape, names the word meant."""
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    folio = world.folios[0]
    owner = next(c for c in world.customers if c.id == folio.owner_id)
    preview = http.get(
        f"/lifecycle/api/v1/bookings/{folio.uuid}/cancellation-preview",
        params={"scope": "Series"},
        headers={"Authorization": f"Bearer customer.{owner.uuid}.{API_KEY}"},
    )
    assert preview.status_code == 400, preview.text
    assert preview.json()["errors"][0]["detail"] == (
        "query parameter 'scope': 'Series' is not one of ['booking', 'series'] (did you mean 'series'?)"
    )
    hook = http.post(
        "/_sandbox/webhooks",
        json={"url": "https://hooks.example/in", "events": ["booking.created"]},
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    assert hook.status_code == 400, hook.text
    assert hook.json()["detail"].endswith("(did you mean 'bookings.create'?)"), hook.text
    far = http.post(
        "/_sandbox/webhooks",
        json={"url": "https://hooks.example/in", "events": ["zzz"]},
        headers={"Authorization": f"Bearer {API_KEY}"},
    )
    assert far.status_code == 400, far.text
    assert "did you mean" not in far.json()["detail"]
