"""Media types as both validation layers and an operation's call read them: a request's or an
answer's Content-Type, and which types an operation's list admits."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from connexion import utils
from connexion.datastructures import MediaTypeDict

from mockserver.documents.media_types import media_type_of

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def content_type_of(headers: Any) -> str | None:
    """Connexion's ``utils.extract_content_type`` (the first Content-Type, as latin-1), which
    also builds a ``typing`` generic on every call: a thirtieth of a GET, over three calls."""
    return header_of(headers, "content-type")


def header_of(headers: Any, wanted: str) -> str | None:
    """The first header named ``wanted`` (in lower case), as latin-1; None where there is none."""
    pairs = headers.items() if isinstance(headers, dict) else headers
    for key, value in pairs:
        name = key.decode("latin-1") if isinstance(key, bytes) else key
        if name.lower() == wanted:
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return None


def mime_and_encoding(headers: Any, listed: list[str]) -> tuple[str, str]:
    """Both middlewares' ``extract_content_type``: without a Content-Type, the operation's
    first listed type is taken (its consumes or produces)."""
    return typed(content_type_of(headers), listed)


def typed(given: str | None, listed: list[str]) -> tuple[str, str]:
    """The media type, in lower case (RFC 9110 8.3.1: ``Application/JSON`` is JSON) and without
    the space HTTP allows before its parameters (``application/json ; charset=utf-8``, 8.3.1's
    OWS), and the charset ``given`` names, or those of the operation's first listed type."""
    _, encoding = utils.split_content_type(given)
    if given is None:
        given = listed[0] if listed else "application/octet-stream"
    return media_type_of(given), encoding or "utf-8"


class PerType(Generic[K, V]):
    """What ``work_out`` says of each media type (or a key holding one), worked out once: at
    most ``KEPT_TYPES`` are kept, since the types come from clients, who may make them up."""

    def __init__(self, work_out: Callable[[K], V]) -> None:
        self._work_out = work_out
        self._known: dict[K, V] = {}

    def __getitem__(self, key: K) -> V:
        try:
            return self._known[key]
        except KeyError:
            value = self._work_out(key)
            if len(self._known) < KEPT_TYPES:
                self._known[key] = value
            return value


KEPT_TYPES = 64


class Accepted:
    """Which media types a list (an operation's consumes or produces) admits, each asked once."""

    def __init__(self, listed: list[str]) -> None:
        table = MediaTypeDict([(item.lower(), None) for item in listed])
        self._verdicts = PerType[str, bool](lambda mime_type: mime_type.lower() in table)

    def __contains__(self, mime_type: str) -> bool:
        return self._verdicts[mime_type]
