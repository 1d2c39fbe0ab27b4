"""What every API's passive rules share: the rule set's shape, and how an observed exchange is read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mockserver.documents.har import Exchange, header_value

from .findings import Finding
from .operations import Operation

if TYPE_CHECKING:
    from .vocabulary import Vocabulary


class Rules:
    """One API's passive rules over one stream of traffic; ``observe`` sees each exchange once,
    in the order it happened."""

    ids: tuple[str, ...] = ()
    words: Vocabulary | None = None
    """The API's words for the invariants every booking API keeps (``vocabulary.py``)."""

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        raise NotImplementedError

    def unmatched(self, index: int, exchange: Exchange) -> Iterator[Finding]:
        """An exchange no documented operation matches, for the rules that follow one there."""
        return iter(())


def succeeded(exchange: Exchange) -> bool:
    return 200 <= exchange.status < 300


def answer_header(exchange: Exchange, name: str) -> str:
    """A header of the answer."""
    return header_value(exchange.response_headers, name)


def named_path(url: str) -> str:
    """The path of a URL an answer names (``Location``), '' where it names none or cannot be read:
    a vendor's header is the vendor's to spell, and ``http://[x/…`` made urllib raise, which
    stopped a proxy's or a kit's judging of every exchange after it."""
    try:
        return urlsplit(url).path.rstrip("/")
    except ValueError:
        return ""


def sent_header(exchange: Exchange, name: str) -> str:
    """A header of the request."""
    return header_value(exchange.request_headers, name)


def error_code(body: Any) -> str:
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def bookings_in(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("bookings"), list):
        return [b for b in data["bookings"] if isinstance(b, dict)]
    return [data] if isinstance(data, dict) and "id" in data and "time_slot_id" in data else []
