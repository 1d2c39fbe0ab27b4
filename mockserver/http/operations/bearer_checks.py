"""An operation's bearer check, made once per operation rather than assembled per request.

Every operation of every spec here asks for one HTTP bearer scheme. Connexion 3.3 checks it
through a chain built for any mix of schemes: a ``ConnexionRequest`` and its parsed headers,
then three nested calls and two coroutines per request (17 us on this machine, against under
3 us for what it decides). ``BearerCheck`` decides the same for the one-bearer case, with the
same exceptions and the same context, and leaves every other security requirement to
Connexion's own ``SecurityOperation``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.exceptions import OAuthProblem, OAuthResponseProblem
from connexion.middleware.security import SecurityOperation
from connexion.security import NO_VALUE, BearerSecurityHandler
from connexion.utils import inspect_function_arguments
from starlette.types import ASGIApp, Receive, Scope, Send

# Connexion's own details for each outcome (``security.py``): errors.py hands an API's adapter
# the detail of every refusal, so these read as Connexion's did.
NO_TOKEN = "No authorization token provided"
MALFORMED = "Invalid authorization header"
NOT_VALID = "Provided token is not valid"


class BearerCheck(SecurityOperation):  # type: ignore[misc]
    """Connexion's ``SecurityOperation``, with one plain bearer requirement checked directly."""

    def __init__(self, next_app: ASGIApp, **kwargs: Any) -> None:
        super().__init__(next_app, **kwargs)
        self._token_info = self._plain_bearer()

    def _plain_bearer(self) -> Callable[[str], Any] | None:
        """The token check of a security that is one bearer scheme and nothing else, where the
        check takes the token alone (Connexion would pass it scopes or the request otherwise)."""
        if not isinstance(self.security, list) or len(self.security) != 1 or len(self.security[0]) != 1:
            return None
        [(name, scopes)] = self.security[0].items()
        scheme = self.security_schemes.get(name) or {}
        if scheme.get("type") != "http" or str(scheme.get("scheme", "")).lower() != "bearer" or scopes:
            return None
        handler = self.security_handler_factory.security_handlers.get("bearer")
        if not (isinstance(handler, type) and issubclass(handler, BearerSecurityHandler)):
            return None
        made: Any = handler()
        function: Callable[[str], Any] | None = made._resolve_func(scheme)
        if function is None:
            return None
        names, has_kwargs = inspect_function_arguments(function)
        if has_kwargs or {made.required_scopes_kw, made.request_kw} & set(names):
            return None
        return function

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token_info = self._token_info
        if token_info is None:
            await super().__call__(scope, receive, send)
            return
        found = bearer_token(scope["headers"])
        if found is None:
            raise OAuthProblem(detail=NO_TOKEN)
        info = token_info(found)
        if info is None:
            raise OAuthResponseProblem(detail=NOT_VALID)
        if info is NO_VALUE:
            raise OAuthProblem(detail=NO_TOKEN)
        context = scope.setdefault("extensions", {}).setdefault("connexion_context", {})
        context.update({"user": info.get("sub", info.get("uid")), "token_info": info})
        await self.next_app(scope, receive, send)


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of the first ``Authorization`` header, read as Connexion reads it: None where
    there is none or its scheme is not bearer, ``OAuthProblem`` where it has no second part."""
    for name, value in headers:
        if name == b"authorization":  # ASGI names are lower case, as Starlette's lookup takes them
            authorization = value.decode("latin-1")
            break
    else:
        return None
    if not authorization:
        return None
    try:
        auth_type, token = authorization.split(maxsplit=1)
    except ValueError:
        raise OAuthProblem(detail=MALFORMED) from None
    return token if auth_type.lower() == "bearer" else None
