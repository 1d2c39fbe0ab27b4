"""Responses the handlers build by hand rather than through Connexion's serialisation."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response


def json_reply(body: Any, status: int = 200) -> tuple[Any, int, dict[str, str]]:
    """A JSON answer of an operation that also documents problem+json: Connexion is told which."""
    return body, status, {"Content-Type": "application/json"}


def empty_response(status: int, headers: dict[str, str] | None = None) -> Response:
    """A response with no body, as documented; and so with no Content-Type either."""
    return Response(status_code=status, headers=headers)
