"""Media types as both validation layers and an operation's call read them: a request's or an
answer's Content-Type, and which types an operation's list admits."""

from __future__ import annotations

from typing import Any

from connexion import utils
from connexion.datastructures import MediaTypeDict


def content_type_of(headers: Any) -> str | None:
    """Connexion's ``utils.extract_content_type`` (the first Content-Type, as latin-1), which
    also builds a ``typing`` generic on every call: a thirtieth of a GET, over three calls."""
    pairs = headers.items() if isinstance(headers, dict) else headers
    for key, value in pairs:
        name = key.decode("latin-1") if isinstance(key, bytes) else key
        if name.lower() == "content-type":
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return None


def mime_and_encoding(headers: Any, listed: list[str]) -> tuple[str, str]:
    """Both middlewares' ``extract_content_type``: without a Content-Type, the operation's
    first listed type is taken (its consumes or produces)."""
    return typed(content_type_of(headers), listed)


def typed(given: str | None, listed: list[str]) -> tuple[str, str]:
    mime_type, encoding = utils.split_content_type(given)
    if mime_type is None:
        mime_type = listed[0] if listed else "application/octet-stream"
    return mime_type, encoding or "utf-8"


class Accepted:
    """Which media types a list (an operation's consumes or produces) admits, each asked once."""

    def __init__(self, listed: list[str]) -> None:
        self._table = MediaTypeDict([(item.lower(), None) for item in listed])
        self._verdicts: dict[str, bool] = {}

    def __contains__(self, mime_type: str) -> bool:
        verdict = self._verdicts.get(mime_type)
        if verdict is None:
            verdict = mime_type.lower() in self._table
            if len(self._verdicts) < 64:  # a client's made-up types must not grow it
                self._verdicts[mime_type] = verdict
        return verdict
