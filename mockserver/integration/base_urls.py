"""A base URL the clients add paths to: the sandbox's (``--url``, the plugin's), a kit's target
(``--base-url``) and the proxy's upstream (``--upstream``).

Each request's path is written after it, so a base URL ends at its path: after a query
(``?code=…``, a gateway's key) or a fragment (``#top``, pasted from a browser) the path would be
the query's, and the server would answer something else, or nothing useful, for every call.
"""

from __future__ import annotations

from urllib.parse import urlsplit

NOT_A_BASE = "must end at its path, with no query or fragment"


def unreadable(url: str) -> str | None:
    """Why no client could send to ``url``, or None: an unclosed ``[`` of an IPv6 host or a port
    that is no number in range (urllib raises, httpx too, once asked), or no host at all. Each
    had been a traceback from the command given it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (urllib reads the port on this look)
    except ValueError as error:
        return f"cannot be read as a URL ({error})"
    if not parts.hostname or any(char.isspace() or not char.isprintable() for char in parts.netloc):
        return "names no host a client can reach"
    return None


def ends_at_its_path(url: str) -> bool:
    """Whether paths can be added to ``url``: no query or fragment, not even an empty one (a URL
    spells ``?`` and ``#`` elsewhere only percent-encoded)."""
    return "?" not in url and "#" not in url
