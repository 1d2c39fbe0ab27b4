"""SPEC-MEDIA-TYPE: an operation's media types are taken and given in any spelling HTTP allows.

A media type's name is case-insensitive and may carry parameters after it (RFC 9110 8.3.1); a
``charset`` on JSON has no effect (RFC 8259 11). A vendor that compares the header's text with
its own client's refuses a .NET or Spring client's every body (``application/json;
charset=utf-8``) as unsupported, or an axios ``Accept`` (``application/json, text/plain, */*``)
as not acceptable, and a spec that documents 415 and 406 for what it truly cannot take leaves
SPEC-STATUS nothing to see. A header is read as the sandbox's own request check reads it
(``documents/media_types.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mockserver.documents.har import Exchange, header_value
from mockserver.documents.media_types import admits, media_type_of, parameters_of

from .findings import Finding

RULE = "SPEC-MEDIA-TYPE"
UNSUPPORTED, NOT_ACCEPTABLE = 415, 406


def media_type_findings(
    index: int, exchange: Exchange, operation: str, takes: Iterable[str], gives: Iterable[str]
) -> Iterator[Finding]:
    """``exchange``'s refusal of a spelling of a type ``operation`` takes (its request body's
    types) or gives (its 2xx answers' types), if it is one."""
    if exchange.status == UNSUPPORTED:
        given = header_value(exchange.request_headers, "content-type")
        taken = {name.lower() for name in takes}
        if given and _plain_json_charset(given) and media_type_of(given) in taken and not _encoded(exchange):
            yield Finding.of(
                RULE,
                index,
                exchange,
                f"refused as unsupported a body sent as {given!r}, a spelling of a type {operation} takes",
            )
    elif exchange.status == NOT_ACCEPTABLE:
        accept = header_value(exchange.request_headers, "accept")
        admitted = [name for name in gives if admits(accept, name.lower())]
        if admitted:
            said = f"an Accept of {accept!r}" if accept else "no Accept (any type)"
            yield Finding.of(
                RULE,
                index,
                exchange,
                f"refused as not acceptable {said}, which admits {admitted[0]}, a type {operation} gives",
            )


def _plain_json_charset(given: str) -> bool:
    """No parameter but a charset of UTF-8: another charset, or a parameter JSON does not define,
    may be refused."""
    return all((name, value.lower()) == ("charset", "utf-8") for name, value in parameters_of(given))


def _encoded(exchange: Exchange) -> bool:
    coding = header_value(exchange.request_headers, "content-encoding").strip().lower()
    return coding not in ("", "identity")


def content_types(node: Any) -> list[str]:
    """The media types a spec node's ``content`` names (a request body's, or an answer's)."""
    content = (node or {}).get("content") if isinstance(node, dict) else None
    return [str(name) for name in content] if isinstance(content, dict) else []
