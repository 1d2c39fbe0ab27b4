"""The Swagger UI's examples name what this server's world has (``server/world_examples.py``):
"Try it out" on a create is answered by the API's rules, not a 404 for a name only the
document knows; and the names it replaces are still the documents'."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockserver.documents.resources import load_yaml, spec_path
from mockserver.seeding.worlds import Worlds
from mockserver.server import world_examples
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient

DEFAULT_SEED = Settings().seed  # the world a stranger meets

# Each create the UI's examples can make alone, with the role whose token sends it.
CREATES = (
    ("merchant", "/merchant/bookings/customer", "customer", None),
    ("merchant", "/merchant/bookings/merchant", "merchant", "appointment"),
    ("merchant", "/merchant/bookings/merchant", "merchant", "recurring"),
    ("lifecycle", "/lifecycle/api/v1/bookings/instant", "customer", None),
    ("bardge-v3", "/bardge/v3/access-codes", "reseller", None),
    ("bardge-v3", "/bardge/v3/credits/purchase", "reseller", None),
)
SPELLINGS = {
    "merchant": (world_examples.MERCHANT_NAME, world_examples.MERCHANTS_CUSTOMER),
    "lifecycle": (
        world_examples.LIFECYCLE_SERVICE,
        world_examples.LIFECYCLE_RESOURCE,
        world_examples.LIFECYCLE_ADD_ON,
    ),
    "bardge-v3": (world_examples.BARDGE_CLIENT, world_examples.BARDGE_EMAIL),
}


@pytest.mark.parametrize("api", SPELLINGS)
def test_each_name_replaced_is_one_the_documents_request_examples_give(api: str) -> None:
    """A spec whose examples came to name another merchant would leave the UI's copy naming one
    no world has, quietly: the names are checked against the documents as they are."""
    values = set(_strings(_request_bodies(load_yaml(spec_path(api)))))
    assert set(SPELLINGS[api]) <= values


def test_the_resource_named_is_free_at_every_hour_the_examples_book_it() -> None:
    """The lifecycle's examples book one resource on a Wednesday at 09:00 and a Thursday at
    10:00; the default world's first resource has a training day on Wednesdays."""
    world = Worlds()(DEFAULT_SEED)
    names = world_examples.world_names("lifecycle", world, load_yaml(spec_path("lifecycle"))).names
    (chosen,) = (member for member in world.staff if member.uuid == names[world_examples.LIFECYCLE_RESOURCE])
    hours = {2: (time(9), time(10)), 3: (time(10), time(11))}  # the examples', by weekday
    first = world.staff[0]
    assert first.location_id == chosen.location_id
    assert any(b.staff_id == first.id and b.weekday == 2 and b.starts is None for b in world.blocked_times)
    durations = {service.id: service.duration_minutes for service in world.services}
    taken = [(b.weekday, b.starts, b.minutes) for b in world.blocked_times if b.staff_id == chosen.id]
    taken += [
        (r.weekday, r.starts, durations[r.service_id]) for r in world.reservations if r.staff_id == chosen.id
    ]
    day = datetime(2000, 1, 3)
    for weekday, starts, minutes in taken:
        if weekday in hours:
            assert starts is not None
            begins, ends = (datetime.combine(day, at) for at in hours[weekday])
            taken_from = datetime.combine(day, starts)
            assert not (taken_from < ends and begins < taken_from + timedelta(minutes=minutes))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2031, 12, 31)),
    seed=st.one_of(st.just(DEFAULT_SEED), st.integers(0, 10**6)),
)
def test_the_uis_creates_are_made_on_a_new_sandbox_of_any_start(
    tmp_path: Path, start: datetime, seed: int
) -> None:
    """On the default world every create is made; on another seed's a create may find its hour
    taken by the world's own bookings (the API's rule, said as one), never a name it lacks."""
    at = start.replace(tzinfo=UTC).isoformat()
    chosen = Settings.load(
        {"db": str(tmp_path / f"{uuid.uuid4()}.db"), "start_at": at, "seed": seed}, environ={}
    )
    with TestClient(create_app(chosen)) as http:
        for api, path, role, named in CREATES:
            body = _example(http.get(_spec_url(path)).json(), path, named)
            token = _tokens(http, api)[role]
            made = http.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
            # A 409 is the calendar's (a time taken, a session to join); a 422 the lifecycle's slot.
            taken = made.status_code == 409 or (made.status_code == 422 and "slot_unavailable" in made.text)
            taken = taken and seed != DEFAULT_SEED
            assert made.status_code in (200, 201) or taken, (start, seed, path, body, made.text)


def test_the_documents_own_names_were_refused_and_vary_keeps_them(tmp_path: Path) -> None:
    """What the copy mends, shown: the document's examples as written name what no world has.
    A ``--vary`` server gives each key a world of its own, so the copy keeps the names."""
    for vary, expected in ((None, "rodriguez-figueroa-and-sanchez"), (3, "spa-retreat")):
        given = {"db": str(tmp_path / f"{vary}.db"), "start_at": "2027-01-06T15:00:00Z", "vary": vary}
        given |= {"vendor_only": vary is not None}
        with TestClient(create_app(Settings.load(given, environ={}))) as http:
            path = "/merchant/bookings/customer"
            dated = _example(http.get(_spec_url(path)).json(), path, None)
            assert dated["merchant_name"] == expected
            scheme = http.get(_spec_url(path)).json()["components"]["securitySchemes"]["bearerAuth"]
            assert ("merchant.rodriguez-figueroa-and-sanchez.<sandbox_key>" in scheme["description"]) is (
                vary is None
            )
    with TestClient(create_app(Settings.load({"db": str(tmp_path / "w.db")}, environ={}))) as http:
        token = _tokens(http, "merchant")["customer"]
        written = _example(http.get("/merchant/openapi.json").json(), "/merchant/bookings/customer", None)
        refused = http.post(
            "/merchant/bookings/customer", json=written, headers={"Authorization": f"Bearer {token}"}
        )
        assert refused.status_code == 404
        assert "merchant not found" in refused.text


def _spec_url(path: str) -> str:
    mount = "/bardge/v3" if path.startswith("/bardge") else "/" + path.split("/")[1]
    return f"{mount}/openapi.json?examples=dated"


def _example(spec: dict[str, Any], path: str, named: str | None) -> Any:
    mount = "/bardge/v3" if path.startswith("/bardge") else "/" + path.split("/")[1]
    media = spec["paths"][path.removeprefix(mount)]["post"]["requestBody"]["content"]["application/json"]
    return media["examples"][named]["value"] if named else media["example"]


def _tokens(http: TestClient, api: str) -> dict[str, str]:
    document = http.get("/_sandbox/target-data", headers={"Authorization": "Bearer try_it_out_0001"}).json()
    tokens: dict[str, str] = document[api]["tokens"]
    return tokens


def _request_bodies(spec: dict[str, Any]) -> list[Any]:
    return [
        media.get("example", media.get("examples"))
        for item in spec["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media in operation["requestBody"]["content"].values()
    ]


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return [node] if isinstance(node, str) else []


# Ids only a call makes (a Bardge visit), and a revert with nothing begun to revert.
UNFILLED = {"/bardge/v3/bookings/{booking_id}", "/bardge/v3/bookings/{booking_id}/status"}
NOTHING_TO_UNDO = "/lifecycle/api/v1/bookings/{booking_id}/cancel-edit-booking"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2031, 12, 31)))
def test_every_read_the_ui_fills_is_answered_with_the_token_it_names(tmp_path: Path, start: datetime) -> None:
    """Each path's ids the UI fills from the world (its first booking, service, slot, client),
    read with the token its Authorize dialog names: a stranger's first "Execute" on a read."""
    at = start.replace(tzinfo=UTC).isoformat()
    chosen = Settings.load({"db": str(tmp_path / f"{uuid.uuid4()}.db"), "start_at": at}, environ={})
    unfilled = set()
    with TestClient(create_app(chosen)) as http:
        for mount in ("/reservekit", "/merchant", "/lifecycle", "/bardge/v3"):
            spec = http.get(f"{mount}/openapi.json?examples=dated").json()
            tokens = _named_tokens(spec)
            for path, item in spec["paths"].items():
                if "get" not in item or mount + path == NOTHING_TO_UNDO:
                    continue
                url, query = _filled(spec, path, item)
                if url is None:
                    unfilled.add(mount + path)
                    continue
                role = next((r for r in ("customer", "merchant") if f"/{r}/" in path), None)
                token = tokens.get(role or "") or next(iter(tokens.values()), "sk_rsv_try_it_out")
                bearer = {"Authorization": f"Bearer {token.replace('<sandbox_key>', 'try_it_out_0001')}"}
                read = http.get(mount + url, params=query, headers=bearer)
                assert read.status_code == 200, (start, mount + url, query, read.text[:300])
    assert unfilled == UNFILLED


def _named_tokens(spec: dict[str, Any]) -> dict[str, str]:
    """The tokens the bearer scheme's description names, by role."""
    said = " ".join(s.get("description", "") for s in spec["components"]["securitySchemes"].values())
    return {m.group(2): m.group(1) for m in re.finditer(r"`(([a-z]+)\.[^`]+)` acts as its", said)}


def _filled(spec: dict[str, Any], path: str, item: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The path with its parameters' examples, and its query; None where one required is unfilled."""
    shared = spec.get("components", {}).get("parameters", {})
    url, query = path, {}
    for written in [*item.get("parameters", []), *item["get"].get("parameters", [])]:
        parameter = shared[written["$ref"].rsplit("/", 1)[-1]] if "$ref" in written else written
        if "example" not in parameter:
            if parameter.get("required"):
                return None, {}
            continue
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", str(parameter["example"]))
        elif parameter["in"] == "query":
            query[parameter["name"]] = parameter["example"]
    return url, query
