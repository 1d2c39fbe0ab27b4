"""The kit's HTTP side: one ``requests`` session that records every exchange for the HAR file."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from mockserver.documents.har import Exchange, masked_headers
from mockserver.integration.proxies import on_loopback
from mockserver.integration.tls import ca_bundle

from . import deadline
from .deadline import AnswerTooSlow, answered_within
from .patience import Waited, wait_before_asking_again
from .preflight import root_cause

MAX_ANSWER_BYTES = 64 * 2**20
"""The most of one answer's body the kit reads, its coding undone: a vendor answering a gzip
bomb, or every booking it holds in one list, was read whole into the kit's memory."""
_CHUNK = 2**16


class AnswerTooLarge(requests.RequestException):
    """The target's answer went on past ``MAX_ANSWER_BYTES``: not read further, no answer."""

    kit_text = True  # a failed check's reason says it whole (``reasons.py``)

    def __init__(self, method: str, url: str) -> None:
        self.why = f"its body passed {MAX_ANSWER_BYTES // 2**20} MiB (decoded), and was not read further"
        super().__init__(f"{method} {url}: {self.why}")


def bounded_body(response: requests.Response) -> bytes:
    """``response``'s body, read within ``MAX_ANSWER_BYTES`` and kept for its later readers
    (``content``); ``AnswerTooLarge`` past it."""
    read = bytearray()
    for chunk in response.iter_content(_CHUNK):
        read += chunk
        if len(read) > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(response.request.method or "GET", response.url)
    response._content = bytes(read)  # what requests' own read leaves there
    return response._content


class Recorder:
    """Keeps each exchange the kit's process makes, with secret headers masked.

    It records at the transport (``record_every_exchange``), not on one session: Schemathesis
    sends some of its own requests (the auth probes, a check's control request) on sessions
    of its own, and a HAR that left them out would not be the run's whole story."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []
        self.beside: list[Exchange] = []
        """Exchanges of no check's, made on a thread of their own (the sandbox's lease taken
        and renewed): in the HAR, never among a check's own or its last exchange."""
        self.waited = Waited()
        """What the target's "not now" cost the run (``patience.py``)."""

    def record(self, response: requests.Response, started: datetime, seconds: float) -> None:
        self._sent(
            response.request,
            started,
            seconds,
            status=response.status_code,
            reason=response.reason or "",
            response_headers=dict(response.headers),
            response_body=bounded_body(response),
        )

    def unanswered(
        self, request: requests.PreparedRequest, started: datetime, seconds: float, why: str
    ) -> None:
        """A request sent that got no whole answer: in the HAR as a browser records one (status
        0, no body, ``why`` as its comment), which the rule engine passes over."""
        self._sent(
            request,
            started,
            seconds,
            status=0,
            reason="",
            response_headers={},
            response_body=b"",
            comment=why,
            response_length=-1,
        )

    def _sent(
        self, request: requests.PreparedRequest, started: datetime, seconds: float, **answer: Any
    ) -> None:
        body = request.body or b""
        self.exchanges.append(
            Exchange(
                started=started,
                method=request.method or "GET",
                url=request.url or "",
                request_headers=masked_headers(request.headers.items(), keep_scheme=True, fingerprint=True),
                request_body=body.encode() if isinstance(body, str) else bytes(body),
                duration_ms=seconds * 1000,
                **answer,
            )
        )


def whole_run(recorder: Recorder) -> list[Exchange]:
    """Every exchange of the run, in the order each began (the HAR's)."""
    return sorted([*recorder.exchanges, *recorder.beside], key=lambda exchange: exchange.started)


def record_every_exchange(recorder: Recorder) -> Callable[[], None]:
    """Records every exchange any ``requests`` session of this process makes, until the
    returned function is called; a 429, or a 503 that says when, is asked again once its
    ``Retry-After`` has passed (``patience.py``), each ask recorded. Each ask and its whole
    answer are bounded (``deadline.py``)."""
    original = HTTPAdapter.send

    def send(self: HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        asked = 0
        while True:
            asked += 1
            started, began = datetime.now(UTC), time.perf_counter()
            try:
                with answered_within(deadline.ANSWER_SECONDS, request.method or "GET", request.url or ""):
                    response = original(self, request, *args, **kwargs)
                    try:
                        recorder.record(response, started, time.perf_counter() - began)
                    except BaseException:  # cut off inside its body: the connection goes with it
                        response.close()
                        raise
            except requests.RequestException as error:
                recorder.unanswered(request, started, time.perf_counter() - began, no_answer(error))
                raise
            # At the transport, so every check's requests and Schemathesis' wait alike.
            wait = wait_before_asking_again(response.status_code, response.headers, asked)
            if wait is None:
                return response
            recorder.waited.add(wait)
            response.close()
            time.sleep(wait)

    HTTPAdapter.send = send  # type: ignore[method-assign]

    def undo() -> None:
        HTTPAdapter.send = original  # type: ignore[method-assign]

    return undo


def no_answer(error: requests.RequestException) -> str:
    """Why a request got no whole answer, for its HAR entry's comment."""
    if isinstance(error, AnswerTooSlow | AnswerTooLarge):
        return f"no answer: {error.why}"
    failed = "timed out" if isinstance(error, requests.exceptions.Timeout) else "failed"
    return f"no answer: the request {failed} ({root_cause(error)})"


class TargetSession(requests.Session):
    """A session that reads a ``Location`` it cannot parse as no redirect. Even not following
    redirects, ``requests`` parses every 3xx's ``Location`` (for ``Response.next``), and one
    such as ``http://[::1/x`` raised ``ValueError`` out of the call: a vendor answering it on
    the first request stopped the kit with an INTERNALERROR. The answer is judged as it came."""

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        location = super().get_redirect_target(resp)
        if location is None:
            return None
        try:
            urlsplit(location).port  # noqa: B018 (urllib checks the port on reading it)
        except ValueError:
            return None
        return location


def target_session(base_url: str, headers: Mapping[str, str | bytes]) -> requests.Session:
    """A session for one target. What ``requests`` reads from the environment on every request
    (the proxies for the URL, honouring ``NO_PROXY``, and a CA bundle) is read once, here: 4 %
    of a kit run went to reading it again. A ``~/.netrc`` entry for the target's host is not
    read at all: it would replace the caller's bearer token. A target on this machine's loopback
    is never proxied (``proxies``)."""
    session = TargetSession()
    session.trust_env = False
    # None where NO_PROXY names the host, or the host is loopback.
    proxies = {} if on_loopback(base_url) else requests.utils.get_environ_proxies(base_url)
    session.proxies.update({scheme: url for scheme, url in proxies.items() if scheme != "no"})
    session.verify = tls_verify()
    session.headers.update(headers)
    return session


def tls_verify() -> bool | str:
    """What a target's certificate is verified with: the CA bundle the environment names (a
    staging server's private CA), or the bundled public ones. The kit's own calls and
    Schemathesis' (which would otherwise send ``verify=True``) both."""
    return ca_bundle() or True


Conformance = Callable[[str, str, requests.Response], None]


class Api:
    """Calls one API below the target's base URL as one caller (a bearer token, or none).

    Every response is also held to the spec by ``conformance``: a scenario
    reads real bookings, where generated requests mostly meet 404s.
    """

    def __init__(
        self, session: requests.Session, base_url: str, token: str | None, conformance: Conformance
    ) -> None:
        self.session = session
        self.base_url = base_url
        self.token = token
        self.conformance = conformance

    def as_caller(self, token: str | None) -> Api:
        return Api(self.session, self.base_url, token, self.conformance)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        kwargs.setdefault("timeout", 30)
        response = self.session.request(method, self.base_url + path, headers=headers, **kwargs)
        self.conformance(method, path, response)
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


def ok(response: requests.Response, status: int = 200) -> dict[str, Any]:
    """The JSON body of a response that must have ``status``; the failure says what came instead."""
    assert response.status_code == status, (
        f"{response.request.method} {response.url}: {response.status_code} {response.text}"
    )
    return response.json()  # type: ignore[no-any-return]
