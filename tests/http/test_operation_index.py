"""Connexion's routing, found by one expression per mount and method, routes as its routers do.

Every request below goes through ``IndexedRouting`` and through Connexion's own
``RoutingMiddleware`` built from the same specs: each must reach the same operation with the
same parameters, or get the same answer (a 405, a trailing-slash redirect, or no operation),
and leave the scope as Starlette's routers leave it. The requests are every documented path
of every API and the control API, its parameters spelt as ids, words and numbers, with and
without a final slash, in every method, under no root path and under one.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
from connexion import AsyncApp
from connexion.middleware.routing import ROUTING_CONTEXT, RoutingMiddleware

from mockserver.http.operations import operation_index
from mockserver.http.operations.operation_index import IndexedRouting
from mockserver.http.operations.routes import HTTP_METHODS
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient

SPELLINGS = ("1", "42", "instant", "bk_7a", "-3", "1.5")
METHODS = tuple(method.upper() for method in HTTP_METHODS)
ROOT_PATHS = ("", "/behind/a/proxy")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AsyncApp]:
    db = tmp_path_factory.mktemp("index") / "sandbox.db"
    app = create_app(Settings.load({"db": str(db)}, environ={}))
    with TestClient(app) as client:
        assert client.get("/_sandbox/health").status_code == 200  # the middleware stack is built
        yield app


def routed(app: AsyncApp, middleware: type[RoutingMiddleware]) -> RoutingMiddleware:
    """A routing middleware of the app's APIs, in front of an app that records what reaches it."""
    routing = middleware(_recorded)
    for api in app.middleware.apis:
        routing.add_api(api.specification, base_path=api.base_path, **api.kwargs)
    return routing


async def _recorded(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "reached", "scope": scope})


def requests(app: AsyncApp) -> Iterator[tuple[str, str, str]]:
    """(root path, method, path) of every documented path, spelt several ways."""
    for api in app.middleware.apis:
        for template in api.specification["paths"]:
            names = re.findall(r"\{[^}]+\}", template)
            for spelling in SPELLINGS:
                path = api.base_path + re.sub(r"\{[^}]+\}", spelling, template)
                for root, method, slash in itertools.product(ROOT_PATHS, METHODS, ("", "/")):
                    yield root, method, root + path + slash
                if not names:
                    break
    for root, method in itertools.product(ROOT_PATHS, METHODS):
        yield root, method, root + "/nowhere/at/all"
        yield root, method, root + "/reservekit"


async def outcome(routing: RoutingMiddleware, root: str, method: str, path: str) -> dict[str, Any]:
    """What reached the next app (the scope it got) or was sent back, and the scope left behind."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "root_path": root,
        "headers": [],
        "query_string": b"",
    }
    scope["raw_path"] = path.encode()
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    await routing(scope, receive, send)
    seen: list[Any] = []
    for message in sent:
        if message["type"] == "reached":
            reached = dict(message["scope"])
            seen.append(("reached", reached.pop("extensions", {}).get(ROUTING_CONTEXT), reached))
        else:
            seen.append({k: v for k, v in message.items() if k != "trailers"})
    left = {key: scope.get(key) for key in ("root_path", "app_root_path", "path_params")}
    left["route"] = getattr(scope.get("route"), "path", None)
    left["endpoint"] = type(scope.get("endpoint")).__name__
    left["router"] = type(scope.get("router")).__name__
    return {"seen": _plain(seen), "left": left}


def _plain(value: Any) -> Any:
    """Routers and routes compared by what they are, not by which instance: each middleware has
    its own."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bytes | bool) or value is None:
        return value
    return f"{type(value).__name__} {getattr(value, 'path', '')}"


def differences(app: AsyncApp, routing: RoutingMiddleware) -> list[tuple[str, str, Any, Any]]:
    theirs = routed(app, RoutingMiddleware)

    async def compared() -> list[tuple[str, str, Any, Any]]:
        found = []
        for root, method, path in requests(app):
            ours = await outcome(routing, root, method, path)
            expected = await outcome(theirs, root, method, path)
            if ours != expected:
                found.append((method, path, ours, expected))
        return found

    return asyncio.run(compared())


def test_every_request_goes_where_connexions_routers_send_it(app: AsyncApp) -> None:
    assert differences(app, routed(app, IndexedRouting)) == []


def test_every_documented_operation_is_found_without_starlettes_routers(app: AsyncApp) -> None:
    routing = routed(app, IndexedRouting)
    for api in app.middleware.apis:
        for template, operations in api.specification["paths"].items():
            path = api.base_path + re.sub(r"\{[^}]+\}", "1", template)
            for method in (m.upper() for m in operations if m in HTTP_METHODS):
                scope = {"type": "http", "method": method, "path": path, "root_path": ""}
                assert routing._find(scope) is not None, (method, path)


def test_a_wrong_order_of_routes_is_noticed(app: AsyncApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above can fail: the routes of each alternation in reverse order (a
    templated path before the literal one beside it) send some requests elsewhere."""
    original = operation_index._Mount.__init__

    def reversed_routes(self: Any, mount: Any, routes: Any) -> None:
        original(self, mount, list(reversed(routes)))

    monkeypatch.setattr(operation_index._Mount, "__init__", reversed_routes)
    found = differences(app, routed(app, IndexedRouting))
    # Bardge's literal ``/classes/categories`` read as the class ``{class_id}`` "categories".
    assert ("GET", "/bardge/v3/classes/categories") in {(method, path) for method, path, _, _ in found}


def test_the_index_is_the_one_the_app_routes_with(app: AsyncApp) -> None:
    assert any(isinstance(layer, IndexedRouting) for layer in app.middleware.middleware_stack)


def test_an_app_is_indexed_once_and_a_second_app_compiles_nothing(
    app: AsyncApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app's index is made at its first request, once every API is added (each API added
    had made it again), and its alternations, the same for every app, are compiled once a
    process: ``re``'s own cache, shared with every library, had let them go (5 ms an app)."""
    built: list[object] = []
    indexed = operation_index._indexed

    def counted(router: Any) -> Any:
        built.append(router)
        return indexed(router)

    monkeypatch.setattr(operation_index, "_indexed", counted)
    routing = routed(app, IndexedRouting)
    compiled = operation_index._compiled.cache_info().misses
    for _ in range(3):
        asyncio.run(outcome(routing, "", "GET", "/reservekit/v1/bookings/1"))
    assert len(built) == 1
    assert operation_index._compiled.cache_info().misses == compiled
