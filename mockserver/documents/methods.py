"""HTTP's methods as every reader here takes them: a server of a GET answers HEAD too (RFC 9110
9.3.2, "the server SHOULD send the same header fields in response to a HEAD request as it would
have sent if the request method had been GET"). One reading for the sandbox's 405 and its
``Allow``, the proxy's ``Allow``, and the rule engine that judges a vendor's answer to a HEAD.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence


def answered(method: str, allowed: Collection[str]) -> bool:
    """Whether a path that allows ``allowed`` answers ``method``: HEAD wherever GET is."""
    return method in allowed or (method == "HEAD" and "GET" in allowed)


def with_head(allowed: Sequence[str]) -> tuple[str, ...]:
    """``allowed`` with HEAD beside its GET (right after it), where it has a GET and no HEAD."""
    if "GET" not in allowed or "HEAD" in allowed:
        return tuple(allowed)
    at = list(allowed).index("GET") + 1
    return (*allowed[:at], "HEAD", *allowed[at:])


def read_by(method: str) -> str | None:
    """The method whose documented operation a request of ``method`` is read as, beside its own:
    a HEAD is its GET without a body. None for every other method."""
    return "GET" if method == "HEAD" else None
