"""A base URL the clients add paths to: the sandbox's (``--url``, the plugin's), a kit's target
(``--base-url``) and the proxy's upstream (``--upstream``).

Each request's path is written after it, so a base URL ends at its path: after a query
(``?code=…``, a gateway's key) or a fragment (``#top``, pasted from a browser) the path would be
the query's, and the server would answer something else, or nothing useful, for every call.
"""

from __future__ import annotations

NOT_A_BASE = "must end at its path, with no query or fragment"


def ends_at_its_path(url: str) -> bool:
    """Whether paths can be added to ``url``: no query or fragment, not even an empty one (a URL
    spells ``?`` and ``#`` elsewhere only percent-encoded)."""
    return "?" not in url and "#" not in url
