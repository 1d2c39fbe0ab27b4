"""Every mount serves its spec and a Swagger UI, the control API's included; only the paths
the docs could serve are asked of their router (``http.connexion_parts._DocsOnDemand``)."""

from __future__ import annotations

import dataclasses
import functools
import json

import pytest
import yaml
from connexion.middleware.swagger_ui import SwaggerUIMiddleware

from mockserver.apis.registry import mount_of
from mockserver.documents.resources import load_yaml, spec_path
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.asgi_client import TestClient

MOUNTS = [*(mount_of(api) for api in KNOWN_APIS), "/_sandbox"]

# What Connexion's own Swagger UI middleware answers, path by path (it was recorded from it).
DOCS_ANSWERS = [
    ("/openapi.json", 200, None),
    ("/openapi.yaml", 200, None),
    ("/ui", 307, "{mount}/ui/"),
    ("/ui/", 200, None),
    ("/ui/index.html", 200, None),
    ("/ui/swagger-ui.css", 200, None),
    ("/openapi.json/", 307, "http://testserver{mount}/openapi.json"),
    ("/ui/missing.js", 404, None),
    ("/openapi.jsonx", 404, None),
]


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


@pytest.mark.parametrize("api", [*KNOWN_APIS, "sandbox-control"])
def test_each_spec_is_served_as_its_file_has_it(http: TestClient, api: str) -> None:
    """Connexion served the spec it validates with, every $ref inlined: a client generator met
    no named schema, and openapi-python-client left the lifecycle's Booking out whole. Served
    now as written (its servers this mount), naming none of the server's own functions."""
    mount = "/_sandbox" if api == "sandbox-control" else mount_of(api)
    as_json = functools.partial(json.dumps, default=lambda value: value.isoformat())
    written = json.loads(as_json(load_yaml(spec_path(api))))
    as_served = http.get(f"{mount}/openapi.json").json()
    for served in (as_served, json.loads(as_json(yaml.safe_load(http.get(f"{mount}/openapi.yaml").text)))):
        assert served["servers"] == [{"url": mount}]
        assert "x-bearerInfoFunc" not in json.dumps(served)
        assert {**served, "servers": written.get("servers")} == written


@pytest.mark.parametrize("root", [False, True], ids=["mounted", "at the root"])
def test_the_docs_answer_every_path_as_connexion_does(settings: Settings, root: bool) -> None:
    if root:
        settings = dataclasses.replace(settings, root=True, apis=("reservekit-v1",))
    mount = "" if root else "/reservekit"
    with TestClient(create_app(settings)) as http:
        for path, status, location in DOCS_ANSWERS:
            answer = http.get(mount + path, follow_redirects=False)
            assert (path, answer.status_code) == (path, status)
            if location is not None:
                assert answer.headers["location"] == location.format(mount=mount)


def test_api_paths_never_reach_the_docs_router(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    route = SwaggerUIMiddleware.__call__

    async def recorded(self: SwaggerUIMiddleware, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            asked.append(scope["path"])
        await route(self, scope, receive, send)

    monkeypatch.setattr(SwaggerUIMiddleware, "__call__", recorded)
    with TestClient(create_app(settings)) as http:
        headers = {"Authorization": "Bearer sk_rsv_test_docs_0001"}
        assert http.get("/reservekit/v1/bookings/1", headers=headers).status_code == 200
        assert (
            http.get("/reservekit/v1/bookings/1/", headers=headers, follow_redirects=False).status_code == 307
        )
        assert http.get("/reservekit/ui/").status_code == 200
    assert asked == ["/reservekit/ui/"]
