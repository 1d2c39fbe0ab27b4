"""The sandbox a run is pinned to (the one the user's tokens name), held for the run: the kit
moves that sandbox's clock, adds its fault rules and books in it, so a second run given the
same key meanwhile failed the first's checks and its own (a 429 from the other's rate limit, a
booking the other changed). The run takes the sandbox's lease (``PUT /_sandbox/lease``) before
its first check, renews it as it goes and gives it back at its end; a run killed lets it lapse
within ``HOLD_SECONDS``. A second run is refused at its start, naming the holder.

The lease's calls go through httpx on a thread of their own, not the kit's ``requests``
transport: they are no check's traffic, so they are kept beside the checks' (in the run's HAR,
never a failed check's last exchange).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import socket
import sys
import threading
import time
from datetime import UTC, datetime

import httpx

from mockserver.documents.har import Exchange, masked_headers
from mockserver.integration.proxies import client_options

from .client import Recorder
from .preflight import TargetNotUsable

HOLD_SECONDS = 60
"""How long a lease is taken for: a run that stops renewing it frees the sandbox this soon."""
RENEW_SECONDS = 15.0
"""How often it is taken again, well inside ``HOLD_SECONDS``."""
WAIT_TURN = 5.0
"""How often a run waiting for a held sandbox asks for it again (``--wait-for-sandbox``)."""


def wait_seconds(value: str) -> float:
    """``--wait-for-sandbox``: seconds, from 0 (refused at once) to a day."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError(f"{value!r} is no number of seconds from 0 to 86400")
    return seconds


def holder_name() -> str:
    """Names this run to another that finds the sandbox held: which run, on which machine."""
    host = re.sub(r"[^\x20-\x7e]", "?", socket.gethostname())[:80]
    return f"contract kit run {secrets.token_hex(4)} on {host} (pid {os.getpid()})"


class Hold:
    def __init__(self, root: str, token: str, recorder: Recorder, holder: str | None = None) -> None:
        """``token``: any token of the sandbox held (the control API takes each)."""
        self._recorder = recorder
        self._url = f"{root}/_sandbox/lease"
        self._client = httpx.Client(
            headers={"Authorization": f"Bearer {token}"}, timeout=30, **client_options(root)
        )
        self.holder = holder or holder_name()
        self._stop = threading.Event()
        self._renewing: threading.Thread | None = None

    def take(self, wait: float = 0) -> None:
        """Holds the sandbox, and keeps holding it until ``give_back``; ``TargetNotUsable`` where
        another run holds it for longer than ``wait`` seconds (CI jobs queued on one key). A
        sandbox too old to lease (404) is used as before, unheld."""
        deadline = time.monotonic() + wait
        said_once = False  # the wait is CI's log: one line, not one a turn
        while True:
            try:
                answer = self._put()
            except httpx.HTTPError:
                return  # the preflight found the sandbox answering; its checks will say what fails
            left = deadline - time.monotonic()
            if answer.status_code != 409 or left <= 0:
                break
            if not said_once:
                said_once = True
                said = f"({_detail(answer)}); waiting up to {wait:g} s for it"
                print(
                    f"contract kit: the sandbox your tokens name is in use by another run {said}",
                    file=sys.stderr,
                )
            time.sleep(min(WAIT_TURN, left))
        if answer.status_code == 409:
            waited = f"; waited {wait:g} s for it" if wait else "; --wait-for-sandbox SECONDS waits for it"
            raise TargetNotUsable(
                f"the sandbox your tokens name is in use by another run ({_detail(answer)}): two runs in "
                "one sandbox move its clock and add faults under each other's checks; give each run "
                f"its own sandbox key, or none (the kit then makes sandboxes of its own){waited}"
            )
        if answer.status_code != 200:
            return
        self._renewing = threading.Thread(target=self._renew, name="contract-kit-lease", daemon=True)
        self._renewing.start()

    def own_faults(self) -> int:
        """How many fault rules the sandbox has of its own (a user's, left from their testing):
        each may fail a check of a correct API, and the summary says so. 0 where unknown."""
        try:
            answer = self._noted(self._client.get(self._url.removesuffix("/lease") + "/faults"))
            rules = answer.json()["faults"] if answer.status_code == 200 else []
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            return 0
        return len(rules) if isinstance(rules, list) else 0

    def _renew(self) -> None:
        while not self._stop.wait(RENEW_SECONDS):
            try:
                self._put()
            except httpx.HTTPError:
                continue  # taken again at the next turn, or lapsed: the run goes on either way

    def give_back(self) -> None:
        """Ends the hold (at the run's end, interrupted or not)."""
        self._stop.set()
        if self._renewing is not None:
            self._renewing.join(timeout=5)
            with contextlib.suppress(httpx.HTTPError):  # else it lapses within HOLD_SECONDS
                self._noted(self._client.delete(self._url, params={"holder": self.holder}))
        self._client.close()

    def _put(self) -> httpx.Response:
        return self._noted(self._client.put(self._url, json={"holder": self.holder, "seconds": HOLD_SECONDS}))

    def _noted(self, answer: httpx.Response) -> httpx.Response:
        """``answer``, its exchange kept beside the checks' for the run's HAR."""
        sent = answer.request
        self._recorder.beside.append(
            Exchange(
                started=datetime.now(UTC) - answer.elapsed,
                method=sent.method,
                url=str(sent.url),
                request_headers=masked_headers(sent.headers.items(), keep_scheme=True, fingerprint=True),
                request_body=sent.content,
                status=answer.status_code,
                reason=answer.reason_phrase,
                response_headers=dict(answer.headers),
                response_body=answer.content,
                duration_ms=answer.elapsed.total_seconds() * 1000,
            )
        )
        return answer


def _detail(answer: httpx.Response) -> str:
    try:
        return str(answer.json().get("detail", "held"))[:300]
    except ValueError:
        return "held"
