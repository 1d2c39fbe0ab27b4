"""The Swagger UI's copy of a spec, its request examples dated for the sandbox's coming week
(``http/operations/dated_examples.py``): on hand-made documents, on the real specs for any
today, and as the UI's "Try it out" sends ReserveKit's create."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.documents.resources import load_yaml, spec_path
from mockserver.http.operations.dated_examples import LEAD, WorldNames, dated
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.asgi_client import TestClient

TODAY = date(2027, 1, 6)  # a Wednesday


def document(**operation: Any) -> dict[str, Any]:
    return {"paths": {"/bookings/{id}": {"parameters": [], "post": operation}}}


def body(example: Any) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"example": example}}}}


def test_an_operations_dates_move_by_whole_weeks_to_the_coming_week_keeping_their_distances() -> None:
    written = document(**body({"from": "2026-04-15T09:00:00+02:00", "to": "2026-04-16", "n": "2026-04"}))
    (example,) = _examples(dated(written, TODAY))
    # 2026-04-15 is a Wednesday: the first Wednesday from 2027-01-08 is 2027-01-13.
    assert example == {"from": "2027-01-13T09:00:00+02:00", "to": "2027-01-14", "n": "2026-04"}
    assert _examples(written) == [{"from": "2026-04-15T09:00:00+02:00", "to": "2026-04-16", "n": "2026-04"}]


def test_a_parameter_its_operations_share_is_moved_once_with_them() -> None:
    """A path's own parameter is one object in the document for all its operations: moved per
    operation, it went once for each, and away from each operation's own dates."""
    shared = {"name": "on", "in": "query", "example": "2030-05-08"}
    written = {
        "paths": {
            "/slots": {
                "parameters": [shared],
                "get": {},
                "post": body({"at": "2030-05-06"}),
                "put": body({"at": "2030-05-13"}),
            }
        }
    }
    assert _examples(dated(written, TODAY)) == ["2027-01-13", {"at": "2027-01-11"}, {"at": "2027-01-18"}]


def test_a_parameters_example_and_each_named_example_are_moved_with_the_body() -> None:
    written = document(
        parameters=[{"name": "date", "in": "query", "example": "2030-05-06"}],
        requestBody={
            "content": {
                "application/json": {
                    "examples": {
                        "one": {"value": {"at": "2030-05-07 10:00:00"}},
                        "other": {"$ref": "#/components/examples/Other"},
                    }
                }
            }
        },
    )
    moved = dated(written, TODAY)
    assert _examples(moved) == ["2027-01-11", {"at": "2027-01-12 10:00:00"}]
    media = moved["paths"]["/bookings/{id}"]["post"]["requestBody"]["content"]["application/json"]
    assert media["examples"]["other"] == {"$ref": "#/components/examples/Other"}


def test_yamls_own_dates_stay_dates_and_what_is_no_date_stays_as_written() -> None:
    written = document(**body({"on": date(2030, 5, 6), "at": datetime(2030, 5, 6, 9, 30), "x": "2027-02-30"}))
    (example,) = _examples(dated(written, TODAY))
    assert example == {"on": date(2027, 1, 11), "at": datetime(2027, 1, 11, 9, 30), "x": "2027-02-30"}
    undated = document(**body({"name": "Jane", "count": 2}))
    assert dated(undated, TODAY) == undated


def test_the_worlds_names_replace_whole_example_values_and_the_tokens_the_descriptions_show() -> None:
    written = {
        "info": {"description": "e.g. `merchant.spa-retreat.my_sandbox_01`"},
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "`merchant.<name>.<key>`"},
                "basic": {"type": "http", "scheme": "basic", "description": "spa-retreat"},
            }
        },
        **document(
            **body({"merchant_name": "spa-retreat", "note": "the spa-retreat", "tags": ["spa-retreat"]})
        ),
    }
    world = WorldNames({"spa-retreat": "callahan-and-sons"}, note="Here: `merchant.callahan-and-sons.<key>`.")
    moved = dated(written, TODAY, world)
    # A name inside a sentence is the sentence's, not the world's: only whole values are names.
    assert _examples(moved) == [
        {"merchant_name": "callahan-and-sons", "note": "the spa-retreat", "tags": ["callahan-and-sons"]}
    ]
    assert moved["info"]["description"] == "e.g. `merchant.callahan-and-sons.my_sandbox_01`"
    schemes = moved["components"]["securitySchemes"]
    assert (
        schemes["bearerAuth"]["description"]
        == "`merchant.<name>.<key>`\n\nHere: `merchant.callahan-and-sons.<key>`."
    )
    assert schemes["basic"]["description"] == "spa-retreat"  # a bearer token's names only
    assert written["info"]["description"] == "e.g. `merchant.spa-retreat.my_sandbox_01`"


def test_a_local_time_written_at_an_offset_keeps_its_wall_time_in_the_worlds_zone() -> None:
    written = document(
        **body(
            {
                "from": "2030-05-08T09:00:00+02:00",
                "to": "2030-11-13T09:00+02:00",
                "utc": "2030-05-08T09:00:00Z",
            }
        )
    )
    (example,) = _examples(dated(written, TODAY, WorldNames(zone="America/New_York")))
    # Moved to 2027-01-13 (a Wednesday), New York's winter offset; the later date keeps its distance.
    assert example == {
        "from": "2027-01-13T09:00:00-05:00",
        "to": "2027-07-21T09:00:00-04:00",
        "utc": "2027-01-13T09:00:00Z",
    }


def test_a_bodys_schema_example_is_moved_once_where_the_body_gives_none() -> None:
    """The control API's bodies have their examples on their schemas (``SetClock``): the UI
    sends those, and ``clock/set`` to 2027-01-13 is refused once a sandbox's clock is past it."""
    written = {
        "paths": {
            "/clock/set": {"post": {"requestBody": {"content": {"application/json": {"schema": SET}}}}},
            "/clock/again": {"post": {"requestBody": {"content": {"application/json": {"schema": SET}}}}},
            "/own": {"post": body({"at": "2030-05-06T09:00:00Z"}) | {"x-schema": SET}},
        },
        "components": {
            "schemas": {"SetClock": {"type": "object", "example": {"at": "2030-05-08T09:00:00Z"}}}
        },
    }
    moved = dated(written, TODAY)
    assert moved["components"]["schemas"]["SetClock"]["example"] == {"at": "2027-01-13T09:00:00Z"}
    assert _examples(moved["paths"]["/own"]) == [{"at": "2027-01-11T09:00:00Z"}]
    assert written["components"]["schemas"]["SetClock"]["example"] == {"at": "2030-05-08T09:00:00Z"}


def test_a_parameter_without_an_example_takes_the_worlds_once_and_a_date_is_moved() -> None:
    shared = {"name": "booking_id", "in": "path", "required": True}
    written = {
        "paths": {
            "/bookings/{booking_id}": {"parameters": [{"$ref": "#/components/parameters/Id"}], "get": {}},
            "/bookings/{booking_id}/cancel": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "post": {},
            },
            "/events": {
                "get": {
                    "parameters": [
                        {"name": "start", "in": "query"},
                        {"name": "booking_id", "in": "query", "example": 3},
                    ]
                }
            },
        },
        "components": {"parameters": {"Id": shared}},
    }
    world = WorldNames(parameters={"booking_id": 7, "start": "2030-05-06T00:00:00Z"})
    moved = dated(written, TODAY, world)
    assert moved["components"]["parameters"]["Id"] == {**shared, "example": 7}
    assert moved["paths"]["/events"]["get"]["parameters"] == [
        {"name": "start", "in": "query", "example": "2027-01-11T00:00:00Z"},  # the coming Monday
        {"name": "booking_id", "in": "query", "example": 3},  # the document's own stays
    ]
    assert "example" not in written["components"]["parameters"]["Id"]


SET = {"$ref": "#/components/schemas/SetClock"}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2035, 12, 31)))
def test_the_control_uis_clock_set_is_taken_by_a_new_sandbox_of_any_start(
    tmp_path: Path, start: datetime
) -> None:
    at = start.replace(tzinfo=UTC).isoformat()
    chosen = Settings.load({"db": str(tmp_path / f"{uuid.uuid4()}.db"), "start_at": at}, environ={})
    with TestClient(create_app(chosen)) as http:
        spec = http.get("/_sandbox/openapi.json?examples=dated").json()
        example = spec["components"]["schemas"]["SetClock"]["example"]
        moved = http.post(
            "/_sandbox/clock/set", json=example, headers={"Authorization": "Bearer try_it_out_0001"}
        )
        assert moved.status_code == 200, (start, example, moved.text)


@functools.cache
def _written(api: str) -> dict[str, Any]:
    return load_yaml(spec_path(api))


@pytest.mark.parametrize("api", KNOWN_APIS)
@given(today=st.dates(min_value=date(2000, 1, 1), max_value=date(2990, 12, 31)))
def test_every_request_example_of_the_real_specs_falls_in_the_coming_week_on_its_weekday(
    api: str, today: date
) -> None:
    written = _written(api)
    moved = dated(written, today)
    for before, after in zip(_dates(written), _dates(moved), strict=True):
        assert after.weekday() == before.weekday()
        assert (after - before).days % 7 == 0
    for item in moved["paths"].values():
        days = list(_dates(item))
        if days:
            assert today + LEAD <= min(days) < today + LEAD + timedelta(weeks=1)


def test_the_ui_tries_reservekits_create_with_a_date_the_sandbox_takes(tmp_path: Path) -> None:
    """The document's example books 2027-07-12, past the 90-day window from 2027-01-06: a 400,
    the first thing a stranger's "Try it out" met. The UI reads the dated copy."""
    settings = Settings.load(
        {"db": str(tmp_path / "s.db"), "start_at": "2027-01-06T15:00:00Z", "frozen": True}, environ={}
    )
    with TestClient(create_app(settings)) as http:
        ui = http.get("/reservekit/ui/")
        assert 'url: "/reservekit/openapi.json?examples=dated"' in ui.text
        key = {"Authorization": "Bearer sk_rsv_try_it_out_0001"}
        for spec, status in (
            ("/reservekit/openapi.json", 400),
            ("/reservekit/openapi.json?examples=dated", 201),
        ):
            (example,) = _examples(http.get(spec).json()["paths"]["/v1/bookings"]["post"])
            tried = http.post("/reservekit/v1/bookings", json=example, headers=key)
            assert tried.status_code == status, tried.text


def _examples(node: Any) -> list[Any]:
    """Every request example under ``node``, in the document's order."""
    found: list[Any] = []
    if isinstance(node, dict):
        if "example" in node:
            found.append(node["example"])
        if "value" in node:
            found.append(node["value"])
        for key, value in node.items():
            if key not in ("example", "value", "responses", "schema"):
                found += _examples(value)
    elif isinstance(node, list):
        for value in node:
            found += _examples(value)
    return found


def _dates(node: Any) -> list[date]:
    days: list[date] = []
    for example in _examples(node):
        days += _in(example)
    return days


def _in(value: Any) -> list[date]:
    if isinstance(value, dict):
        return [day for each in value.values() for day in _in(each)]
    if isinstance(value, list):
        return [day for each in value for day in _in(each)]
    if isinstance(value, date):
        return [value.date() if isinstance(value, datetime) else value]
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            return [date.fromisoformat(value[:10])]
        except ValueError:
            return []
    return []
