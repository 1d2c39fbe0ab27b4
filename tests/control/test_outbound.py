"""Webhooks cannot reach into internal networks, cannot hang a sender, and cannot starve other keys."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from mockserver.control.outbound import OutboundPolicy, Refused
from mockserver.control.sender import REPLY_BYTES, Answer, Sends, post
from mockserver.domain.kernel.errors import InvalidInput
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START, ApiClient, Control

NEVER = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://0.0.0.0:8080/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.google.internal./",
]
PRIVATE = [
    "http://127.0.0.1:22/",
    "http://[::1]/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
]


def _resolver(answers: dict[str, Sequence[str]]) -> Any:
    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in answers:
            raise socket.gaierror("unknown host")
        return answers[host]

    return resolve


EXPOSED = OutboundPolicy.for_server(
    "0.0.0.0",
    ["10.0.0.0/8", "hooks.internal"],
    _resolver(
        {
            "localhost": ["127.0.0.1"],
            "hooks.internal": ["192.168.5.5"],
            "example.com": ["93.184.216.34"],
            "rebind.example": ["93.184.216.34", "127.0.0.1"],
        }
    ),
)
LAPTOP = OutboundPolicy.for_server("127.0.0.1", [], _resolver({"localhost": ["127.0.0.1"]}))


@pytest.mark.parametrize("url", NEVER)
def test_link_local_metadata_and_special_addresses_are_never_called(url: str) -> None:
    for policy in (LAPTOP, EXPOSED):
        with pytest.raises(InvalidInput):
            policy.check_url(url)


@pytest.mark.parametrize("url", PRIVATE)
def test_private_addresses_only_from_a_server_on_loopback_or_when_listed(url: str) -> None:
    LAPTOP.check_url(url)
    if url == "http://10.1.2.3/":
        EXPOSED.check_url(url)  # listed by CIDR
    else:
        with pytest.raises(InvalidInput, match="not allowed"):
            EXPOSED.check_url(url)


def test_names_are_checked_on_every_address_they_resolve_to_and_the_checked_one_is_called() -> None:
    assert EXPOSED.destination("example.com", 443) == "93.184.216.34"
    assert EXPOSED.destination("hooks.internal", 80) == "192.168.5.5"  # listed by name
    for host in ("localhost", "rebind.example", "nowhere.example"):
        with pytest.raises(Refused):
            EXPOSED.destination(host, 80)
    assert LAPTOP.destination("localhost", 80) == "127.0.0.1"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/", "http://user:secret@example.com/", "http://example.com:99999/", "http:///x"]
)
def test_malformed_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        EXPOSED.check_url(url)


# --- the sender, against real local endpoints -------------------------------------------------


class Endpoint:
    """A raw TCP endpoint that answers each connection with ``reply(connection)``."""

    def __init__(self, reply: Any) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.reply = reply
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.recv(65536)
            with contextlib.suppress(OSError):
                self.reply(connection, self.stopped)

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


def drip(connection: socket.socket, stopped: threading.Event) -> None:
    """Headers one byte at a time, for ever: each read returns, so only a total deadline helps."""
    for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
        if stopped.wait(0.2):
            return
        connection.sendall(bytes([byte]))


def flood(connection: socket.socket, stopped: threading.Event) -> None:
    head = (
        b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nSet-Cookie: a=b\r\nContent-Length: 5000000\r\n\r\n"
    )
    connection.sendall(head)
    chunk = b"x" * 65536
    for _ in range(76):
        connection.sendall(chunk)


@pytest.fixture
def dripping() -> Iterator[Endpoint]:
    endpoint = Endpoint(drip)
    yield endpoint
    endpoint.close()


def test_a_dripping_endpoint_holds_a_send_for_the_deadline_at_most(dripping: Endpoint) -> None:
    started = time.monotonic()
    answer = post(LAPTOP, dripping.url, b"{}", {"Content-Type": "application/json"}, deadline=1.0)
    assert time.monotonic() - started < 2.5
    assert answer.status == 0
    assert answer.error == "no complete answer within 1 s"


def test_a_cut_ends_every_send_in_flight_and_each_one_after_at_once() -> None:
    """A stop that will not wait (``Dispatcher.cut``): a dripping endpoint held it to the deadline."""
    reached = threading.Event()

    def reached_then_drip(connection: socket.socket, stopped: threading.Event) -> None:
        reached.set()
        drip(connection, stopped)

    endpoint, sends, answers = Endpoint(reached_then_drip), Sends(), []
    try:
        sending = threading.Thread(
            target=lambda: answers.append(post(LAPTOP, endpoint.url, b"{}", {}, deadline=20.0, sends=sends))
        )
        sending.start()
        assert reached.wait(10)
        started = time.monotonic()
        sends.cut("cut: a test stopped")
        sending.join(10)
        assert time.monotonic() - started < 5
        after = post(LAPTOP, endpoint.url, b"{}", {}, deadline=20.0, sends=sends)
    finally:
        endpoint.close()
    assert answers == [Answer(0, "cut: a test stopped", [], b"")]
    assert after == Answer(0, "cut: a test stopped", [], b"")
    assert time.monotonic() - started < 5


def test_what_is_read_back_is_bounded_and_few_headers_are_kept() -> None:
    endpoint = Endpoint(flood)
    try:
        answer = post(LAPTOP, endpoint.url, b"{}", {}, deadline=5.0)
    finally:
        endpoint.close()
    assert (answer.status, answer.error) == (500, "the endpoint answered 500")
    assert len(answer.body) == REPLY_BYTES
    assert {name.lower() for name, _ in answer.headers} == {"content-type", "content-length"}


def test_a_refused_destination_is_never_connected_to() -> None:
    answer = post(EXPOSED, "http://localhost:9/hook", b"{}", {})
    assert answer.status == 0
    assert answer.error is not None
    assert answer.error.startswith("refused by the outbound policy")


# --- through the control API ------------------------------------------------------------------


def _app(tmp_path: Path, **changes: Any) -> TestClient:
    settings = {"db": str(tmp_path / "s.db"), "start_at": START, "frozen": True, **changes}
    return TestClient(create_app(Settings.load(settings, environ={})))


def test_an_exposed_server_refuses_internal_webhook_urls_with_422(tmp_path: Path) -> None:
    with _app(tmp_path, host="0.0.0.0") as http:
        control = Control(http, "sk_rsv_outbound_key_1")
        for url in [*NEVER, *PRIVATE]:
            refused = control.post("/webhooks", json={"url": url, "events": ["bookings.create"]})
            assert refused.status_code == 422, (url, refused.text)
            assert refused.json()["invalid_params"][0]["name"] == "url"
        assert control.ok("GET", "/webhooks") == {"webhooks": []}


def test_one_key_s_hostile_endpoint_neither_slows_another_key_nor_its_deliveries(
    tmp_path: Path, dripping: Endpoint
) -> None:
    fast = Endpoint(lambda c, s: c.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"))
    try:
        with _app(tmp_path, webhook_timeout=3.0) as http:
            hostile = Control(http, "sk_rsv_hostile_key_1")
            hook = hostile.ok("POST", "/webhooks", json={"url": dripping.url, "events": ["bookings.create"]})
            other = Control(http, "sk_rsv_innocent_key")
            other_hook = other.ok("POST", "/webhooks", json={"url": fast.url, "events": ["bookings.create"]})
            with ThreadPoolExecutor(2) as pool:
                stuck = [pool.submit(hostile.post, f"/webhooks/{hook['id']}/test") for _ in range(2)]
                time.sleep(0.5)  # both sends are in flight
                third = hostile.post(f"/webhooks/{hook['id']}/test")
                assert (third.status_code, third.json()["code"]) == (429, "too_many_sends")

                started = time.monotonic()
                services = ApiClient(http, "sk_rsv_innocent_key").get("/services")
                assert services.status_code == 200
                delivered = other.ok("POST", f"/webhooks/{other_hook['id']}/test")
                assert delivered["state"] == "delivered"
                assert time.monotonic() - started < 2.0, "the innocent key waited on the hostile one"

                for sent in stuck:
                    answer = sent.result(timeout=10)
                    assert answer.status_code == 200
                    assert answer.json()["state"] == "failed"
    finally:
        fast.close()
