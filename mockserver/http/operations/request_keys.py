"""A read's request as a key: all an API handler can read of it (``storage/database/kept_answers.py``).

A handler is given its parameters, parsed from the path, the query and the headers (the bearer
token among them), and may read the request itself through Connexion's context (Bardge's
listings read its path): the key holds those, as sent. ``X-Request-Id`` is left out: the
``RequestIds`` layer, outside every handler, is the only reader of it, and a client that sends
a new one with each poll would otherwise never meet its answer again.

The key is a 128-bit BLAKE2b digest (as ``validation/passed.py`` keeps answers' bytes), not the
request's parts: a worker notes a thousand requests, and a client's headers may be tens of KiB
each. The parts are joined by NUL, which none of them can hold: HTTP's framing refuses it in a
request line and in headers, and ``MethodGuard`` refuses a path whose decoding holds one before
any handler runs.
"""

from __future__ import annotations

import hashlib

from connexion.context import _scope

_OUTSIDE_HANDLERS = b"x-request-id"


def request_key() -> bytes | None:
    """The request's key, or ``None`` where it is not a GET (no other method's answer is kept)
    or no request is being handled (a handler called directly, as the dashboard's are)."""
    scope = _scope.get(None)
    if scope is None or scope["method"] != "GET":
        return None
    parts = [
        scope["scheme"].encode(),
        scope.get("root_path", "").encode(),
        scope["path"].encode(),
        scope["query_string"],
    ]
    for name, value in scope["headers"]:
        if name != _OUTSIDE_HANDLERS:
            parts += (name, value)
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()
