"""Connexion's routed layers make each operation when a request first asks for it."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.http.operations.on_demand import OperationsOnDemand
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

PATHS = {
    "/bookings": {"get": {"operationId": "list"}, "post": {"operationId": "create"}, "parameters": []},
    "/bookings/{id}": {"get": {}},  # no operationId: the resolver names it
}


class _Layer(OperationsOnDemand):
    """A routed API as Connexion's layers are, its ``add_operation`` recording what it made."""

    def __init__(self, resolved: dict[tuple[str, str], str]) -> None:
        self.specification = {"paths": PATHS}
        self.operations: Any = {}
        self.made: list[tuple[str, str]] = []
        self._resolved = resolved
        self.add_paths()

    def add_operation(self, path: str, method: str) -> None:
        self.made.append((path, method))
        self.operations[self._resolved[(path, method)]] = f"{method} {path}"


RESOLVED = {("/bookings", "get"): "list", ("/bookings", "post"): "create", ("/bookings/{id}", "get"): "read"}


def test_an_operation_is_made_once_when_first_asked_for_and_no_other() -> None:
    layer = _Layer(RESOLVED)
    assert layer.made == []
    assert layer.operations["create"] == "post /bookings"
    assert layer.operations["create"] == "post /bookings"
    assert layer.made == [("/bookings", "post")]


def test_an_id_the_spec_does_not_spell_makes_every_operation_once() -> None:
    layer = _Layer(RESOLVED)
    assert layer.operations["read"] == "get /bookings/{id}"
    assert sorted(layer.made) == sorted(RESOLVED)
    with pytest.raises(KeyError):
        layer.operations["nowhere"]
    assert len(layer.made) == len(RESOLVED), "not made again"


def test_a_path_outside_the_spec_makes_nothing() -> None:
    layer = _Layer(RESOLVED)
    with pytest.raises(KeyError):
        layer.operations[None]
    assert layer.made == []


def test_an_operation_made_late_still_checks_its_caller_and_its_input(app: Any) -> None:
    """Security and request validation are layers made on demand: a request that is the first
    of its operation is still refused without a key, and with a body its schema refuses."""
    with TestClient(app) as client:
        assert client.get("/reservekit/v1/bookings/1").status_code == 401
        headers = {"Authorization": f"Bearer {API_KEY}"}
        refused = client.post("/reservekit/v1/bookings", headers=headers, json={"date": 7})
        assert refused.status_code == 400, refused.text
        assert client.get("/reservekit/v1/services", headers=headers).status_code == 200
