"""The dashboard served in process: its fragments fetched as the page's script fetches them."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

DASHBOARD = "/_sandbox/dashboard"


class Dashboard:
    """What the page's script does: fetch a fragment with the key as a bearer token."""

    def __init__(self, http: TestClient, key: str) -> None:
        self.http = http
        self.key = key

    def fragment(self, name: str, **params: Any) -> Any:
        return self.http.get(
            f"{DASHBOARD}/partials/{name}", params=params, headers={"Authorization": f"Bearer {self.key}"}
        )

    def html(self, name: str, **params: Any) -> str:
        answer = self.fragment(name, **params)
        assert answer.status_code == 200, answer.text
        return str(answer.text)


@pytest.fixture
def dashboard(http: TestClient) -> Dashboard:
    return Dashboard(http, API_KEY)


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(load_blueprint(fixture_path("default-world")), 42)
