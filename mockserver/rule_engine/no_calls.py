"""Exchanges that are no call of the API, and why: what every judgement of a trace passes over."""

from __future__ import annotations

from mockserver.documents.har import Exchange

PREFLIGHT = "browsers' CORS preflights"
NO_ANSWER = "requests never answered"
CACHED = "answers from a client's cache"
CONDITIONS = ("if-none-match", "if-modified-since")
NO_CALLS = frozenset({PREFLIGHT, NO_ANSWER, CACHED})
"""Every reason ``no_call`` gives."""


def no_call(exchange: Exchange) -> str | None:
    """Why ``exchange`` is no call of the API, if it is none. A CORS preflight (an ``OPTIONS``
    asking ``Access-Control-Request-Method``) is the browser asking leave to call: the sandbox
    answers it before its API, a vendor's gateway may too, and no spec documents it. A status of
    0 is a browser's recording of a request that got no answer (aborted, blocked, offline). An
    answer from the browser's cache, or a 304 to its conditional request (HTTP's revalidation,
    where a vendor sends an ``ETag``), shows what the server said earlier, not now."""
    if exchange.status == 0:
        return NO_ANSWER
    if exchange.method == "OPTIONS" and "access-control-request-method" in exchange.request_headers:
        return PREFLIGHT
    if exchange.cached or (
        exchange.status == 304 and any(header in exchange.request_headers for header in CONDITIONS)
    ):
        return CACHED
    return None
