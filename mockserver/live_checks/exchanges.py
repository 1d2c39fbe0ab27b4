"""Exchanges read from a HAR 1.2 document, whoever wrote it: the proxy, the contract kit, the
sandbox's journal or a browser's devtools. The file enters whole, so it is read defensively:
what is not a HAR is one line saying why, never a traceback."""

from __future__ import annotations

import base64
import binascii
import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mockserver.documents.har import Exchange

# A devtools export of a long session is tens of MB; past this the file is refused unread.
MAX_HAR_BYTES = 512 * 1024 * 1024


class UnreadableHar(ValueError):
    """The file is missing, not JSON, or not a HAR 1.2 log."""


def read_har(path: Path) -> list[Exchange]:
    try:
        if path.stat().st_size > MAX_HAR_BYTES:
            raise UnreadableHar(f"{path}: larger than {MAX_HAR_BYTES // 2**20} MiB")
        document = json.loads(path.read_bytes())
    except OSError as error:
        raise UnreadableHar(f"{path}: cannot be read: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableHar(f"{path}: not JSON: {error}") from None
    except RecursionError:
        raise UnreadableHar(f"{path}: JSON nested too deep to read") from None
    return exchanges_of(document, str(path))


def exchanges_of(document: Any, source: str) -> list[Exchange]:
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise UnreadableHar(f"{source}: not a HAR log (no log.entries list)")
    exchanges = []
    for n, entry in enumerate(entries):
        try:
            exchanges.append(_exchange(entry))
        # A field of another type than HAR's (an object where text is, a number past the
        # calendar) is what reading it raises: one line, never a traceback.
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, binascii.Error) as error:
            raise UnreadableHar(f"{source}: log.entries[{n}] is not a HAR entry ({error!s:.80})") from None
    return sorted(exchanges, key=lambda e: e.started)  # a HAR need not list them in order


def _exchange(entry: dict[str, Any]) -> Exchange:
    request, response = entry["request"], entry["response"]
    return Exchange(
        started=_instant(entry.get("startedDateTime")),
        method=_text(request["method"]).upper(),
        url=_text(request["url"]),
        request_headers=_headers(request.get("headers", [])),
        request_body=str((request.get("postData") or {}).get("text", "")).encode(),
        status=int(response["status"]),
        reason=_text(response.get("statusText", "")),
        response_headers=_headers(response.get("headers", [])),
        response_body=_content(response.get("content") or {}),
        duration_ms=_duration(entry.get("time")),
        comment=_text(entry.get("comment", "")),
        cached=bool(entry.get("_fromCache")),
    )


# No HTTP exchange lasts a week.
LONGEST_MS = 7 * 24 * 3600 * 1000
# The rules read when an exchange was answered, its start plus its time: both on the calendar.
LATEST_START = datetime.max.replace(tzinfo=UTC) - timedelta(milliseconds=LONGEST_MS)


def _duration(value: Any) -> float:
    """``time`` in milliseconds; HAR's -1 (not known), or none, as 0."""
    duration = float(value or 0)
    if not math.isfinite(duration) or duration > LONGEST_MS:
        raise ValueError(f"time: {value!r} ms is no exchange's duration")
    return max(duration, 0.0)


def _headers(pairs: list[dict[str, Any]]) -> dict[str, str]:
    # HTTP/2 captures spell names in lower case, HTTP/1.1 ones as sent: one spelling to look up.
    return {_text(pair["name"]).lower(): _text(pair["value"]) for pair in pairs}


def _text(value: Any) -> str:
    """A HAR string as text a wire could carry: JSON admits a lone surrogate, which no UTF-8
    spells, and a rule that encodes the text (a credential's fingerprint) would fail on it."""
    text = str(value)
    try:
        text.encode()
    except UnicodeEncodeError:
        raise ValueError(f"{text!a:.40} is not text a wire carries") from None
    return text


def _content(content: dict[str, Any]) -> bytes:
    text = str(content.get("text", ""))
    if content.get("encoding") == "base64":
        return base64.b64decode(text, validate=True)
    return text.encode()


def _instant(text: Any) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    instant = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    if instant > LATEST_START:
        raise ValueError(f"startedDateTime: {text!s:.40} leaves no room on the calendar for its time")
    return instant
