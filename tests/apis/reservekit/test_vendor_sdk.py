"""The ReserveKit vendor's own JavaScript SDK, unchanged, against the sandbox.

``tests/npm/reservekit-sdk`` pins ``reservekitjs`` (the SDK) and ``ts-json-schema-generator``;
npm installs them once into the virtual environment. The generator turns the SDK's
own TypeScript types (``IService``, ``ITimeSlot``, ``IBooking``) into JSON Schemas, and
every result the SDK returns is validated against them. A field the SDK types as
``Date`` must be a string JavaScript's ``Date`` parses (the SDK passes JSON through).
"""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import API_KEY, START, TODAY
from tests.contract.live import serving
from tests.npm import installed, needs_node

# Where the SDK's types and the vendor's server (its swagger, generated from the server's
# structs) name a field differently, the server's name is what goes over the wire; the
# check holds the SDK's type to it (docs/fidelity.md lists both).
SDK_TYPE_SLIPS = {"ITimeSlot": {"created_ad": "created_at"}, "IBooking": {"userId": "user_id"}}

# Slow (npm installs the SDK on a fresh clone): started first, beside the CPU-bound kit runs.
pytestmark = [needs_node, pytest.mark.slow]


@cache
def sdk() -> Path:
    """Installed (and checked against its lock file) once per test process."""
    return installed("reservekit-sdk")


@cache
def sdk_schemas() -> dict[str, Any]:
    """The SDK's interfaces as JSON Schemas (extra fields allowed: TypeScript's are open)."""
    types = sdk() / "node_modules" / "reservekitjs" / "dist" / "types" / "interface.d.ts"
    generator = sdk() / "node_modules" / ".bin" / "ts-json-schema-generator"
    flags = ["--type", "*", "--no-type-check", "--additional-properties"]
    command = [str(generator), "--path", str(types), *flags]
    generated = json.loads(subprocess.run(command, check=True, capture_output=True, timeout=120).stdout)
    definitions: dict[str, Any] = generated["definitions"]
    for name, renames in SDK_TYPE_SLIPS.items():
        schema = definitions[name]
        for typed, sent in renames.items():
            schema["properties"][sent] = schema["properties"].pop(typed)
            schema["required"] = [sent if field == typed else field for field in schema["required"]]
    return definitions


@pytest.fixture(scope="module")
def sdk_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    sdk_schemas()
    db = tmp_path_factory.mktemp("sdk") / "sandbox.db"
    app = create_app(Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={}))
    # The first Monday three weeks ahead: slot 1 of service 1 is on Mondays.
    monday = TODAY + timedelta(weeks=3, days=-TODAY.weekday())
    script = sdk() / "run_sdk.mjs"
    with serving(app) as origin:
        command = ["node", str(script), f"{origin}/reservekit", API_KEY, "1", monday.isoformat()]
        completed = subprocess.run(
            command, cwd=sdk(), capture_output=True, text=True, timeout=120, check=False
        )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def conforms(value: Any, type_name: str, dates: dict[str, bool]) -> None:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(lambda text: not isinstance(text, str) or dates.get(text, False))
    definitions = sdk_schemas()
    schema = {"$ref": f"#/definitions/{type_name}", "definitions": definitions}
    jsonschema.Draft7Validator(schema, format_checker=checker).validate(value)


def test_create_reads_the_service_as_the_sdk_types_it(sdk_run: dict[str, Any]) -> None:
    service = sdk_run["results"]["service"]
    conforms(service, "IService", sdk_run["dates"])
    assert service["id"] == 1
    assert service["timezone"]


def test_time_slots_come_unpaged_as_the_sdk_types_them(sdk_run: dict[str, Any]) -> None:
    slots = sdk_run["results"]["timeSlots"]
    assert slots, "getTimeSlots returned nothing"
    assert {slot["service_id"] for slot in slots} == {1}
    for slot in slots:
        conforms(slot, "ITimeSlot", sdk_run["dates"])


def test_create_booking_returns_the_booking_as_the_sdk_types_it(sdk_run: dict[str, Any]) -> None:
    booking = sdk_run["results"]["booking"]
    assert booking is not None, "no time slot of service 1 on the chosen Monday"
    conforms(booking, "IBooking", sdk_run["dates"])
    assert booking["status"] == "pending"
    assert booking["customer"]["email"] == "ada.sdk@example.com"


def test_refusals_reach_the_sdk_as_the_documents_messages(sdk_run: dict[str, Any]) -> None:
    """The SDK throws ``Error(body.error)``: an error body of another shape reads "[object Object]"."""
    results = sdk_run["results"]
    assert results["again"] in ("time slot is full", "duplicate booking")
    assert results["unknownService"] == "service not found"
    assert results["badKey"] == "missing or invalid API key"


@pytest.mark.parametrize(
    ("type_name", "value"),
    [
        # What the sandbox sent before it followed the vendor: a weekday name, bare times.
        (
            "ITimeSlot",
            {"id": 1, "service_id": 1, "day_of_week": "monday", "start_time": "09:00", "end_time": "10:00"}
            | {"max_bookings": 1, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"},
        ),
        # A service without the vendor's timezone and timestamps.
        ("IService", {"id": 1, "name": "Massage", "description": "", "version": 1, "provider_id": "usr_1"}),
        # A booking whose date JavaScript cannot read.
        (
            "IBooking",
            {"id": 1, "date": "12/07/2027x", "version": 1, "service_id": 1, "user_id": "usr_1"}
            | {"customer_id": 1, "time_slot_id": 1, "created_at": "2026-01-01T00:00:00Z"}
            | {"updated_at": "2026-01-01T00:00:00Z"},
        ),
    ],
    ids=["weekday name", "service without timezone", "unreadable date"],
)
def test_the_type_check_refuses_shapes_the_sdk_cannot_use(type_name: str, value: dict[str, Any]) -> None:
    dates = {"2026-01-01T00:00:00Z": True, "12/07/2027x": False, "09:00": False, "10:00": False}
    with pytest.raises(jsonschema.ValidationError):
        conforms(value, type_name, dates)
