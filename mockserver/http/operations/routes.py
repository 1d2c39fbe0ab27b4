"""Which methods each documented path accepts: the ``Allow`` header of a 405, and who gets one.

A literal path beats a templated one, as in the spec's intent: ``GET
/bookings/instant`` is a 405 when only ``POST`` is documented there, never a
read of a booking whose id is "instant".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_PARAMETER = re.compile(r"\{[^/}]+\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def template_parameter(segment: str) -> bool:
    """Whether a path template's ``segment`` is a parameter (``{booking_id}``)."""
    return _TEMPLATE_PARAMETER.fullmatch(segment) is not None


class MethodIndex:
    def __init__(self, paths: Mapping[str, Mapping[str, Any]]) -> None:
        self._routes: list[tuple[re.Pattern[str], tuple[str, ...], str]] = []
        # Fewest parameters first: the most literal documented path decides.
        for template in sorted(paths, key=lambda t: len(_TEMPLATE_PARAMETER.findall(t))):
            methods = tuple(m.upper() for m in HTTP_METHODS if m in paths[template])
            pattern = "".join(
                "[^/]+" if template_parameter(part) else re.escape(part)
                for part in re.split(r"(\{[^/}]+\})", template)
            )
            self._routes.append((re.compile(f"^{pattern}/?$"), methods, template))

    @property
    def templates(self) -> list[str]:
        return [template for _, _, template in self._routes]

    def allowed(self, path: str) -> tuple[str, ...]:
        for pattern, methods, _ in self._routes:
            if pattern.match(path):
                return methods
        return ()

    def operation(self, method: str, path: str) -> str | None:
        """``METHOD /template`` of the documented operation ``path`` reaches, or None."""
        for pattern, methods, template in self._routes:
            if pattern.match(path):
                return f"{method} {template}" if method in methods else None
        return None


class MethodGuard:
    """An ASGI middleware answering 405 when the best-matching documented path lacks the method.

    Without it a method missing on a literal path falls through to a templated
    sibling (``/bookings/{booking_id}``) and is answered as a bad parameter.

    It also refuses paths holding control characters: Connexion's router does not
    match them, while the app below it may (Flask did), and a handler reached that
    way runs outside Connexion's operation context (a 500).
    """

    def __init__(self, app: ASGIApp, mounts: list[tuple[str, MethodIndex]]) -> None:
        self._app = app
        self._mounts = sorted(mounts, key=lambda mount: len(mount[0]), reverse=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if _CONTROL.search(path):
                raise HTTPException(400, "the path holds control characters")
            # PostgreSQL's text takes no NUL (a free-text query answered 500 on a team server), so
            # neither backend takes one; other characters a query may spell are a handler's to judge.
            if b"%00" in scope.get("query_string", b""):
                raise HTTPException(400, "the query holds a NUL character (%00)")
            for prefix, index in self._mounts:
                if prefix in ("", path) or path.startswith(prefix + "/"):
                    allowed = index.allowed(path[len(prefix) :])
                    if allowed and method not in allowed and not (method == "HEAD" and "GET" in allowed):
                        raise HTTPException(405)
                    break
        await self._app(scope, receive, send)
