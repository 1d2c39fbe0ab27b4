"""Every mount serves its spec and a Swagger UI, the control API's included."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from mockserver.apis.registry import mount_of
from mockserver.settings import KNOWN_APIS

MOUNTS = [*(mount_of(api) for api in KNOWN_APIS), "/_sandbox"]


@pytest.mark.parametrize("mount", MOUNTS)
def test_each_mount_serves_its_spec_and_swagger_ui(http: TestClient, mount: str) -> None:
    spec = http.get(f"{mount}/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["openapi"] == "3.0.3"
    assert spec.json()["servers"] == [{"url": mount}]
    ui = http.get(f"{mount}/ui/")
    assert ui.status_code == 200
    assert ui.headers["content-type"].startswith("text/html")
    assert "swagger-ui" in ui.text
