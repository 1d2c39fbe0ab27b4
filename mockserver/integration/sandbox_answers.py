"""How a control API's answer is read, and what it says of the server that gave it: a sandbox's
refusal (``ControlRefused``), no sandbox at all (``NotASandbox``), or a sandbox asked at a path
below its root (``BelowTheSandbox``). ``health`` asks a server which of them it is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from mockserver.documents.har import Unreadable, json_document
from mockserver.documents.printable import visible

from .proxies import client_options


class ControlRefused(Exception):
    """The sandbox answered 4xx or 5xx; ``problem`` is its problem-details body."""

    def __init__(self, status: int, problem: Mapping[str, Any], text: str) -> None:
        detail = problem.get("detail") or text or f"status {status}"
        # What to write instead is in the problem's parameters: ``2 hours`` is no duration, and
        # the reason says ``2h`` and ``PT2H`` are.
        reasons = [
            f"{param.get('name')}: {param.get('reason')}"
            for param in problem.get("invalid_params") or ()
            if isinstance(param, dict) and param.get("reason")
        ]
        super().__init__(f"{status} {detail}" + (f" ({'; '.join(reasons)})" if reasons else ""))
        self.status = status
        self.problem = dict(problem)
        self.text = text


AWAY = frozenset({502, 503, 504})
"""What a gateway answers for a server behind it that is not up (HTTP's "bad gateway", "service
unavailable", "gateway timeout"): whatever is meant to answer may be a sandbox."""


class NotASandbox(Exception):
    """What answered is no booking sandbox: its answer had a body, and it was not JSON (the
    control API answers JSON, and its refusals problem details)."""

    def __init__(self, url: str, response: httpx.Response, why: str = "", detail: object = None) -> None:
        kind = response.headers.get("content-type") or "no content type"
        request = f"{response.request.method} {response.request.url.path}"
        answered = f"{request} answered {response.status_code} ({kind}{', ' + why if why else ''})"
        # A refusal's own words say what went wrong (a sandbox on HTTPS asked in plain HTTP).
        said = f": {visible(detail[:300])}" if isinstance(detail, str) and detail else ""
        if response.status_code in AWAY:
            # A gateway with nothing behind it for now (a rollout, a restart): no stranger.
            again = response.headers.get("retry-after")
            wait = f"; try again in {visible(again[:20])} s" if again else "; try again"
            super().__init__(
                f"no booking sandbox answers at {url} for now: {answered}{said}{wait} once it is up"
            )
        else:
            super().__init__(f"what answers at {url} is no booking sandbox: {answered}{said}")
        self.status = response.status_code


class BelowTheSandbox(NotASandbox):
    """The URL names a path below a sandbox (an API's base, ``/_sandbox``); the sandbox's
    control API is at the sandbox's own URL."""

    def __init__(self, url: str, root: str, response: httpx.Response) -> None:
        super().__init__(url, response)
        request = f"{response.request.method} {response.request.url.path}"
        self.args = (
            f"{url} is a path under the sandbox at {root}, whose control API is at its root: "
            f"pass {root} ({request} answered {response.status_code})",
        )


HEALTH_SECONDS = 10.0
"""How long a health check waits for each part of its answer."""
COLD_START_SECONDS = 50.0
"""How long the first request to a server is waited for once it met silence: a platform that
scales to nothing (Cloud Run, Render, a serverless staging) holds it while the service starts,
often for tens of seconds. The kit's first request and the pytest plugin's health check wait it."""


def health(url: str, *, timeout: float | httpx.Timeout = HEALTH_SECONDS) -> dict[str, Any]:
    """What ``GET /_sandbox/health`` of the server at ``url`` says (it needs no key). Raises
    ``NotASandbox`` where what answers is no booking sandbox, httpx's own error where nothing
    does."""
    url = url.rstrip("/")
    response = httpx.get(f"{url}/_sandbox/health", timeout=timeout, **client_options(url))
    if response.status_code == 404:
        refuse_a_path_below_a_sandbox(url, response, asked_it=True)
    return _said_by_a_sandbox(url, response)


def first_health(url: str, waiting: Callable[[str], object]) -> dict[str, Any]:
    """``health`` as the first request to ``url``: where no answer began within its deadline,
    asked once more with a cold start's patience, ``waiting`` told so first."""
    try:
        return health(url, timeout=HEALTH_SECONDS)
    except httpx.ReadTimeout:
        waiting(
            f"{url.rstrip('/')}/_sandbox/health did not answer within {HEALTH_SECONDS:g} s; asking "
            f"again and waiting up to {COLD_START_SECONDS:g} s, as for a sandbox starting from cold"
        )
    try:
        return health(url, timeout=httpx.Timeout(HEALTH_SECONDS, read=COLD_START_SECONDS))
    except httpx.ReadTimeout:
        raise httpx.ReadTimeout(
            f"no answer within {HEALTH_SECONDS:g} s, nor within {COLD_START_SECONDS:g} s of asking again"
        ) from None


def refuse_a_path_below_a_sandbox(url: str, response: httpx.Response, *, asked_it: bool = False) -> None:
    """A 404 where ``url`` has a path, is no sandbox itself, and a shorter path of it is one (its
    server's root, as a rule): the path was the mistake (``--url`` of an API's base URL, as an
    app is configured), not what was asked. A sandbox a proxy serves below a path is one
    itself, and its 404s are its own. ``asked_it``: ``response`` was the URL's own health."""
    parts = httpx.URL(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments or (not asked_it and _is_a_sandbox(url)):
        return
    for kept in range(len(segments) - 1, -1, -1):
        shorter = parts.copy_with(path="/" + "/".join(segments[:kept]), query=None, fragment=None)
        nearest = str(shorter).rstrip("/")
        if _is_a_sandbox(nearest):
            raise BelowTheSandbox(url, nearest, response)


def _is_a_sandbox(url: str) -> bool:
    try:
        _said_by_a_sandbox(
            url, httpx.get(f"{url}/_sandbox/health", timeout=HEALTH_SECONDS, **client_options(url))
        )
    except (NotASandbox, httpx.HTTPError):
        return False
    return True


def _said_by_a_sandbox(url: str, response: httpx.Response) -> dict[str, Any]:
    said = document(url, response)
    if not isinstance(said, dict) or said.get("service") != "booking-sandbox":
        refused = isinstance(said, dict) and response.status_code >= 400
        raise NotASandbox(url, response, detail=said.get("detail") if refused else None)
    return said


def document(url: str, response: httpx.Response) -> Any:
    """The answer's JSON document; ``NotASandbox`` where it is none (the control API's answers
    always are): not JSON, or JSON no sandbox writes (nested past what Python reads, a NaN)."""
    if not _is_json(response):
        raise NotASandbox(url, response)
    read = json_document(response.content)
    if isinstance(read, Unreadable):
        raise NotASandbox(url, response, read.why)
    return read


def _is_json(response: httpx.Response) -> bool:
    media_type: str = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")
