"""What the validating proxy answers itself rather than forwarding: its report, the server-wide
``OPTIONS *`` (with ``http/connection/server_options.py``'s answer), and the ASGI lifespan.

``OPTIONS *`` (RFC 9110 9.3.7) asks about the server as a whole, here the proxy: forwarded, it
became ``<upstream>*`` (``/lifecycle*``), a 404 from the vendor, and a health check that sends it
took a working proxy for down. It is answered 204 with the methods the API's document uses; any
other method of ``*`` is a 400 in the API's error shape. Neither reaches the upstream or the
checks: no operation is asked about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.documents.methods import with_head
from mockserver.documents.resources import spec_document
from mockserver.rule_engine.checking import TrafficCheck

REPORT_PATH = "/_proxy/report"
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def documented_methods(api: str) -> str:
    """An ``Allow`` value: every method the API's document uses on some path, HEAD beside GET
    (RFC 9110 9.3.2), and OPTIONS."""
    used = {method.upper() for item in spec_document(api)["paths"].values() for method in item}
    return ", ".join([*with_head([method for method in _METHODS if method in used]), "OPTIONS"])


async def report(check: TrafficCheck, scope: dict[str, Any], send: Callable[..., Any]) -> None:
    """``/_proxy/report``: the checks' report so far, as JSON or (``?format=junit``) JUnit XML."""
    held = check.report()
    junit = b"format=junit" in scope.get("query_string", b"")
    body = held.to_junit() if junit else held.to_json().encode()
    kind = b"application/xml" if junit else b"application/json"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", kind)]})
    await send({"type": "http.response.body", "body": body})


async def lifespan(receive: Callable[..., Any], send: Callable[..., Any], close: Callable[[], Any]) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await close()
            await send({"type": "lifespan.shutdown.complete"})
            return
