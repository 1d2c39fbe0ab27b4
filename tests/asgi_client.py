"""The tests' in-process client: Starlette's ``TestClient`` (its lifespan, portal, cookies and
redirects), each request answered by httpx's ``ASGITransport`` in one call into the portal.

Starlette's own transport crosses from the test's thread to the portal's event loop eight times
a request (an event, a stream, a cancel scope, the task, each body chunk), and each crossing
wakes the other thread: 2.5 to 5.3 ms of CPU a request on this two-core host (a GET of the
health and of a list, 300 each), where the app's own work is a tenth of that; in one crossing,
0.9 to 1.9 ms. The answer is whole when it returns (no endpoint here streams without end), as
a server's is once the client has read it.
"""

from __future__ import annotations

import warnings
from collections.abc import MutableMapping
from typing import Any

import httpx

with warnings.catch_warnings():
    # Said on import, for Starlette's own transport, which this client replaces; pytest's
    # settings hide it, but a child process a test starts (``vendor_child``) printed it.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette import testclient

Scope = MutableMapping[str, Any]


class TestClient(testclient.TestClient):
    """``starlette.testclient.TestClient``, answering each request in one crossing."""

    def __init__(
        self,
        app: Any,
        *,
        raise_server_exceptions: bool = True,
        root_path: str = "",
        client: tuple[str, int] = ("testclient", 50000),
        **options: Any,
    ) -> None:
        super().__init__(
            app,
            raise_server_exceptions=raise_server_exceptions,
            root_path=root_path,
            client=client,
            **options,
        )
        self._transport = _OneCrossing(self, raise_server_exceptions, root_path, client)


class _OneCrossing(httpx.BaseTransport):
    def __init__(
        self, owner: TestClient, raise_server_exceptions: bool, root_path: str, peer: tuple[str, int]
    ) -> None:
        self._owner = owner
        self._asgi = httpx.ASGITransport(
            app=self._with_state,
            raise_app_exceptions=raise_server_exceptions,
            root_path=root_path,
            client=peer,
        )

    async def _with_state(self, scope: Scope, receive: Any, send: Any) -> None:
        # What the app's lifespan left, as Starlette's client and ASGI servers hand each request.
        scope["state"] = self._owner.app_state.copy()
        await self._owner.app(scope, receive, send)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # a body given as a generator becomes bytes the event loop can read
        with self._owner._portal_factory() as portal:
            return portal.call(self._answer, request)

    async def _answer(self, request: httpx.Request) -> httpx.Response:
        answer = await self._asgi.handle_async_request(request)
        body = await answer.aread()
        return httpx.Response(answer.status_code, headers=answer.headers.raw, content=body)
