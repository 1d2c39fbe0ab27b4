"""Which sandbox a request belongs to, from its bearer token.

Every API's token ends in the sandbox key: ReserveKit's ``sk_rsv_…`` key is one
whole, the others are ``role.subject.<sandbox key>``. The control API accepts
any of those, or the bare key, and acts on that key's sandbox only. An API's
request belongs to a sandbox only where its token has that API's own form
(``ApiAdapter.sandbox_key``): a token the API refuses unread opens no sandbox,
so no sandbox's fault rules fire on it, nor does its journal keep it. Schemathesis
probes every operation with ``Bearer SCHEMATHESIS-INVALID-VALUE``, a bare key by
the control API's reading: run against the control API, it had added fault rules
to that sandbox, and every later probe of an API with it was dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_SANDBOX_KEY = re.compile(r"^[A-Za-z0-9_-]{8,130}$")
# What a refusal says a key is, in the words of _SANDBOX_KEY.
KEY_WORDS = "8 to 130 letters, digits, '-' or '_'"


def sandbox_key_of(token: str) -> str | None:
    key = token.rpartition(".")[2]
    return key if _SANDBOX_KEY.match(key) else None


def bearer_key(authorization: str | None, key_of: Callable[[str], str | None] = sandbox_key_of) -> str | None:
    """The sandbox key in an ``Authorization: Bearer …`` value, if it holds one: its token read
    by ``key_of`` (by default as the control API reads it, any token of a sandbox or its key)."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key_of(token.strip())


def bearer_info(token: str) -> dict[str, str] | None:
    """Connexion's key check for the control API: the subject is the sandbox key."""
    key = sandbox_key_of(token)
    return None if key is None else {"sub": key}
