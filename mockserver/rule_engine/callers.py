"""Who sent an exchange of a trace: each caller's traffic is followed apart, since ids are per
account and one trace (the kit's, a team's proxy) holds several callers."""

from __future__ import annotations

import re

from mockserver.documents.har import MASK, Exchange, fingerprint_of, header_value

_FINGERPRINT = re.compile(r"[0-9a-f]{8}")
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


def caller_named(credential: str) -> str:
    """What ``caller_of`` says of a request that sent ``credential``, as someone names it: the
    fingerprint a recording shows (``1a2b3c4d``, ``#1a2b3c4d``, ``Bearer ********#1a2b3c4d``),
    the header's whole value (``Bearer sk_…``) or the bearer token alone. Eight hexadecimal
    digits are read as a fingerprint."""
    value = credential.strip()
    masked, _, fingerprint = value.rpartition("#")
    if _FINGERPRINT.fullmatch(fingerprint) and (not masked or masked.endswith(MASK)):
        return fingerprint
    return fingerprint_of(value if " " in value else f"Bearer {value}")
