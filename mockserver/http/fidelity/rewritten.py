"""An answer rewritten on its way out: the JSON body held whole, changed, and sent with its new
length (``--vendor-only`` takes the sandbox's own fields out, ``--vary`` shows other ids)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.types import Message, Send

Header = tuple[bytes, bytes]


class RewrittenJson:
    """An ASGI ``send`` that hands a JSON answer's document to ``rewrite`` and each header of
    every answer to ``header``; other bodies pass as they are. ``status`` is the answer's,
    once its start has passed (a rewrite may treat an error answer otherwise)."""

    def __init__(
        self,
        send: Send,
        rewrite: Callable[[Any], Any],
        header: Callable[[bytes, bytes], Header] | None = None,
    ) -> None:
        self.status = 0
        self.send, self.rewrite = send, rewrite
        self.header = header or (lambda name, value: (name, value))
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            message = {**message, "headers": [self.header(k, v) for k, v in message.get("headers", [])]}
            if b"json" not in dict(message["headers"]).get(b"content-type", b""):
                await self.send(message)
                return
            self.start = message
            return
        if self.start is None or message["type"] != "http.response.body":
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return
        body = b"".join(self.chunks)
        if body:
            body = json.dumps(self.rewrite(json.loads(body)), separators=(",", ":")).encode()
        headers = [(k, v) for k, v in self.start.get("headers", []) if k.lower() != b"content-length"]
        await self.send({**self.start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await self.send({"type": "http.response.body", "body": body})
