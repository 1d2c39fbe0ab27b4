"""The proxy in front of an upstream that breaks HTTP itself: a status HTTP has not, an answer
broken off before its length, a ``Location`` that is no URL. Each reaches the client as far as
HTTP lets it, and is recorded and numbered as an exchange with the proxy's own finding, never a
traceback with nothing recorded. The upstream here writes raw bytes (an ASGI server would
refuse to send what these vendors send)."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from mockserver.cli.proxy_journal import JournaledProxy
from mockserver.documents.har import Exchange
from mockserver.live_checks.by_api import check_recording
from mockserver.live_checks.exchanges import exchanges_of
from tests.contract.live import serving
from tests.live_checks.test_proxy import KEY, proxied
from tests.live_checks.traffic import check_all


@contextmanager
def raw_upstream(answer: bytes) -> Iterator[str]:
    """An upstream that reads each request's head, writes ``answer`` and hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                head = b""
                while b"\r\n\r\n" not in head and (chunk := connection.recv(65536)):
                    head += chunk
                connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stopping.set()
        thread.join()
        listener.close()


def test_a_status_http_has_not_is_the_proxys_502_and_a_finding() -> None:
    """Passed on, status 999 raised in the proxy's server (a KeyError) and the client's
    connection dropped, with nothing recorded."""
    with raw_upstream(
        b"HTTP/1.1 999 Weird\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    ) as up:
        proxy, out, serve = proxied(up)
        with serve() as origin:
            answer = httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
    assert answer.status_code == 502
    assert answer.json()["error"].endswith("answered 999, which is no HTTP status")
    assert len(proxy.exchanges) == 1
    assert out.getvalue().startswith("FINDING UPSTREAM #1 GET /v1/bookings/7 -> 502: the upstream")


def test_an_answer_broken_off_before_its_length_reaches_the_client_short_and_is_a_finding() -> None:
    """The upstream promised 100 bytes and hung up after 7: a traceback, and no exchange."""
    short = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":1}'
    with raw_upstream(short) as up:
        proxy, _, serve = proxied(up)
        with serve() as origin, pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
    (exchange,) = proxy.exchanges
    assert exchange.status == 200
    # The part is kept, never judged as the whole answer (check-har reads the HAR so too).
    assert (exchange.response_body, exchange.response_length) == (b'{"a":1}', 100)
    assert proxy.har()["log"]["entries"][0]["response"]["content"]["size"] == 100
    (read,) = exchanges_of(proxy.har(), "proxy.har")
    assert not read.response_kept
    assert [f.rule for f in check_all("reservekit-v1", [read]).findings if f.rule == "SPEC-RESPONSE"] == []
    (finding,) = proxy.check.report().findings
    assert finding.rule == "UPSTREAM"
    assert "broke off its answer after 7 bytes (peer closed connection" in finding.message
    assert proxy.check.report().exchanges == 1  # it answered: the exchange counts as checked


def test_a_location_that_is_no_url_is_said_to_be_unreadable_not_unanswered() -> None:
    """It was "the upstream did not answer (RemoteProtocolError)"; it had answered, with a
    ``Location`` the HTTP client cannot read."""
    with raw_upstream(b"HTTP/1.1 302 Found\r\nLocation: http://[::1/x\r\nContent-Length: 0\r\n\r\n") as up:
        _, out, serve = proxied(up)
        with serve() as origin:
            answer = httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
    assert answer.status_code == 502
    assert (
        "did not answer in HTTP the proxy can read (Invalid URL in location header" in answer.json()["error"]
    )
    assert "FINDING UPSTREAM #1" in out.getvalue()


def test_an_exchange_after_an_upstream_fault_has_the_next_number() -> None:
    """An upstream fault took the number of the exchange after it, which then said the same
    number: two findings of #1 for two exchanges, the HAR's first and second."""
    with raw_upstream(b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n") as up:
        proxy, out, serve = proxied(up)
        with serve() as origin:
            httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
            httpx.get(f"{origin}/v1/bookings/8", headers=KEY)
    assert [line.split()[2] for line in out.getvalue().splitlines()] == ["#1", "#2"]
    assert len(proxy.exchanges) == 2
    # Neither answered: nothing of the API was checked, as where the upstream is down.
    assert proxy.check.report().exchanges == 0


LABELLED_GZIP = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
    b'Content-Length: 40\r\n\r\n{"data": {"id": 7, "status": "pending"}}'
)


def test_an_answer_that_is_not_the_coding_it_says_is_a_finding_not_json_judged() -> None:
    """Plain JSON labelled gzip: read as it came, it was judged as the JSON it holds, which no
    client reads (curl, a browser and ``requests`` each fail to decode it)."""
    with raw_upstream(LABELLED_GZIP) as up:
        proxy, _, serve = proxied(up)
        with serve() as origin:
            streamed = httpx.stream("GET", f"{origin}/v1/bookings/7", headers=KEY)
            with streamed as answer:
                forwarded = (
                    answer.status_code,
                    answer.headers["content-encoding"],
                    b"".join(answer.iter_raw()),
                )
    assert forwarded == (200, "gzip", LABELLED_GZIP.split(b"\r\n\r\n", 1)[1])  # passed on as it came
    (finding,) = proxy.check.report().findings
    assert (finding.rule, finding.message) == (
        "UPSTREAM",
        f"the upstream {up.removeprefix('http://')} answered a body its Content-Encoding says is gzip, "
        "and is not: no client can read it",
    )
    assert proxy.check.report().exchanges == 1  # it answered: the exchange counts as checked
    verdict = check_recording("reservekit-v1", exchanges_of(proxy.har(), "proxy.har"))
    assert [(f.rule, f.message) for f in verdict.findings] == [(finding.rule, finding.message)]
    assert verdict.notes == [], "no 'not judged' note: the finding says why the body was not"


def test_a_request_not_the_coding_it_says_is_judged_by_what_the_vendor_did_with_it() -> None:
    """The client's fault, not the vendor's: a vendor that answers 201 to it is held to the body
    as it came (the same finding as before the answer's coding was judged)."""
    created = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    with raw_upstream(created) as up:
        proxy, _, serve = proxied(up)
        with serve() as origin:
            httpx.post(
                f"{origin}/v1/bookings",
                headers={**KEY, "Content-Encoding": "gzip", "Content-Type": "application/json"},
                content=b"not gzip, not json",
            )
    (exchange,) = proxy.exchanges
    assert (exchange.request_body, exchange.upstream_fault) == (b"not gzip, not json", "")
    assert "answered 2xx to a body that is not JSON" in [f.message for f in proxy.check.report().findings]


@pytest.mark.parametrize("kept", ["the proxy's HAR", "the proxy's journal's HAR"])
def test_check_har_judges_the_proxys_recording_of_an_upstream_fault_as_the_proxy_did(kept: str) -> None:
    """check-har read the proxy's own 502 as the vendor's answer ("documents 200, 400, 401,
    404, 503, not 502"), and the part of a broken-off answer as a whole one: the same exchange
    judged two ways. The recording says the fault (HAR's ``_upstreamFault``; the journal's rule)."""
    answers = (
        b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n",
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":1}',
        LABELLED_GZIP,
    )
    said: list[str] = []
    recorded: list[Exchange] = []
    for answer in answers:
        with raw_upstream(answer) as up:
            if kept == "the proxy's HAR":
                proxy, out, serve = proxied(up)
                with serve() as origin, contextlib.suppress(httpx.RemoteProtocolError, httpx.DecodingError):
                    httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
                recorded += exchanges_of(proxy.har(), "proxy.har")
            else:
                journaled = JournaledProxy("reservekit-v1", up, "proxy_faults_journal1")
                out = io.StringIO()
                journaled.proxy._out = out  # its lines, for the comparison below
                with serving(journaled) as origin:
                    with contextlib.suppress(httpx.RemoteProtocolError, httpx.DecodingError):
                        httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
                    har = httpx.get(
                        f"{origin}/_sandbox/journal/har",
                        headers={"Authorization": "Bearer proxy_faults_journal1"},
                    ).json()
                recorded += exchanges_of(har, "journal.har")
        said += [line.split(": ", 1)[1] for line in out.getvalue().splitlines()]
    report = check_all("reservekit-v1", recorded)
    assert [(f.rule, f.message) for f in report.findings] == [("UPSTREAM", message) for message in said]
    assert (
        report.exchanges == 2
    )  # the broken-off and labelled answers came from the upstream; the 502 did not


def test_an_answer_the_proxy_did_not_decode_is_not_judged_empty_from_its_journal() -> None:
    """The proxy keeps an answer in a coding it does not undo as none, its length unknown, and
    checks nothing of it; its journal kept that as a whole empty body, which check-har, given
    the journal's HAR, held against a correct vendor: "the answer is empty"."""
    compressed = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: compress\r\n"
        b"Content-Length: 4\r\n\r\nxxxx"
    )
    with raw_upstream(compressed) as up:
        journaled = JournaledProxy("reservekit-v1", up, "proxy_faults_journal2")
        journaled.proxy._out = io.StringIO()
        with serving(journaled) as origin:
            httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
            owner = {"Authorization": "Bearer proxy_faults_journal2"}
            entry = httpx.get(f"{origin}/_sandbox/journal", headers=owner).json()["entries"][0]
            har = httpx.get(f"{origin}/_sandbox/journal/har", headers=owner).json()
    assert journaled.proxy.check.report().findings == []
    assert entry["response"] == {"headers": entry["response"]["headers"], "body": "", "truncated": True}
    assert "response body not kept (its length unknown)" in har["log"]["entries"][0]["comment"]
    verdict = check_recording("reservekit-v1", exchanges_of(har, "journal.har"))
    assert verdict.findings == []
    (note,) = verdict.notes
    assert note.startswith("not judged: what 1 exchange sent or answered")
