"""Responses the handlers build by hand rather than through Connexion's serialisation."""

from __future__ import annotations

from starlette.responses import Response


def empty_response(status: int, headers: dict[str, str] | None = None) -> Response:
    """A response with no body, as documented; and so with no Content-Type either."""
    return Response(status_code=status, headers=headers)
