"""Requests sent at one instant, for the rules only a race breaks.

The classic booking bug hands the last place to two customers: each request reads "one place
left" before either writes. One request at a time never shows it, so a race rule sends its
requests from threads of their own, each on a connection opened beforehand and released by one
barrier, and does so for several rounds: a window a vendor's server leaves open for a
millisecond is met more often than not.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Sequence
from typing import Any

import requests

from . import deadline
from .client import Api, target_session
from .deadline import AnswerTooSlow, answered_within

# Long enough for every thread to be waiting at the barrier, short enough that a target which
# stopped answering ends the check rather than the run.
BARRIER_SECONDS = 30

Call = Callable[[Api], requests.Response]


def at_once(callers: Sequence[Api], calls: Sequence[Call]) -> list[requests.Response]:
    """Each ``calls[i]`` made by ``callers[i]`` on a connection of its own, all released together;
    the answers in the calls' order.

    Each caller gets a session of its own (so no two requests queue for one connection), warmed
    by one request to the API's root before the barrier, so the connection is open when the
    barrier falls and the racing requests leave within microseconds of each other. The race
    ends at the whole-answer deadline (``deadline.py``), which bounds the main thread alone:
    the racers' connections are then cut, and a racer stuck elsewhere (a daemon thread) ends
    with the run.
    """
    assert len(callers) == len(calls), "one caller a call"
    barrier = threading.Barrier(len(calls))
    answers: list[requests.Response | BaseException | None] = [None] * len(calls)
    opened: list[Any] = []

    def race(index: int) -> None:
        try:
            caller = _own_connection(callers[index])
            opened.extend(_sockets_of(caller.session))
            barrier.wait(timeout=BARRIER_SECONDS)
            answers[index] = calls[index](caller)
        except BaseException as error:  # raised on the main thread, below
            answers[index] = error

    racers = [
        threading.Thread(target=race, args=(index,), name=f"kit-race-{index}", daemon=True)
        for index in range(len(calls))
    ]
    for racer in racers:
        racer.start()
    asked = f"{len(calls)} requests at once to"
    try:
        with answered_within(deadline.ANSWER_SECONDS, asked, callers[0].base_url):
            for racer in racers:
                racer.join()
    except AnswerTooSlow:
        for connection in opened:  # each racer's read ends, and its thread with it
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        raise
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers  # type: ignore[return-value]


def _sockets_of(session: requests.Session) -> list[Any]:
    """The sockets of a session's open connections, idle in its pools after its warm-up: what
    a race cut at the deadline closes. urllib3 lends a connection out of its pool for a request
    and keeps no other handle on it, so they are taken while idle."""
    found = []
    for adapter in session.adapters.values():
        managers = [getattr(adapter, "poolmanager", None), *getattr(adapter, "proxy_manager", {}).values()]
        for manager in managers:
            pools: Any = getattr(manager, "pools", None)
            for key in list(pools.keys()) if pools is not None else []:
                idle = getattr(pools.get(key), "pool", None)
                found += [c.sock for c in list(getattr(idle, "queue", ())) if getattr(c, "sock", None)]
    return found


def _own_connection(caller: Api) -> Api:
    session = target_session(caller.base_url, caller.session.headers)
    own = Api(session, caller.base_url, caller.token, caller.conformance)
    # Any answer opens the connection (a 404 or 401 as well); it is not checked.
    with contextlib.suppress(requests.RequestException):  # the race meets the same and reports it
        session.head(caller.base_url + "/", timeout=10)
    return own


def tally(answers: Sequence[requests.Response]) -> str:
    """The answers' statuses, counted: "3 x 201, 5 x 400"."""
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status_code] = counts.get(answer.status_code, 0) + 1
    return ", ".join(f"{n} x {status}" for status, n in sorted(counts.items()))


def exactly(
    answers: Sequence[requests.Response],
    places: int,
    what: str,
    refusal: Callable[[requests.Response], object],
) -> None:
    """Exactly ``places`` of the racers got a place (201), and ``refusal`` holds each other
    answer to the document's refusal."""
    won = [answer for answer in answers if answer.status_code == 201]
    assert len(won) == places, (
        f"{len(answers)} asked at once for the last {places} place(s) of {what}, "
        f"and {len(won)} got one ({tally(answers)})"
    )
    for answer in answers:
        if answer.status_code != 201:
            refusal(answer)
