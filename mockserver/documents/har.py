"""HTTP Archive (HAR 1.2) documents, as browsers and proxies read them.

Kept apart from any HTTP library: the contract kit records what it sent with
``requests``, the sandbox records what it served, and both hand plain
``Exchange`` values here. See http://www.softwareishard.com/blog/har-12-spec/.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mockserver.documents.json_depth import nested_within

CREATOR = {"name": "booking-sandbox", "version": "0.1.0"}
MASK = "********"
# A value masked already (a proxy's, with its caller's fingerprint), kept as it is when journaled.
_MASKED = re.compile(r"^(\S+ )?\*{8}(#[0-9a-f]{8})?$")
SIGNATURE_HEADER = "Sandbox-Signature"
"""What signs a sandbox's webhook delivery: a HAR of its journal tells the deliveries by it."""
# Headers that carry credentials or signatures: kept by name, never by value.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", SIGNATURE_HEADER.lower()}
)


def masked_headers(
    headers: Iterable[tuple[str, str]], *, keep_scheme: bool = False, fingerprint: bool = False
) -> dict[str, str]:
    """Headers with every secret's value masked; ``keep_scheme`` keeps e.g. ``Bearer`` readable,
    and ``fingerprint`` adds the first 32 bits of the secret's SHA-256 (``********#1a2b3c4d``):
    nothing to recover a key from, but enough for a traffic check to tell two callers apart."""
    masked = {}
    for name, value in headers:
        if name.lower() not in SECRET_HEADERS or _MASKED.match(value):
            masked[name] = value
            continue
        scheme, _, secret = value.partition(" ")
        hidden = f"{MASK}#{fingerprint_of(value)}" if fingerprint else MASK
        masked[name] = f"{scheme} {hidden}" if keep_scheme and secret else hidden
    return masked


def fingerprint_of(credential: str) -> str:
    """A header's secret as a caller's fingerprint: the first 32 bits of its SHA-256."""
    return hashlib.sha256(credential.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class Unreadable:
    """A body that is not a JSON document, and why: what a check says where it meets one."""

    why: str


EMPTY = Unreadable("empty")
NOT_JSON = Unreadable("not JSON")
NOT_KEPT = Unreadable("not in the recording whole")
# An answer nested that deep (a broken or hostile vendor's) is unread, and the check reading it
# goes on: on every Python (json_depth.py), where 3.11's parser gave up and 3.13's does not.
TOO_DEEP = Unreadable("JSON nested too deep to read")
READ_DEPTH = 1000
"""The deepest a JSON document read here may nest."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# As the sandbox reads requests: NaN and Infinity, which Python's reader takes, are not JSON.
_STRICT = json.JSONDecoder(parse_constant=_refuse_constant)


def json_document(body: bytes) -> Any:
    """``body`` read as one JSON document, or an ``Unreadable`` saying why it is not one."""
    if not body.strip():
        return EMPTY
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        if not nested_within(text, READ_DEPTH):
            return TOO_DEEP
        return _STRICT.decode(text)
    except RecursionError:  # within the bound, but called from deep enough to pass Python's limit
        return TOO_DEEP
    except ValueError:  # not JSON, not in a JSON encoding, a NaN
        return NOT_JSON


@dataclass(frozen=True)
class Exchange:
    """One request and its response, with the headers as sent (secrets already masked)."""

    started: datetime
    method: str
    url: str
    request_headers: Mapping[str, str]
    request_body: bytes
    status: int
    reason: str
    response_headers: Mapping[str, str]
    response_body: bytes
    duration_ms: float
    comment: str = ""
    cached: bool = False
    """A client's cache answered, not the server: a browser's recording says so (Chrome's
    ``_fromCache``), or the server's 304 to a conditional request left the cached answer."""
    request_length: int | None = None
    """The request body's whole length in bytes where the recording holds less of it: cut at a
    bound (the journal's 64 KiB), or left out (a HAR saved without content; -1 where the length
    is unknown too). None where ``request_body`` is the body sent. A part is never judged: an
    answer cut short is no JSON document, and one left out is no empty answer."""
    response_length: int | None = None
    """The same of the response body."""
    upstream_fault: str = ""
    """The validating proxy's finding where its upstream gave no answer to forward (the answer
    is then the proxy's own 502, kept whole) or broke its answer off (its part kept): the
    exchange is judged by this alone, by the proxy and by check-har reading its recording."""
    base: str | None = None
    """The base path the target serves the API under ("" for a host's root), where the whole
    recording shows it (``check-har`` reads it before judging): the rest of the path is then a
    documented path whole, or none. None: the rule engine learns it as the trace goes
    (``rule_engine/routes.py``)."""

    @property
    def request_kept(self) -> bool:
        """Whether the recording holds the whole request body."""
        return self.request_length is None

    @property
    def response_kept(self) -> bool:
        """Whether the recording holds the whole response body."""
        return self.response_length is None

    # Every check of the rule engine reads the bodies (a Bardge exchange was parsed five times):
    # each is read once, and the document is shared by its readers, none of which changes it.
    @cached_property
    def request_json(self) -> Any:
        """The request body as ``json_document`` reads it; ``NOT_KEPT`` where only part is held."""
        return json_document(self.request_body) if self.request_kept else NOT_KEPT

    @cached_property
    def response_json(self) -> Any:
        """The response body as ``json_document`` reads it; ``NOT_KEPT`` where only part is held."""
        return json_document(self.response_body) if self.response_kept else NOT_KEPT

    def forget_json(self) -> None:
        """Lets go of the documents once the bodies' readers are done: a recording is held whole
        (a HAR being checked, a proxy's for its report), and its documents took half again the
        memory of its bodies."""
        for read in ("request_json", "response_json"):
            self.__dict__.pop(read, None)


def har_document(exchanges: Iterable[Exchange]) -> dict[str, Any]:
    return {"log": {"version": "1.2", "creator": CREATOR, "entries": [_entry(e) for e in exchanges]}}


def har_chunks(exchanges: Iterable[Exchange]) -> Iterator[bytes]:
    """The same document as ``har_document``, written an entry at a time: a journal's export
    holds one entry in memory, however large the journal."""
    head = json.dumps({"log": {"version": "1.2", "creator": CREATOR, "entries": []}})
    opening, closing = head[: -len("]}}")], "]}}"
    yield opening.encode()
    for n, exchange in enumerate(exchanges):
        yield (", " if n else "").encode() + json.dumps(_entry(exchange)).encode()
    yield closing.encode()


def _entry(exchange: Exchange) -> dict[str, Any]:
    request_type = header_value(exchange.request_headers, "content-type")
    response_type = header_value(exchange.response_headers, "content-type")
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _pairs(exchange.request_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(exchange.url).query)],
        "headersSize": -1,
        "bodySize": _whole(exchange.request_body, exchange.request_length),
    }
    if exchange.request_body:
        request["postData"] = {"mimeType": request_type, "text": _text(exchange.request_body)}
    content: dict[str, Any] = {
        "size": _whole(exchange.response_body, exchange.response_length),
        "mimeType": response_type,
    }
    # A body held only in part is written as HAR readers tell one: the part as the text, the
    # whole length as the size; one not held at all has no text (HAR: "leave out this field
    # if the information is not available"), which an empty text would misstate.
    if exchange.response_body or exchange.response_kept:
        content["text"] = _text(exchange.response_body)
    entry = {
        "startedDateTime": exchange.started.isoformat(),
        "time": round(exchange.duration_ms, 3),
        "request": request,
        "response": {
            "status": exchange.status,
            "statusText": exchange.reason,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(exchange.response_headers),
            "content": content,
            "redirectURL": header_value(exchange.response_headers, "location"),
            "headersSize": -1,
            "bodySize": content["size"],
        },
        "cache": {},
        # HAR needs the phases; one request's total is all a client or a server knows.
        "timings": {"send": 0, "wait": round(exchange.duration_ms, 3), "receive": 0},
    }
    if exchange.comment:
        entry["comment"] = exchange.comment
    if exchange.upstream_fault:
        entry[UPSTREAM_FAULT] = exchange.upstream_fault  # HAR's custom fields begin with "_"
    return entry


UPSTREAM_FAULT = "_upstreamFault"
"""The HAR entry's field for ``Exchange.upstream_fault``."""
UPSTREAM = "UPSTREAM"
"""The check ``upstream_fault`` is the finding of, and the rule a proxy's journal keeps it as."""


def _whole(body: bytes, length: int | None) -> int:
    return len(body) if length is None else length


def _pairs(headers: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in headers.items()]


def header_value(headers: Mapping[str, str], name: str) -> str:
    """A header's value, its name in any case (``name`` in lower case); empty where absent."""
    return next((value for key, value in headers.items() if key.lower() == name), "")


def _text(body: bytes) -> str:
    # HAR holds text; an undecodable body is kept readable rather than dropped.
    return body.decode("utf-8", errors="replace")
