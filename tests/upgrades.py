"""Requests that ask to change protocol (``Upgrade``), as a browser's WebSocket or ``curl --http2``
to an ``http://`` URL sends them."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

UPGRADES = {
    "websocket": {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
    },
    "h2c": {
        "Connection": "Upgrade, HTTP2-Settings",
        "Upgrade": "h2c",
        "HTTP2-Settings": "AAMAAABkAAQAoAAAAAIAAAAA",
    },
}


def asked_to_upgrade(url: str, upgrade: str, headers: dict[str, str]) -> tuple[int, Any]:
    """A GET of ``url`` asking for ``upgrade`` (of ``UPGRADES``), on a connection of its own: its
    status and JSON body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}", headers={**UPGRADES[upgrade], **headers})
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()
