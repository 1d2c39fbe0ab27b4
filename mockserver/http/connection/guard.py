"""An ASGI middleware that refuses oversized or mis-framed request bodies, and a request
carrying two ``Authorization`` headers, early; and hands on each header's value without the
whitespace after it, which is no part of it (RFC 9110 5.5): uvicorn's httptools parser keeps it
where h11 drops it, and a key pasted with a space after it was "missing or invalid API key" on
every API, an ``Idempotency-Key`` another key.

It sits inside Connexion's exception middleware, so the problems it raises are
rendered in the API's own error shape like any other. Without it, Connexion
reads any body into memory and answers a non-numeric ``Content-Length`` with a 500.
Connexion also reads a body only when ``Content-Length`` announces one, so a
chunked body (``Transfer-Encoding: chunked``) is read here, up to the limit, and
handed on framed like any other.
"""

from __future__ import annotations

from connexion.exceptions import BadRequestProblem, ProblemException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_WHITESPACE = (b" ", b"\t")


class BodyTooLarge(ProblemException):  # type: ignore[misc]
    def __init__(self, limit: int) -> None:
        super().__init__(
            status=413,
            title="Payload Too Large",
            detail=f"request body is larger than {limit} bytes",
        )


class BodyGuard:
    def __init__(self, app: ASGIApp, max_body_bytes: int, larger: dict[str, int] | None = None) -> None:
        self._app = app
        self._limit = max_body_bytes
        # Exact paths that take bigger bodies (a sandbox's exported state).
        self._larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        if sum(name == b"authorization" for name, _ in scope["headers"]) > 1:
            # Which one a proxy or framework would read differs: none is guessed.
            raise BadRequestProblem(detail="the request carries two Authorization headers; send one")
        if any(value[-1:] in _WHITESPACE for _, value in scope["headers"]):
            scope = {**scope, "headers": [(name, value.rstrip(b" \t")) for name, value in scope["headers"]]}
        limit = self._larger.get(scope["path"], self._limit)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            raise BodyTooLarge(limit)
        if declared is None and _chunked(scope):
            body = await _read_all(receive, limit)
            headers = [(k, v) for k, v in scope["headers"] if k != b"transfer-encoding"]
            scope = {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
            receive = replaying(body, receive)
        await self._app(scope, self._counting(receive, limit), send)

    @staticmethod
    def _counting(receive: Receive, limit: int) -> Receive:
        # Chunked bodies carry no length up front: count as they stream in.
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        return counted


def _chunked(scope: Scope) -> bool:
    return any(
        name == b"transfer-encoding" and b"chunked" in value.lower() for name, value in scope["headers"]
    )


async def _read_all(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)  # the client went away; the app sees an empty body
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    """The whole body as one message, then the client's own messages (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _content_length(scope: Scope) -> int | None:
    values = [value for name, value in scope["headers"] if name == b"content-length"]
    if not values:
        return None
    if len(values) > 1 or not values[0].isdigit():
        raise BadRequestProblem(detail="Content-Length header must be a single non-negative integer")
    return int(values[0])
