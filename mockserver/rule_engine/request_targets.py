"""Request targets HTTP lets a server refuse as bad (400) before it looks for an operation.

RFC 9112 (3.2) has a server answer an invalid request-target 400. A path that, percent-decoded,
holds a control character or bytes that are not UTF-8 names no resource a spec can document,
and servers refuse it so (the sandbox itself, nginx, most WAFs); Schemathesis sends
``/schemathesis-probe%5C%1B%01`` to every API it tests. Judged as an undocumented operation
that was served, the 400 was a finding on every correct target Schemathesis had met."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def bad_target(url: str) -> bool:
    """Whether ``url``'s path is one no documented path could be spelt as: a control character
    (sent, or percent-encoded), a ``%`` that begins no escape, or escapes that are not UTF-8."""
    path = urlsplit(url).path
    if _BROKEN_ESCAPE.search(path):
        return True
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return _CONTROL.search(decoded) is not None
