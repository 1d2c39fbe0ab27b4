"""A read's request as a key: all an API handler can read of it (``storage/database/kept_answers.py``).

A handler is given its parameters, parsed from the path, the query and the headers (the bearer
token among them), and may read the request itself through Connexion's context (Bardge's
listings read its path): the key holds those, as sent. ``X-Request-Id`` is left out: the
``RequestIds`` layer, outside every handler, is the only reader of it, and a client that sends
a new one with each poll would otherwise never meet its answer again.
"""

from __future__ import annotations

from collections.abc import Hashable

from connexion.context import _scope

_OUTSIDE_HANDLERS = b"x-request-id"


def request_key() -> Hashable | None:
    """The request's key, or ``None`` where it is not a GET (no other method's answer is kept)."""
    scope = _scope.get()
    if scope["method"] != "GET":
        return None
    # Pairs made tuples: a layer that rewrites headers may leave lists, which do not hash.
    headers = tuple((name, value) for name, value in scope["headers"] if name != _OUTSIDE_HANDLERS)
    return scope["scheme"], scope.get("root_path", ""), scope["path"], scope["query_string"], headers
