"""Planned calls (``http/operation_calls.py``) and kept validation layers
(``http/validation_layers.py``) do what Connexion's own parts do: the same requests go to an
app with each, side by side, and the handlers are given, and the clients answered, the same."""

from __future__ import annotations

from typing import Any
from unittest.mock import ANY

import pytest
from connexion import AsyncApp
from connexion.resolver import Resolver
from starlette.requests import Request

from mockserver.http.operations.connexion_parts import async_app
from mockserver.http.operations.operation_calls import PlannedCalls
from mockserver.http.validation.formats import build_format_checker
from mockserver.http.validation.validators import build_validator_map
from tests.asgi_client import TestClient

JSON = "application/json"
OBJECT = {"content": {JSON: {"schema": {"type": "object"}}}}

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "calls", "version": "1"},
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "x-bearerInfoFunc": "tests.http.test_operation_calls.token_info",
            }
        }
    },
    "paths": {
        "/items/{item-id}": {
            "parameters": [
                {"name": "item-id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "operationId": "get_item",
                "parameters": [
                    {"name": "pageSize", "in": "query", "schema": {"type": "integer", "default": 10}},
                    {"name": "ratio", "in": "query", "schema": {"type": "number"}},
                    {"name": "flag", "in": "query", "schema": {"type": "boolean"}},
                    {
                        "name": "tags",
                        "in": "query",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                    {"name": "when", "in": "query", "schema": {"type": "string", "nullable": True}},
                    {"name": "ignored", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "sizes",
                        "in": "query",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "integer"}, "default": [1, 2]},
                    },
                ],
                "responses": {"200": {"description": "ok", **OBJECT}},
            },
            "put": {
                "operationId": "put_item",
                "requestBody": {
                    "content": {JSON: {"schema": {"type": "object", "default": {"kept": True}}}},
                },
                "responses": {
                    "201": {
                        "description": "ok",
                        "headers": {"X-Seen": {"required": True, "schema": {"type": "string"}}},
                        **OBJECT,
                    }
                },
            },
            "delete": {"operationId": "delete_item", "responses": {"204": {"description": "gone"}}},
        },
        "/texts": {
            "get": {
                "operationId": "text",
                "parameters": [{"name": "as", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "either",
                        "content": {
                            "text/plain": {"schema": {"type": "string"}},
                            JSON: {"schema": {"type": "object", "properties": {"text": {"type": "boolean"}}}},
                        },
                    }
                },
            }
        },
        "/forms": {
            "post": {
                "operationId": "form",
                "requestBody": {
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"type": "object", "properties": {"count": {"type": "integer"}}}
                        }
                    }
                },
                "responses": {"200": {"description": "ok", **OBJECT}},
            }
        },
    },
}


def token_info(token: str) -> dict[str, Any] | None:
    return {"sub": f"user-{token}", "scope": ["all"]} if token.startswith("ok") else None


class Handlers:
    """Records what each call was given; some plain, some coroutines, as the sandbox's are."""

    def __init__(self) -> None:
        self.given: list[tuple[str, dict[str, Any]]] = []

    async def get_item(self, user: str, item_id: int, page_size: int, **rest: Any) -> Any:
        self.given.append(("get_item", {"user": user, "item_id": item_id, "page_size": page_size, **rest}))
        return {"id": item_id, "size": page_size}, 200

    def put_item(self, item_id: int, body: dict[str, Any], token_info: dict[str, Any]) -> Any:
        self.given.append(("put_item", {"item_id": item_id, "body": body, "token_info": token_info}))
        if isinstance(body, dict) and body.get("hide"):
            return {"body": body}, 201
        return {"body": body}, 201, {"X-Seen": str(item_id)}

    async def delete_item(self, item_id: int) -> Any:
        self.given.append(("delete_item", {"item_id": item_id}))
        return None, 204

    async def text(self, as_: str | None = None) -> Any:
        self.given.append(("text", {"as_": as_}))
        if as_ == "json":
            return {"text": False}, 200, {"Content-Type": JSON}
        if as_ == "problem":
            return {"text": False}, 200, {"Content-Type": "application/problem+json"}
        if as_ == "dict":
            return {"text": False}
        if as_ == "wrong":
            return {"text": "yes"}, 200, {"Content-Type": JSON}
        return "plain words"

    async def form(self, body: dict[str, Any]) -> Any:
        self.given.append(("form", {"body": body}))
        return {"form": body}


REQUESTS: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/items/7", {}),
    ("GET", "/items/7?pageSize=3&ratio=2.5&flag=true&tags=1,2,3&when=null&ignored=x", {}),
    ("GET", "/items/7?flag=false&tags=4", {}),
    ("GET", "/items/007?pageSize=0", {}),
    ("GET", "/items/x", {}),
    ("GET", "/items/7?pageSize=nope", {}),
    ("GET", "/items/7?unknown=1", {}),
    ("PUT", "/items/8", {"json": {"name": "a", "n": [1, {"b": None}]}}),
    ("PUT", "/items/8", {}),
    ("PUT", "/items/8", {"json": {"hide": True}}),
    ("PUT", "/items/8", {"content": b"<a/>", "headers": {"Content-Type": "application/xml"}}),
    ("PUT", "/items/8", {"content": b"null", "headers": {"Content-Type": JSON}}),
    ("PUT", "/items/8", {"content": b"{", "headers": {"Content-Type": JSON}}),
    ("DELETE", "/items/9", {}),
    ("GET", "/texts", {}),
    ("GET", "/texts?as=json", {}),
    ("GET", "/texts?as=problem", {}),
    ("GET", "/texts?as=dict", {}),
    ("GET", "/texts?as=wrong", {}),
    ("POST", "/forms", {"data": {"count": "5"}}),
    ("GET", "/items/7", {"headers": {"Authorization": "Bearer no"}}),
]


def _served(app: AsyncApp, handlers: Handlers, **options: Any) -> TestClient:
    app.add_api(
        SPEC,
        resolver=Resolver(function_resolver=lambda operation_id: getattr(handlers, operation_id)),
        pythonic_params=True,
        strict_validation=True,
        validate_responses=True,
        **options,
    )
    return TestClient(app, raise_server_exceptions=False)


def _answers(app: AsyncApp) -> list[tuple[Any, ...]]:
    handlers = Handlers()
    answers = []
    with _served(app, handlers) as client:
        for method, path, given_options in REQUESTS:
            options = dict(given_options)
            headers = {"Authorization": "Bearer ok-1", **options.pop("headers", {})}
            response = client.request(method, path, headers=headers, **options)
            given = handlers.given.pop() if handlers.given else None
            answers.append(
                (
                    method,
                    path,
                    response.status_code,
                    response.headers.get("content-type"),
                    response.headers.get("x-seen"),
                    response.content,
                    given,
                )
            )
    return answers


def test_planned_calls_match_connexions_own_chain() -> None:
    connexions = _answers(AsyncApp(__name__))
    planned = _answers(async_app(__name__))
    # One deliberate difference: a body sent with no Content-Type is read as the JSON the
    # operation takes (validation had judged it so); Connexion's own chain hands its handler
    # the bytes, and answers 500 (here, the schema's default body, serialised).
    untyped = REQUESTS.index(("PUT", "/items/8", {}))
    assert (connexions[untyped][2], planned[untyped][2]) == (500, 201)
    assert planned[untyped][-1] == ("put_item", {"item_id": 8, "body": {"kept": True}, "token_info": ANY})
    del connexions[untyped], planned[untyped]
    # Another: a 415 says what the body was sent as, in words a client can act on.
    xml = next(i for i, answer in enumerate(planned) if answer[2] == 415)
    assert b"request body must be application/json (it was sent as application/xml)" in planned[xml][5]
    assert b"Invalid Content-type (application/xml)" in connexions[xml][5]
    for answers in (connexions, planned):
        answers[xml] = (*answers[xml][:5], b"(its words)", answers[xml][6])
    assert planned == connexions
    # The comparison saw every kind of call: casts, defaults, bodies, text, refusals.
    statuses = {answer[2] for answer in planned}
    assert {200, 201, 204, 400, 401, 415, 500} <= statuses, statuses
    assert sum(answer[-1] is not None for answer in planned) >= 12


def test_a_form_operation_keeps_connexions_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    planned: list[str] = []
    original = PlannedCalls.__call__

    def counting(self: PlannedCalls, function: Any) -> Any:
        planned.append(function.__name__)
        return original(self, function)

    monkeypatch.setattr(PlannedCalls, "__call__", counting)
    handlers = Handlers()
    with _served(async_app(__name__), handlers) as client:
        response = client.post("/forms", data={"count": "5"}, headers={"Authorization": "Bearer ok-1"})
    assert response.status_code == 200, response.text
    # Connexion's own chain casts form fields by the body's schema.
    assert response.json() == {"form": {"count": 5}}
    assert planned == ["form"]


def test_a_json_body_is_parsed_once_by_its_check(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    original = Request.json

    async def counting(self: Request) -> Any:
        parsed.append(self.url.path)
        return await original(self)

    monkeypatch.setattr(Request, "json", counting)
    handlers = Handlers()
    auth = {"Authorization": "Bearer ok-1"}
    # The sandbox's own validators, which keep the body they parse.
    validators = build_validator_map(build_format_checker())
    with _served(async_app(__name__), handlers, validator_map=validators) as client:
        sent = {"name": "a", "n": [1, {"b": None}], "big": 2**53 + 1, "x": 0.1}
        assert client.put("/items/8", json=sent, headers=auth).status_code == 201
        assert handlers.given.pop() == ("put_item", {"item_id": 8, "body": sent, "token_info": ANY})
        assert (
            client.put("/items/8", content=b"{}", headers={**auth, "Content-Type": JSON}).status_code == 201
        )
        assert handlers.given.pop()[1]["body"] == {}
    # Each handler's body was the check's. (With Connexion's own validators, which keep nothing,
    # the call parses it: the side-by-side test above.)
    assert parsed == []


def test_a_default_a_handler_changes_is_the_same_default_next_time() -> None:
    handlers = Handlers()
    with _served(async_app(__name__), handlers) as client:
        auth = {"Authorization": "Bearer ok-1"}
        for _ in range(2):
            assert client.get("/items/7", headers=auth).status_code == 200
            given = handlers.given.pop()[1]
            assert (given["page_size"], given["sizes"]) == (10, [1, 2])
            given["sizes"].append(99)  # the handler's own list, not the operation's default
