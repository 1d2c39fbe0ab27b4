"""HTTP's size refusals, which the infrastructure in front of an API answers before the API sees
the request: 413 to a body past its bound (RFC 9110 15.5.14), 414 to a request target past its
own (15.5.15), 431 to header fields past theirs (RFC 6585 5). A correct vendor behind nginx
answers a client's 2 MiB body 413 whatever its document lists; judging that status against the
operation's responses would lay a gateway's limit at the vendor's door.

So where a request crossed the smallest bound a common server or gateway keeps by default, its
size refusal is HTTP's answer and no operation's: nginx's 1 MiB body (``client_max_body_size``),
IIS's 2 KiB query string (``maxQueryString``) and 8 KiB of header fields (Node before 14, and
Apache's 8,190 bytes a field). Under those bounds a 413, 414 or 431 is the vendor's own, judged
as any status. The sandbox's own 431 past a 32 KiB head (README's ``MAX_HEAD_BYTES``) is above
them, so it is exempt too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mockserver.documents.har import Exchange

BODY = 1024 * 1024
TARGET = 2048
HEADERS = 8192


def refused_for_size(exchange: Exchange) -> bool:
    """Whether the exchange is a size refusal of a request past its common bound."""
    if exchange.status == 413:
        return _body_length(exchange) > BODY
    if exchange.status == 414:
        return _target_length(exchange) > TARGET
    if exchange.status == 431:
        # A server may count its request line in: the sandbox's 431 is for the whole head.
        fields = sum(len(name) + len(value) + 4 for name, value in exchange.request_headers.items())
        return fields + _target_length(exchange) > HEADERS
    return False


def _target_length(exchange: Exchange) -> int:
    parts = urlsplit(exchange.url)
    return len(parts.path) + (len(parts.query) + 1 if parts.query else 0)


def _body_length(exchange: Exchange) -> int:
    whole = exchange.request_length
    return whole if whole is not None and whole >= 0 else len(exchange.request_body)
