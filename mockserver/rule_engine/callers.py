"""Who sent an exchange of a trace: each caller's traffic is followed apart, since ids are per
account and one trace (the kit's, a team's proxy) holds several callers."""

from __future__ import annotations

from mockserver.documents.har import MASK, Exchange, fingerprint_of, header_value

UNTOLD = frozenset({"masked", ""})
"""What ``caller_of`` says of a caller the recording does not tell apart from others."""


def caller_of(exchange: Exchange) -> str:
    """Who sent it, as far as the HAR tells: the fingerprint a masked credential keeps
    (``Bearer ********#1a2b3c4d``), a digest of one left in clear (a devtools export), or one
    caller for every credential masked without a fingerprint."""
    credential = header_value(exchange.request_headers, "authorization")
    masked, _, fingerprint = credential.partition(f"{MASK}#")
    if fingerprint:
        return fingerprint
    if MASK in masked or not credential:
        return "masked" if credential else ""
    return fingerprint_of(credential)
