"""The kit's Schemathesis side (``contract_tests/kit/conformance.py``): generated cases leave the
message's framing to the HTTP client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis

from contract_tests.kit.conformance import framing_left_to_the_client, leave_framing_to_the_client
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.schemathesis_config import configuration
from mockserver.documents.resources import spec_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import API_KEY, START
from tests.contract.live import serving
from tests.contract.test_target import target

GENERATED = {
    "Content-Length": "F(S",
    "transfer-encoding": "x",
    "Jy8_": "7T=-tTSe1Yl",
    "Authorization": "Bearer k",
}


def time_slots_case(schema: Any, headers: dict[str, str]) -> Any:
    operation = schema["/v1/time-slots"]["GET"]
    return operation.Case(query={"service_id": 3, "date": "2027-01-11"}, headers=dict(headers))


def reservekit() -> Any:
    given = target(max_examples=3)
    return schemathesis.openapi.from_path(
        spec_path("reservekit-v1"), config=configuration(given, PROFILES["reservekit-v1"])
    )


def test_a_generated_framing_header_is_dropped_and_every_other_kept() -> None:
    case = framing_left_to_the_client(None, time_slots_case(reservekit(), GENERATED))
    assert case.headers == {"Jy8_": "7T=-tTSe1Yl", "Authorization": "Bearer k"}
    untouched = {"X-Request-Id": "r1"}
    assert framing_left_to_the_client(None, time_slots_case(reservekit(), untouched)).headers == untouched


def test_every_case_of_a_loaded_schema_goes_through_it() -> None:
    schema = reservekit()
    leave_framing_to_the_client(schema)
    assert framing_left_to_the_client in schema.hooks.get_all_by_name("map_case")


def test_a_served_api_is_reached_once_the_framing_is_the_clients(tmp_path: Path) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    with serving(app) as origin:
        headers = {"Content-Length": "F(S", "Authorization": f"Bearer {API_KEY}"}
        case = time_slots_case(reservekit(), headers)
        refused = case.call(base_url=f"{origin}/reservekit")
        assert (refused.status_code, refused.headers["content-type"]) == (400, ["text/plain; charset=utf-8"])
        answered = framing_left_to_the_client(None, case).call(base_url=f"{origin}/reservekit")
        assert answered.status_code == 200
        assert answered.json()["data"]["time_slots"], "the API itself answered"
