"""Exchanges read from a HAR 1.2 document, whoever wrote it: the proxy, the contract kit, the
sandbox's journal, a browser's devtools or Playwright (whose bodies may be files beside the
HAR, or members of a zip with it). The file enters whole, so it is read defensively: what is
not a HAR is one line saying why, never a traceback.

A body the recording does not hold whole (left out, cut at a bound, in a file that is not
there) is marked so on its exchange, and never read as the body sent: a HAR saved without
content is no vendor answering empty."""

from __future__ import annotations

import base64
import binascii
import io
import json
import math
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mockserver.documents.har import UPSTREAM_FAULT, Exchange
from mockserver.live_checks.encodings import as_recorded
from mockserver.live_checks.har_entries import at_fault

# A devtools export of a long session is tens of MB; past this the file is refused unread.
MAX_HAR_BYTES = 512 * 1024 * 1024


class UnreadableHar(ValueError):
    """The file is missing, not JSON, or not a HAR 1.2 log."""


Attached = Callable[[str], bytes | None]
"""A body kept outside the HAR (Playwright's ``_file``) by its name; None where it is not there."""


STDIN = Path("-")  # standard input: ``booking-sandbox journal har | check-har -``


def read_har(path: Path) -> list[Exchange]:
    """The recording at ``path`` (a HAR, or Playwright's zip of one), or on standard input."""
    source = "standard input" if path == STDIN else str(path)
    try:
        piped = sys.stdin.buffer.read(MAX_HAR_BYTES + 1) if path == STDIN else None
        if (path.stat().st_size if piped is None else len(piped)) > MAX_HAR_BYTES:
            raise UnreadableHar(f"{source}: larger than {MAX_HAR_BYTES // 2**20} MiB")
        data = path if piped is None else io.BytesIO(piped)
        if zipfile.is_zipfile(data):
            return _read_zip(data, source)
        document = json.loads(path.read_bytes() if piped is None else piped)
    except OSError as error:
        raise UnreadableHar(f"{source}: cannot be read: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableHar(f"{source}: not JSON: {error}") from None
    except RecursionError:
        raise UnreadableHar(f"{source}: JSON nested too deep to read") from None
    # Bodies in files beside it are beside a file only.
    return exchanges_of(document, source, _nothing_attached if path == STDIN else _beside(path.parent))


Located = Callable[[str], tuple[int, Callable[[], bytes]] | None]
"""A kept body's size and how to read it, by its name; None where it is not there."""


class _Files:
    """Bodies kept outside the HAR (Playwright's ``_file``), each read once however many
    entries name it (Playwright names a body by its SHA-1, so a polled answer is one file),
    and all of them together within ``MAX_HAR_BYTES``: a zip says each member's size before it
    is inflated, so a bomb is refused unread. A body is named plainly, never by a path."""

    def __init__(self, where: str, locate: Located) -> None:
        self._where = where
        self._locate = locate
        self._left = MAX_HAR_BYTES
        self._bodies: dict[str, bytes | None] = {}

    def __call__(self, name: str) -> bytes | None:
        if name not in self._bodies:
            plain = name and "/" not in name and "\\" not in name and name not in (".", "..")
            found = self._locate(name) if plain else None
            self._bodies[name] = None if found is None else self.take(name, *found)
        return self._bodies[name]

    def take(self, name: str, size: int, read: Callable[[], bytes]) -> bytes:
        """``read()``, the file ``name`` of ``size`` bytes, within what is left of the bound."""
        self._left -= size
        if self._left < 0:
            bound = MAX_HAR_BYTES // 2**20
            raise UnreadableHar(f"{self._where}:{name}: the recording's files pass {bound} MiB together")
        return read()


def _beside(folder: Path) -> Attached:
    """Bodies in files beside the HAR, as Playwright's ``recordHar`` writes them to a ``.har``
    path with ``content: 'attach'``."""

    def locate(name: str) -> tuple[int, Callable[[], bytes]] | None:
        file = folder / name
        return (file.stat().st_size, file.read_bytes) if file.is_file() else None

    return _Files(str(folder), locate)


def _read_zip(path: Path | io.BytesIO, source: str) -> list[Exchange]:
    """Playwright's ``recordHar`` to a ``.zip`` path: the HAR as a member, each body another."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
            hars = [name for name in members if name.lower().endswith(".har")]
            if len(hars) != 1:
                said = "no .har file" if not hars else f"{len(hars)} .har files"
                raise UnreadableHar(f"{source}: a zip with {said}, where a recording holds one")
            # The bodies beside the HAR: at the zip's root as Playwright writes it, or in a
            # folder with the HAR where a person zipped one.
            folder = hars[0].rpartition("/")[0]

            def locate(name: str) -> tuple[int, Callable[[], bytes]] | None:
                info = members.get(f"{folder}/{name}" if folder else name)
                return None if info is None else (info.file_size, partial(_inflated, archive, info, source))

            files = _Files(source, locate)
            har = members[hars[0]]
            document = json.loads(
                files.take(hars[0], har.file_size, partial(_inflated, archive, har, source))
            )
            return exchanges_of(document, f"{source}:{hars[0]}", files)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
        raise UnreadableHar(f"{source}: a zip that cannot be read: {error}") from None


def _inflated(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str) -> bytes:
    """A member of the zip, or one line on why it cannot be read (a password, bytes that do not
    inflate, a checksum that does not hold), never a traceback."""
    where = f"{source}:{member.filename}"
    if member.flag_bits & 0x1:
        raise UnreadableHar(f"{where}: encrypted, and check-har reads no zip that needs a password")
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error) as error:
        raise UnreadableHar(f"{where}: cannot be inflated ({error})") from None


def _nothing_attached(name: str) -> bytes | None:
    return None


def exchanges_of(document: Any, source: str, attached: Attached = _nothing_attached) -> list[Exchange]:
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise UnreadableHar(f"{source}: not a HAR log (no log.entries list)")
    exchanges = []
    for n, entry in enumerate(entries):
        try:
            exchanges.append(_exchange(entry, attached))
        except UnreadableHar:
            raise  # the recording's own files: said in their own words
        # A field of another type than HAR's, or past the calendar: one line, never a traceback.
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError, binascii.Error) as error:
            said = at_fault(entry) or f"{error!s:.80}"
            raise UnreadableHar(f"{source}: log.entries[{n}] is not a HAR entry ({said})") from None
    return sorted(exchanges, key=lambda e: e.started)  # a HAR need not list them in order


def _exchange(entry: dict[str, Any], attached: Attached) -> Exchange:
    request, response = entry["request"], entry["response"]
    request_body, request_length = _posted(request, attached)
    response_body, response_length = _content(response, attached)
    return Exchange(
        started=_instant(entry.get("startedDateTime")),
        method=_text(_string(request["method"])).upper(),
        url=_url(_text(_string(request["url"]))),
        request_headers=_headers(request.get("headers", [])),
        request_body=request_body,
        status=_status(response["status"]),
        reason=_text(response.get("statusText", "")),
        response_headers=_headers(response.get("headers", [])),
        response_body=response_body,
        duration_ms=_duration(entry.get("time")),
        comment=_text(entry.get("comment", "")),
        cached=bool(entry.get("_fromCache")),
        request_length=request_length,
        response_length=response_length,
        upstream_fault=_text(entry.get(UPSTREAM_FAULT, "")),
    )


LONGEST_MS = 7 * 24 * 3600 * 1000  # no HTTP exchange lasts a week
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


def _string(value: Any) -> str:
    """A field HAR has as text (a method, a URL): ``null`` was judged as the method ``NONE``."""
    if not isinstance(value, str):
        raise TypeError(f"{value!r:.40} where text is")
    return value


def _url(text: str) -> str:
    """A URL as the rules read it: one urllib cannot (``http://[::1/…``) had been a traceback."""
    try:
        urlsplit(text)
    except ValueError as error:
        raise ValueError(f"request.url cannot be read as a URL ({error})") from None
    return text


def _status(value: Any) -> int:
    """An answer's status: HAR's integer, or its digits as text; a boolean or a fraction is none."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{value!r:.40} is no status")
    return int(value)


def _text(value: Any) -> str:
    """A HAR string as text a wire could carry: JSON admits a lone surrogate, which no UTF-8
    spells, and a rule that encodes the text (a credential's fingerprint) would fail on it."""
    text = str(value)
    try:
        text.encode()
    except UnicodeEncodeError:
        raise ValueError(f"{text!a:.40} is not text a wire carries") from None
    return text


def _posted(request: dict[str, Any], attached: Attached) -> tuple[bytes, int | None]:
    """The request body and, where the recording holds less of it, its whole length. HAR's
    ``postData`` is optional, and a request without one sent no body, unless its ``bodySize``
    says it sent some (Playwright's ``content: 'omit'`` keeps an empty text and the size)."""
    posted = request.get("postData") or {}
    if "_file" in posted:
        return _attachment(posted["_file"], attached)
    return _held(str(posted.get("text", "")).encode(), request.get("bodySize"))


def _content(response: dict[str, Any], attached: Attached) -> tuple[bytes, int | None]:
    """The response body and, where the recording holds less of it, its whole length. HAR's
    ``content.text`` is left out "if the information is not available": that is no empty
    answer, unless the content's size says it was (a 204's ``0``)."""
    content = response.get("content") or {}
    if "_file" in content:
        return _attachment(content["_file"], attached)
    if "text" not in content:
        size = _size(content.get("size"))
        empty = size == 0 or (size is None and response.get("bodySize") == 0)
        return b"", None if empty else (size or -1)
    text = str(content["text"])
    raw = base64.b64decode(text, validate=True) if content.get("encoding") == "base64" else None
    coding = _headers(response.get("headers") or []).get("content-encoding", "")
    body = text.encode() if raw is None else as_recorded(raw, coding)
    return _held(body, content.get("size"))


def _held(body: bytes, declared: Any) -> tuple[bytes, int | None]:
    """``body``, and the whole length where the recording says the body was longer (cut)."""
    size = _size(declared)
    return body, size if size is not None and size > len(body) else None


def _size(value: Any) -> int | None:
    """A HAR size in bytes, None where it is not known (HAR's -1, or none)."""
    if value is None or isinstance(value, bool):
        return None
    size = int(value)
    return size if size >= 0 else None


def _attachment(name: Any, attached: Attached) -> tuple[bytes, int | None]:
    body = attached(_text(name))
    return (b"", -1) if body is None else (body, None)


def _instant(text: Any) -> datetime:
    if not text:
        return datetime.min.replace(tzinfo=UTC)
    instant = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    instant = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    if instant > LATEST_START:
        raise ValueError(f"startedDateTime: {text!s:.40} leaves no room on the calendar for its time")
    return instant
