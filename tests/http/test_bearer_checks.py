"""An operation's bearer check decides as Connexion's own security layer decides, for any header."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from connexion.middleware.security import SecurityOperation
from connexion.security import SECURITY_HANDLERS, SecurityHandlerFactory
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mockserver.http.operations import bearer_checks
from mockserver.http.operations.bearer_checks import BearerCheck
from mockserver.http.operations.connexion_parts import _Bearer
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

SCHEME = {"type": "http", "scheme": "bearer", "x-bearerInfoFunc": f"{__name__}.token_info"}


def token_info(token: str) -> Any:
    if token == "raise":
        raise PermissionError("refused by the check itself")
    if token.startswith("sk_"):
        return {"sub": token.strip()}
    if token == "uid":
        return {"uid": "someone"}
    return None


def token_info_with_scopes(token: str, required_scopes: Any) -> Any:
    return token_info(token)


async def _next(scope: Any, receive: Any, send: Any) -> None:
    scope["reached"] = True


def _layer(cls: type[SecurityOperation], security: list[Any], schemes: dict[str, Any]) -> Any:
    factory = SecurityHandlerFactory({**SECURITY_HANDLERS, "bearer": _Bearer})
    return cls(_next, security_handler_factory=factory, security=security, security_schemes=schemes)


def _outcome(layer: Any, headers: list[tuple[bytes, bytes]]) -> tuple[Any, ...]:
    scope: dict[str, Any] = {
        "type": "http",
        "headers": headers,
        "method": "GET",
        "path": "/",
        "query_string": b"",
    }
    try:
        asyncio.run(layer(scope, None, None))
    except Exception as error:  # the outcome compared is whatever is raised
        return type(error), getattr(error, "detail", str(error)), getattr(error, "status_code", None)
    return "reached", scope.get("reached"), scope.get("extensions", {}).get("connexion_context")


HEADER_VALUES = st.one_of(
    st.text(st.characters(max_codepoint=255), max_size=30),
    st.builds(
        lambda scheme, gap, token, tail: f"{scheme}{gap}{token}{tail}",
        st.sampled_from(["Bearer", "bearer", "BEARER", "Basic", "Token", "", "Bearer:"]),
        st.sampled_from(["", " ", "  ", "\t", "\n", " \x0b"]),
        st.sampled_from(["sk_rsv_abcdefgh", "raise", "uid", "other", "", "sk_ two"]),
        st.sampled_from(["", " ", " extra", "\t"]),
    ),
)
HEADERS = st.lists(
    st.tuples(st.sampled_from([b"authorization", b"Authorization", b"x-other"]), HEADER_VALUES), max_size=3
)

SECURITIES = [
    ([{"bearer": []}], {"bearer": SCHEME}),
    ([{"bearer": ["read"]}], {"bearer": SCHEME}),  # scopes: Connexion's own chain
    ([{"bearer": []}], {"bearer": {**SCHEME, "x-bearerInfoFunc": f"{__name__}.token_info_with_scopes"}}),
    ([{"bearer": []}, {}], {"bearer": SCHEME}),  # or no security at all
    ([], {}),
]


@pytest.mark.parametrize(("security", "schemes"), SECURITIES)
@settings(max_examples=150, deadline=None)
@given(headers=HEADERS)
@example(headers=[])
@example(headers=[(b"authorization", "Bearer sk_rsv_abcdefgh")])
@example(headers=[(b"authorization", "Bearer raise")])
@example(headers=[(b"authorization", "Bearer uid")])
@example(headers=[(b"authorization", "Bearer")])
@example(headers=[(b"authorization", "Bearer other"), (b"authorization", "Bearer sk_rsv_abcdefgh")])
def test_the_check_decides_as_connexion_does(
    security: list[Any], schemes: dict[str, Any], headers: list[tuple[bytes, str]]
) -> None:
    raw = [(name, value.encode("latin-1")) for name, value in headers]
    expected = _outcome(_layer(SecurityOperation, security, schemes), raw)
    assert _outcome(_layer(BearerCheck, security, schemes), raw) == expected


def test_only_a_plain_bearer_requirement_is_checked_directly() -> None:
    taken = [
        _layer(BearerCheck, security, schemes)._token_info is not None for security, schemes in SECURITIES
    ]
    assert taken == [True, False, False, False, False]


def test_every_sandbox_operation_behind_a_token_is_checked_directly(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The specs' one bearer scheme takes the direct check on every API (the health check, open
    to all, passes through); and a token it refuses is still each API's own 401."""
    direct: list[bool] = []
    call = BearerCheck.__call__

    async def noted(self: BearerCheck, scope: Any, receive: Any, send: Any) -> None:
        direct.append(self._token_info is not None)
        await call(self, scope, receive, send)

    monkeypatch.setattr(BearerCheck, "__call__", noted)
    client = TestClient(app)
    paths = [
        "/reservekit/v1/services",
        "/merchant/bookings/calendar/events",
        "/lifecycle/api/v1/services",
        "/bardge/v3/passes",
    ]
    for path in paths:
        assert client.get(path, headers={"Authorization": "Bearer x"}).status_code == 401
    assert client.get("/_sandbox/clock", headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 200
    assert client.get("/_sandbox/health").status_code == 200
    assert direct == [True] * (len(paths) + 1) + [False]


def test_its_details_are_connexions() -> None:
    from connexion import security  # noqa: PLC0415

    source = security.__file__
    with open(source, encoding="utf-8") as text:
        said = text.read()
    for detail in (bearer_checks.NO_TOKEN, bearer_checks.MALFORMED, bearer_checks.NOT_VALID):
        assert f'"{detail}"' in said, detail
