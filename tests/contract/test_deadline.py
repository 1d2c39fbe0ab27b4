"""A target that drips its answer ends the kit's request at the whole-answer deadline, where
each read's timeout alone would wait for as long as the bytes keep coming."""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from contract_tests.kit import deadline
from contract_tests.kit.client import Api, Recorder, record_every_exchange, whole_run
from contract_tests.kit.deadline import AnswerTooSlow, answered_within
from contract_tests.kit.preflight import TargetNotUsable, preflight
from contract_tests.kit.printing import print_target_data
from contract_tests.kit.race import at_once
from contract_tests.kit.reasons import exchange_line, reason
from mockserver.documents.har import har_document

DRIP_SECONDS = 4.0
"""How long a drip lasts, each byte 0.05 s after the last: well inside a read's timeout, and
long past the deadline the tests set (0.5 s)."""
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


def _answer(connection: socket.socket) -> None:
    """Each request the connection brings (kept alive, as a server keeps it for a racer warmed
    up on it), until the client hangs up or is cut."""
    with connection, contextlib.suppress(OSError):  # the client hung up: what the deadline does
        while request := connection.recv(65536).split(b" "):
            if request == [b""]:
                return
            path = request[1] if len(request) > 1 else b"/"
            body = b"[]"
            if path.startswith(b"/headers"):  # the status line and headers, a byte at a time
                _drip(connection, HEAD + b"X-Slow: " + b"a" * int(DRIP_SECONDS / 0.05) + b"\r\n")
                connection.sendall(b"Content-Length: 2\r\n\r\n" + body)
            elif path.startswith((b"/body", b"/v1/services", b"/_sandbox/target-data")):
                filler = b" " * int(DRIP_SECONDS / 0.05)
                connection.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % (len(filler) + 2))
                _drip(connection, filler + body)
            else:  # a HEAD's answer has no body
                connection.sendall(
                    HEAD + b"Content-Length: 2\r\n\r\n" + (b"" if request[0] == b"HEAD" else body)
                )


def _drip(connection: socket.socket, data: bytes) -> None:
    for at in range(len(data)):
        connection.sendall(data[at : at + 1])
        time.sleep(0.05)


@pytest.fixture(scope="module")
def dripping() -> Iterator[str]:
    server = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=_answer, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    monkeypatch.setattr(deadline, "ANSWER_SECONDS", 0.5)
    recorder = Recorder()
    undo = record_every_exchange(recorder)
    yield recorder
    undo()


def _timed(call: Callable[[], Any]) -> tuple[BaseException | None, float]:
    began = time.monotonic()
    try:
        call()
    except Exception as error:  # the test reads which
        return error, time.monotonic() - began
    return None, time.monotonic() - began


@pytest.mark.parametrize("part", ["body", "headers"])
def test_a_dripped_answer_ends_at_the_deadline_and_the_next_request_is_answered(
    part: str, dripping: str, recorded: Recorder
) -> None:
    session = requests.Session()
    error, seconds = _timed(lambda: session.get(f"{dripping}/{part}", timeout=(4, 5)))
    assert isinstance(error, AnswerTooSlow), error
    assert f"GET {dripping}/{part}: no whole answer within 0.5 s" in str(error)
    assert seconds < 2, seconds
    # Nothing left behind: the session answers again, no timer runs, the handler is back.
    assert session.get(dripping + "/", timeout=(4, 5)).json() == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    # Both in the run's HAR: the cut one as a browser records a request with no answer.
    cut, answered = har_document(whole_run(recorded))["log"]["entries"]
    assert cut["request"]["url"] == f"{dripping}/{part}"
    assert cut["response"]["status"] == 0
    assert "text" not in cut["response"]["content"]
    assert cut["comment"] == "no answer: no whole answer within 0.5 s (its bytes came, too slowly to end)"
    assert (answered["request"]["url"], answered["response"]["status"]) == (dripping + "/", 200)


def test_a_timer_of_someone_elses_is_left_running(dripping: str, recorded: Recorder) -> None:
    rang: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: rang.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.8)
        assert requests.get(dripping + "/", timeout=(4, 5)).json() == []
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 0.8
        time.sleep(left + 0.2)
        assert rang == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_request_on_another_thread_keeps_its_read_timeouts_alone(dripping: str, recorded: Recorder) -> None:
    """Python runs a signal's handler on the main thread only: another thread's request is
    not cut by the timer (the race rules' callers), and sets none that could cut the main's."""
    outcome: list[tuple[BaseException | None, float]] = []
    caller = threading.Thread(target=lambda: outcome.append(_timed(lambda: requests.get(dripping + "/"))))
    caller.start()
    caller.join(5)
    assert len(outcome) == 1
    assert outcome[0][0] is None
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_preflight_says_a_dripping_target_is_not_usable(dripping: str, recorded: Recorder) -> None:
    with pytest.raises(TargetNotUsable) as refused:
        preflight("reservekit-v1", dripping, "token", requests.Session(), sandbox_mount="/reservekit")
    assert str(refused.value) == (
        f"{dripping}/v1/services is not usable: no whole answer within 0.5 s (its bytes came, too slowly to end)"
    )


def test_printing_a_dripping_targets_data_ends_at_the_deadline(
    dripping: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--print-target-data`` asks outside a run, where no recorder bounds its request."""
    monkeypatch.setattr(deadline, "ANSWER_SECONDS", 0.5)
    began = time.monotonic()
    assert print_target_data("reservekit-v1", f"{dripping}/reservekit", []) == 5
    assert time.monotonic() - began < 2
    said = capsys.readouterr().err
    assert said == (
        f"contract kit: target not usable: {dripping}/_sandbox/target-data is not usable: no whole "
        "answer within 0.5 s (its bytes came, too slowly to end)\n"
    )


def test_a_check_cut_at_the_deadline_says_which_request_and_why() -> None:
    said = reason(AnswerTooSlow("GET", "https://staging.example/v1/bookings/7", 60), [])
    assert said == (
        "GET https://staging.example/v1/bookings/7: no whole answer within 60 s (its bytes came, too slowly to end)"
    )


def test_a_request_nothing_answers_is_in_the_recording_and_its_check_says_so(recorded: Recorder) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(requests.ConnectionError):
        requests.post(f"http://127.0.0.1:{port}/v1/bookings", json={"date": "2027-01-06"}, timeout=(4, 5))
    (unanswered,) = recorded.exchanges
    assert (unanswered.status, unanswered.request_body) == (0, b'{"date": "2027-01-06"}')
    assert unanswered.comment.startswith("no answer: the request failed ("), unanswered.comment
    assert "Connection refused" in unanswered.comment
    assert exchange_line(unanswered) == 'POST /v1/bookings {"date": "2027-01-06"} -> no answer'


def test_a_race_on_a_dripping_target_ends_at_the_deadline_and_its_racers_with_it(
    dripping: str, recorded: Recorder
) -> None:
    """The racers' requests are on threads of their own, which the timer cannot cut: the main
    thread's wait for them is cut instead, and their connections with it."""
    callers = [Api(requests.Session(), dripping, None, lambda *answer: None) for _ in range(3)]
    error, seconds = _timed(lambda: at_once(callers, [lambda api: api.get("/body")] * 3))
    assert isinstance(error, AnswerTooSlow), error
    assert f"3 requests at once to {dripping}: no whole answer within 0.5 s" in str(error)
    assert seconds < 2, seconds
    began = time.monotonic()
    while any(thread.name.startswith("kit-race-") for thread in threading.enumerate()):
        assert time.monotonic() - began < 1, "the racers' reads were cut, and their threads ended"
        time.sleep(0.05)


def test_where_there_is_no_interval_timer_a_request_keeps_its_read_timeouts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Windows has no SIGALRM: the kit runs there without the deadline, not failing every request."""
    monkeypatch.setattr(deadline, "_TIMER", False)
    monkeypatch.delattr(signal, "SIGALRM")
    with answered_within(0.05, "GET", "https://staging.example/v1/services"):
        time.sleep(0.2)
