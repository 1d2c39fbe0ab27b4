"""What the control API's Swagger UI sends from "Try it out": every request example is taken by
a new sandbox, and the scenarios its examples name are ones the server has. The reset example
named a scenario ``full-slot`` that no release had: a stranger's first reset was a 404."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mockserver.documents.resources import spec_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient

UI = "/_sandbox/openapi.json?examples=dated"


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("ui-examples") / "sandbox.db"
    with TestClient(create_app(Settings.load({"db": str(db)}, environ={}))) as client:
        yield client


def _sent(spec: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """Each operation's request body as the UI fills it: the body's example, else its schema's."""
    schemas = spec["components"]["schemas"]
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            media = operation["requestBody"]["content"]["application/json"]
            named = schemas.get(media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1], {})
            found.append((method.upper(), path, media.get("example", named.get("example"))))
    return found


def test_every_request_example_of_the_control_ui_is_taken_by_a_new_sandbox(http: TestClient) -> None:
    sent = _sent(http.get(UI).json())
    assert {(method, path) for method, path, _ in sent} >= {("POST", "/reset"), ("POST", "/clock/set")}
    for n, (method, path, example) in enumerate(sent):
        # A key each: the state example replaces what the sandbox holds, the lease is one holder's.
        bearer = {"Authorization": f"Bearer sk_rsv_ui_example_{n:04d}"}
        answer = http.request(method, f"/_sandbox{path}", json=example, headers=bearer)
        assert 200 <= answer.status_code < 300, (method, path, example, answer.text)


def test_the_scenarios_the_control_spec_names_are_the_servers(http: TestClient) -> None:
    listed = http.get("/_sandbox/scenarios", headers={"Authorization": "Bearer sk_rsv_ui_example_list"})
    served = {scenario["name"] for scenario in listed.json()["scenarios"]}
    text = spec_path("sandbox-control").read_text(encoding="utf-8")
    named = set(_scenario_names(yaml.safe_load(text)))
    assert named, "the spec's examples name a scenario"
    assert named <= served, named - served


def _scenario_names(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["scenario"]] if isinstance(node.get("scenario"), str) else []
        listed = {"name", "description", "apis"} <= node.keys() and isinstance(node["name"], str)
        own += [node["name"]] if listed else []
        return own + [name for value in node.values() for name in _scenario_names(value)]
    if isinstance(node, list):
        return [name for value in node for name in _scenario_names(value)]
    return []
