"""One write per answer: uvicorn's own protocol, driven with raw requests over a recording transport."""

from __future__ import annotations

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from mockserver.http.connection.one_write import OneWriteProtocol

GET = b"GET /%s HTTP/1.1\r\nHost: sandbox\r\n\r\n"


class RecordingTransport(asyncio.Transport):
    """What the protocol asked the socket to do, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, bytes]] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        assert not self.closed, "written after close"
        self.calls.append(("write", bytes(data)))

    def close(self) -> None:
        self.closed = True
        self.calls.append(("close", b""))

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def writes(self) -> list[bytes]:
        return [data for call, data in self.calls if call == "write"]


async def echo_path(scope: Any, receive: Any, send: Any) -> None:
    body = scope["path"].encode()
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"text/plain")]
    if scope["path"] == "/last":
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def served(protocol_class: type[HttpToolsProtocol], *requests: bytes) -> RecordingTransport:
    config = uvicorn.Config(echo_path, log_level="warning", date_header=False, server_header=False)
    protocol = protocol_class(config=config, server_state=ServerState(), app_state={})
    transport = RecordingTransport()
    protocol.connection_made(transport)
    protocol.data_received(b"".join(requests))
    for _ in range(20):  # each answer's task, then the turn that ends with the flush
        await asyncio.sleep(0)
    return transport


def answer(path: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\ncontent-type: text/plain\r\n\r\n%s" % (len(path), path)


def test_an_answers_head_and_body_leave_in_one_write() -> None:
    transport = asyncio.run(served(OneWriteProtocol, GET % b"bookings/1"))
    assert transport.writes() == [answer(b"/bookings/1")]
    # uvicorn's own protocol writes the head, then the body: two segments.
    plain = asyncio.run(served(HttpToolsProtocol, GET % b"bookings/1"))
    assert plain.writes() == [answer(b"/bookings/1")[: -len(b"/bookings/1")], b"/bookings/1"]


def test_pipelined_answers_keep_their_order() -> None:
    transport = asyncio.run(served(OneWriteProtocol, GET % b"a", GET % b"b", GET % b"c"))
    assert b"".join(transport.writes()) == answer(b"/a") + answer(b"/b") + answer(b"/c")


def test_a_closing_connection_gets_its_answer_before_the_close() -> None:
    transport = asyncio.run(served(OneWriteProtocol, GET % b"last"))
    assert transport.calls[-1] == ("close", b"")
    assert b"".join(transport.writes()).endswith(b"connection: close\r\n\r\n/last")


def test_nothing_is_written_to_a_transport_that_closed_meanwhile() -> None:
    asyncio.run(_closed_meanwhile())


async def _closed_meanwhile() -> None:
    config = uvicorn.Config(echo_path, log_level="warning")
    protocol = OneWriteProtocol(config=config, server_state=ServerState(), app_state={})
    transport = RecordingTransport()
    protocol.connection_made(transport)
    protocol.transport.write(b"late")
    transport.closed = True  # the peer went away before the turn ended
    await asyncio.sleep(0)
    assert transport.writes() == []
