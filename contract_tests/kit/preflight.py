"""Is the target usable at all? One request before any check, and one line when it is not.

A mistyped host, a wrong port, a base URL without its mount or a refused token would
otherwise reach the user as dozens of failed rules, each blaming the API. The preflight
calls the API's documented list operation once (as the main role, when a token is known)
and tells the three apart from an API that answers:

* nothing answers (DNS, refused, TLS, silence): the URL and the network's error;
* the operation is not found (404, 405), or answers a page rather than JSON (a web app's
  URL, not its API's): the base URL serves no such API, and where the API answers one mount
  lower (a booking-sandbox's root without ``/reservekit``), which URL was meant;
* the token is refused (401, 403): the token is refused;
* the request itself is refused (400: plain HTTP to an HTTPS port, as nginx answers it): its words;
* another role's given token is refused (401): that role is named;
* the operation answers a redirect (``http://`` for an https-only host): where to;
* a gateway answers that the API is not there (502, 504), or the API that it cannot serve now
  (503), asked again once a moment later (a pod restarting behind its ingress): who answered.

A target silent at first is asked again with a cold start's patience, saying so: a platform that
scales to nothing holds the first request while the service starts.

Each ends the run with exit code 5, "target not usable".
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import DecodeError

from mockserver.documents.har import EMPTY, NOT_JSON, json_document
from mockserver.integration.sandbox_answers import COLD_START_SECONDS
from mockserver.integration.tls import tls_hint

from .deadline import AnswerTooSlow

TARGET_NOT_USABLE = 5
USAGE_ERROR = 4
# Connecting, then each read: a target that answers nothing is said so within ten seconds (one
# that drips its answer a byte at a time, at deadline.ANSWER_SECONDS).
TIMEOUT = (4.0, 5.0)
COLD_START = (4.0, COLD_START_SECONDS)
"""A run's first request, asked again where it met silence, with the patience the pytest plugin
has too. Within a request's deadline (deadline.ANSWER_SECONDS)."""
AWAY = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
"""What a gateway says when the API behind it does not answer, or the API when it cannot serve."""
AGAIN_SECONDS = 1.0


@dataclass(frozen=True)
class Probe:
    """The documented operation that lists something and needs no id: where the API is found."""

    path: str
    # Query parameters the operation requires, as functions of today's date (a calendar range).
    query: dict[str, str]


PROBES = {
    "reservekit-v1": Probe("/v1/services", {}),
    "merchant": Probe(
        "/bookings/calendar/events", {"start": "{today}T00:00:00Z", "end": "{today}T23:59:59Z"}
    ),
    "lifecycle": Probe("/api/v1/services", {}),
    "bardge-v3": Probe("/passes", {}),
}


class TargetNotUsable(Exception):
    """The target cannot be checked at all; the message is the one line the user reads."""


def preflight(
    api: str, base_url: str, token: str | None, session: requests.Session, *, sandbox_mount: str
) -> None:
    """Raises ``TargetNotUsable`` unless the API answers its list operation at ``base_url``."""
    probe = PROBES[api]
    url = base_url + probe.path
    response = first_asked(lambda timeout: _asked(session, url, probe, token, timeout), url)
    if response.status_code in AWAY:
        raise TargetNotUsable(away(base_url, url, response))
    if response.status_code in (404, 405):
        hint = _mount_hint(session, base_url, probe, token, sandbox_mount)
        raise TargetNotUsable(
            f"{base_url} does not serve the {api} API: its documented list operation GET {url} "
            f"answered {response.status_code}{hint}"
        )
    if response.is_redirect:
        # The kit follows no redirect (no client of the API should need to): every check would
        # meet it, dozens of rules broken by one wrong URL, http:// for an https-only host.
        raise TargetNotUsable(
            f"{base_url} redirects: GET {url} answered {response.status_code} to "
            f"{response.headers['location']}; pass the base URL it redirects to as --base-url"
        )
    if 200 <= response.status_code < 300 and not _is_json(response):
        # A web app's page (a base URL of the site, not its API; a dev server's fallback to
        # index.html) answered where the API's list is: every rule would fail on it.
        kind = response.headers.get("content-type", "no Content-Type").split(";")[0]
        hint = _mount_hint(session, base_url, probe, token, sandbox_mount)
        raise TargetNotUsable(
            f"{base_url} does not serve the {api} API: its documented list operation GET {url} "
            f"answered {response.status_code} with {kind}, not JSON ({_excerpt(response, 60)}){hint}"
        )
    if token is not None and response.status_code in (401, 403):
        raise TargetNotUsable(
            f"the token is refused: GET {url} answered {response.status_code} {_refused(response)}"
        )
    if response.status_code == 400:
        # The probe sends all its operation requires: a 400 is the server refusing the request
        # itself (plain HTTP to an HTTPS port, as nginx and a sandbox with --tls-cert answer it).
        hint = " (if the server speaks HTTPS, name it with https://)" if url.startswith("http://") else ""
        raise TargetNotUsable(
            f"{base_url} refuses the {api} API's documented list operation itself: GET {url} "
            f"answered 400 {_excerpt(response)}{hint}"
        )


def asked_again(get: Callable[[], requests.Response]) -> requests.Response:
    """``get``'s answer, asked again a moment later where it was a gateway's or an API's "not
    now" (``AWAY``): a pod restarting behind its ingress answers the next call."""
    response = get()
    if response.status_code in AWAY:
        time.sleep(AGAIN_SECONDS)
        response = get()
    return response


Timeouts = tuple[float, float]


def first_asked(get: Callable[[Timeouts], requests.Response], url: str) -> requests.Response:
    """``get``'s answer (``asked_again``) as the run's first request to a target: where no answer
    came within the usual read timeout, asked once more with a cold start's patience, saying so.
    Raises ``TargetNotUsable`` where nothing answers."""
    try:
        answered = _unless_silent(get, TIMEOUT)
        if answered is None:
            print(
                f"contract kit: {url} did not answer within {TIMEOUT[1]:g} s; asking again and "
                f"waiting up to {COLD_START[1]:g} s, as for a target starting from cold",
                file=sys.stderr,
                flush=True,
            )
            answered = _unless_silent(get, COLD_START)
        if answered is None:
            said = f"no answer within {TIMEOUT[1]:g} s, nor within {COLD_START[1]:g} s of asking again"
            raise TargetNotUsable(f"{url} is not reachable: {said}")
        return answered
    except requests.RequestException as error:
        raise TargetNotUsable(unreachable(url, error)) from None


def _unless_silent(
    get: Callable[[Timeouts], requests.Response], timeout: Timeouts
) -> requests.Response | None:
    """``get``'s answer (``asked_again``), or None where none began within the read timeout."""
    try:
        return asked_again(lambda: get(timeout))
    except AnswerTooSlow:
        raise  # it answered, a drip at a time: no start is that slow
    except requests.exceptions.ReadTimeout:
        return None


def away(base_url: str, url: str, response: requests.Response) -> str:
    """Every check would meet the same answer, each a broken rule of the API's: whose it is."""
    status = response.status_code
    server = response.headers.get("server")
    said = f"GET {url} answered {status} {AWAY[status]} twice, a second apart"
    said += f" (Server: {server})" if server else ""
    if status == 503:
        return f"{base_url} cannot serve now: {said}; run the kit once it answers"
    return f"{base_url} is not answering behind its gateway: {said}; the API behind it is unreachable"


def preflight_roles(api: str, base_url: str, tokens: dict[str, str], session: requests.Session) -> None:
    """Each other role's given token, tried once on the same documented read: a refused one
    (401) is the user's mistake, named here, not a vendor's bug reported by the first rule
    that uses it. 403 is an answer: that role may not read this, but its token was accepted."""
    probe = PROBES[api]
    url = base_url + probe.path
    for role, token in tokens.items():
        response = _get(session, url, probe, token)
        if response.status_code == 401:
            raise TargetNotUsable(
                f"the token for the role '{role}' is refused: GET {url} answered 401 {_refused(response)}"
            )


def asked_once(api: str, base_url: str, token: str | None, session: requests.Session) -> requests.Response:
    """The preflight's documented read, asked once more (a check's end, ``outage.py``); raises
    ``requests.RequestException`` where it gets no answer."""
    probe = PROBES[api]
    return _asked(session, base_url + probe.path, probe, token, TIMEOUT)


def _get(session: requests.Session, url: str, probe: Probe, token: str | None) -> requests.Response:
    try:
        return _asked(session, url, probe, token, TIMEOUT)
    except requests.RequestException as error:
        raise TargetNotUsable(unreachable(url, error)) from None


def _asked(
    session: requests.Session, url: str, probe: Probe, token: str | None, timeout: Timeouts
) -> requests.Response:
    today = datetime.now(UTC).date().isoformat()
    query = {name: value.format(today=today) for name, value in probe.query.items()}
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return session.get(url, params=query, headers=headers, timeout=timeout, allow_redirects=False)


def unreachable(url: str, error: requests.RequestException) -> str:
    """One line for a request that got no answer: the URL and what the network said."""
    if isinstance(error, requests.exceptions.SSLError):
        return f"{url} is not reachable: TLS failed ({root_cause(error)}){tls_hint(error)}"
    if isinstance(error, AnswerTooSlow):
        return f"{url} is not usable: {error.why}"
    if isinstance(error, requests.exceptions.Timeout):
        return f"{url} is not reachable: no answer within {sum(TIMEOUT):.0f} s"
    if isinstance(error, requests.exceptions.ConnectionError):
        return f"{url} is not reachable: {_connection_problem(url, error)}"
    return f"{url} is not usable: {root_cause(error)}"


def _connection_problem(url: str, error: requests.exceptions.ConnectionError) -> str:
    parts = urlsplit(url)
    cause = root_cause(error)
    if "Name or service not known" in cause or "nodename nor servname" in cause or "Resolution" in cause:
        return f"the host name {parts.hostname} does not resolve"
    if "Connection refused" in cause:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return f"nothing accepts connections at {parts.hostname} port {port}"
    return cause


def root_cause(error: BaseException) -> str:
    """The innermost reason, without the layers urllib3 and requests wrap around it."""
    seen = error
    while seen.__cause__ is not None or seen.__context__ is not None:
        if isinstance(seen, DecodeError) and seen.args:
            # Its cause is zlib's "Error -3 while decompressing data: incorrect header check".
            return str(seen.args[0])
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    reason = getattr(seen, "reason", None) or str(seen) or type(seen).__name__
    text = str(reason)
    # "<urllib3.connection.HTTPConnection object at 0x…>: Failed to establish …: [Errno 111] …"
    return text.split(">: ", 1)[-1]


def _mount_hint(session: requests.Session, base_url: str, probe: Probe, token: str | None, mount: str) -> str:
    """Where the API answers instead: one mount below the given URL (a sandbox's root), or at
    the mount on the given URL's origin (another API's mount, or part of this one's: ``/bardge``
    for ``/bardge/v3``)."""
    given = base_url.rstrip("/")
    if not mount or given.endswith(f"/{mount}"):
        return ""
    parts = urlsplit(given)
    for candidate in dict.fromkeys((f"{given}/{mount}", f"{parts.scheme}://{parts.netloc}/{mount}")):
        try:
            answer = _get(session, candidate + probe.path, probe, token)
        except TargetNotUsable:
            return ""
        if answer.status_code not in (404, 405) and _is_json(answer):
            return f" (did you mean {candidate}?)"
    return ""


def _excerpt(response: requests.Response, length: int = 160) -> str:
    text = " ".join(response.text.split())
    return text[:length] + ("…" if len(text) > length else "")


def _refused(response: requests.Response) -> str:
    """A refused token's answer, and what the target says its tokens look like where its
    ``WWW-Authenticate`` says (RFC 6750's ``error_description``, as a booking-sandbox does)."""
    described = _DESCRIPTION.search(response.headers.get("WWW-Authenticate", ""))
    return _excerpt(response) + (f" ({described[1]})" if described else "")


_DESCRIPTION = re.compile(r'error_description="([^"]*)"')


def _is_json(response: requests.Response) -> bool:
    """Whether the answer is a JSON document, as each API documents its answers (an error's too).
    One nested past what is read is JSON (its checks say so); read with json.loads, a vendor's
    100,000 levels raised RecursionError out of the preflight, an INTERNALERROR."""
    return json_document(response.content) not in (NOT_JSON, EMPTY)
