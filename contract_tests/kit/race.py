"""Requests sent at one instant, for the rules only a race breaks.

The classic booking bug hands the last place to two customers: each request reads "one place
left" before either writes. One request at a time never shows it, so a race rule sends its
requests from threads of their own, each on a connection opened beforehand and released by one
barrier, and does so for several rounds: a window a vendor's server leaves open for a
millisecond is met more often than not.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import requests

from .client import Api, target_session

# Long enough for every thread to be waiting at the barrier, short enough that a target which
# stopped answering ends the check rather than the run.
BARRIER_SECONDS = 30

Call = Callable[[Api], requests.Response]


def at_once(callers: Sequence[Api], calls: Sequence[Call]) -> list[requests.Response]:
    """Each ``calls[i]`` made by ``callers[i]`` on a connection of its own, all released together;
    the answers in the calls' order.

    Each caller gets a session of its own (so no two requests queue for one connection), warmed
    by one request to the API's root before the barrier, so the connection is open when the
    barrier falls and the racing requests leave within microseconds of each other.
    """
    assert len(callers) == len(calls), "one caller a call"
    barrier = threading.Barrier(len(calls))

    def race(index: int) -> requests.Response:
        caller = _own_connection(callers[index])
        barrier.wait(timeout=BARRIER_SECONDS)
        return calls[index](caller)

    with ThreadPoolExecutor(max_workers=len(calls), thread_name_prefix="kit-race") as pool:
        return list(pool.map(race, range(len(calls))))


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
