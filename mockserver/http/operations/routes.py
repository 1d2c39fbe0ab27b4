"""Which methods each documented path accepts: the ``Allow`` header of a 405, and who gets one.

A literal path beats a templated one, as in the spec's intent: ``GET
/bookings/instant`` is a 405 when only ``POST`` is documented there, never a
read of a booking whose id is "instant".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.documents.methods import answered, with_head
from mockserver.documents.printable import visible

logger = logging.getLogger(__name__)

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

    def advertised(self, path: str) -> tuple[str, ...]:
        """The ``Allow`` of a 405 (RFC 9110 10.2.1): the documented methods, and ``HEAD`` beside
        a ``GET``, which every GET path answers (the guard below lets it through)."""
        return with_head(self.allowed(path))

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
        self._told: set[str] = set()
        """The origins whose refused preflight the log has named (each once, a few at most)."""

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
                    if allowed and not answered(method, allowed):
                        if method == "OPTIONS":
                            self._preflight_refused(scope)
                        raise HTTPException(405)
                    break
        await self._app(scope, receive, send)

    def _preflight_refused(self, scope: Scope) -> None:
        """A browser's preflight from an origin ``--cors-origin`` does not name reaches the API,
        which documents no ``OPTIONS``: its page sees only "blocked by CORS policy", never the
        405 (a browser hides it), so the server's log says once an origin what lets it call."""
        headers = Headers(scope=scope)
        origin, asked = headers.get("origin"), headers.get("access-control-request-method")
        if origin is None or asked is None or origin in self._told or len(self._told) >= 20:
            return
        self._told.add(origin)
        shown = visible(origin[:200])
        logger.warning(
            "a page at %s asked to call %s %s from a browser, and this server lets no page of that "
            "origin call it: serve --cors-origin %s (or BOOKING_SANDBOX_CORS_ORIGINS) lets it",
            shown,
            visible(asked[:20]),
            visible(scope["path"][:200]),
            shown,
        )
