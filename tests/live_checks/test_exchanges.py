"""A HAR read defensively (``live_checks/exchanges.py``): whatever a field holds, the file is
read or refused in one line, never a traceback."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.live_checks import exchanges
from mockserver.live_checks.exchanges import UnreadableHar, exchanges_of, read_har

ENTRY = {
    "startedDateTime": "2027-01-11T09:00:00.000Z",
    "time": 12.5,
    "request": {"method": "GET", "url": "http://127.0.0.1:8000/reservekit/v1/bookings/1", "headers": []},
    "response": {
        "status": 200,
        "statusText": "OK",
        "headers": [{"name": "Content-Type", "value": "application/json"}],
        "content": {"mimeType": "application/json", "text": "{}"},
    },
}


def har(**changes: Any) -> dict[str, Any]:
    entry = copy.deepcopy(ENTRY)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = entry
        for key in parents:
            node = node[key]
        node[last] = value
    return {"log": {"entries": [entry]}}


def test_an_entry_as_har_writes_it_is_read() -> None:
    [exchange] = exchanges_of(har(), "mine.har")
    assert (exchange.method, exchange.status, exchange.duration_ms) == ("GET", 200, 12.5)
    assert exchange.response_headers == {"content-type": "application/json"}


def test_an_unknown_time_reads_as_none_spent() -> None:
    assert exchanges_of(har(time=-1), "mine.har")[0].duration_ms == 0
    assert exchanges_of(har(time=None), "mine.har")[0].duration_ms == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"time": 10**20},  # past the calendar once added to its start: a rule's OverflowError
        {"time": float("nan")},
        {"time": "soon"},
        {"startedDateTime": "9999-12-31T23:59:59Z", "time": 86_400_000},
        {"response__content": "x"},  # an object's place: a rule's AttributeError
        {"request__headers": [{"name": "X"}]},
        {"response__status": None},
        {"request": []},
        # JSON spells a lone surrogate, UTF-8 does not: a rule fingerprinting the credential failed.
        {"request__headers": [{"name": "Authorization", "value": "Bearer \ud800"}]},
        {"request__url": "http://127.0.0.1:8000/reservekit/v1/bookings/\udfff"},
    ],
    ids=str,
)
def test_a_field_that_is_not_hars_refuses_the_file_in_one_line(changes: dict[str, Any]) -> None:
    with pytest.raises(UnreadableHar, match=r"^mine\.har: log\.entries\[0\] is not a HAR entry"):
        exchanges_of(har(**changes), "mine.har")


@pytest.mark.parametrize(
    "document", [None, [], {"log": None}, {"log": []}, {"log": {"entries": {}}}], ids=str
)
def test_a_document_that_is_no_har_log_is_named(document: Any) -> None:
    with pytest.raises(UnreadableHar, match=r"^mine\.har: not a HAR log"):
        exchanges_of(document, "mine.har")


ANSWER = '{"data": {"id": 1}}'


@pytest.mark.parametrize(
    ("content", "body", "length"),
    [
        ({"size": len(ANSWER), "text": ANSWER}, ANSWER, None),
        ({"size": -1, "text": ANSWER}, ANSWER, None),  # Playwright's "minimal" mode knows no size
        ({"size": 0, "text": ""}, "", None),  # an answer that was empty
        ({"size": 0}, "", None),  # a 204 as Chrome writes it
        # HAR leaves the text out "if the information is not available": no empty answer.
        ({"size": len(ANSWER)}, "", len(ANSWER)),
        ({"size": -1}, "", -1),  # Playwright, for an answer its page never read
        ({"size": len(ANSWER), "text": ""}, "", len(ANSWER)),
        ({"size": len(ANSWER), "text": ANSWER[:8]}, ANSWER[:8], len(ANSWER)),  # cut at a size
    ],
    ids=str,
)
def test_an_answer_is_held_whole_or_marked_as_not(
    content: dict[str, Any], body: str, length: int | None
) -> None:
    [exchange] = exchanges_of(har(response__content={"mimeType": "application/json", **content}), "mine.har")
    assert (exchange.response_body, exchange.response_length) == (body.encode(), length)
    assert exchange.response_kept is (length is None)


@pytest.mark.parametrize(
    ("sent", "body", "length"),
    [
        ({"bodySize": 0}, "", None),
        ({"bodySize": -1}, "", None),  # HAR's postData is optional: a request without one sent none
        (
            {"bodySize": 14, "postData": {"mimeType": "application/json", "text": '{"date": null}'}},
            '{"date": null}',
            None,
        ),
        # Playwright's content "omit": the text empty, the size said.
        ({"bodySize": 14, "postData": {"mimeType": "application/json", "text": "", "params": []}}, "", 14),
    ],
    ids=str,
)
def test_a_request_body_is_held_whole_or_marked_as_not(
    sent: dict[str, Any], body: str, length: int | None
) -> None:
    document = har(request={**ENTRY["request"], "method": "POST", **sent})  # type: ignore[dict-item]
    [exchange] = exchanges_of(document, "mine.har")
    assert (exchange.request_body, exchange.request_length) == (body.encode(), length)


def playwright_attached(folder: Path) -> Path:
    """A HAR as Playwright's ``recordHar`` writes it with ``content: 'attach'``: each body in a
    file beside it, named by its SHA-1."""
    document = har(
        response__content={"size": len(ANSWER), "mimeType": "application/json", "_file": "a1.json"}
    )
    entry = document["log"]["entries"][0]
    entry["request"].update(
        method="POST", bodySize=2, postData={"mimeType": "application/json", "text": "", "_file": "r1.json"}
    )
    (folder / "a1.json").write_text(ANSWER)
    (folder / "r1.json").write_text("{}")
    (folder / "session.har").write_text(json.dumps(document))
    return folder / "session.har"


def test_bodies_in_files_beside_the_har_are_read(tmp_path: Path) -> None:
    [exchange] = read_har(playwright_attached(tmp_path))
    assert (exchange.request_body, exchange.response_body) == (b"{}", ANSWER.encode())
    assert exchange.request_kept
    assert exchange.response_kept
    # The HAR copied without its files: the bodies are not in the recording, and said so.
    (tmp_path / "a1.json").unlink()
    [exchange] = read_har(tmp_path / "session.har")
    assert (exchange.response_body, exchange.response_kept) == (b"", False)


@pytest.mark.parametrize("name", ["../secret.json", "/etc/hostname", "sub/a1.json", "..", ""])
def test_a_body_file_is_named_plainly_never_by_a_path(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "har"
    folder.mkdir()
    path = playwright_attached(folder)
    (tmp_path / "secret.json").write_text('{"secret": 1}')
    (folder / "sub").mkdir()
    (folder / "sub" / "a1.json").write_text(ANSWER)
    document = json.loads(path.read_text())
    document["log"]["entries"][0]["response"]["content"]["_file"] = name
    path.write_text(json.dumps(document))
    [exchange] = read_har(path)
    assert (exchange.response_body, exchange.response_kept) == (b"", False)


def zipped(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_as_playwright_writes_it_is_read_with_its_bodies(tmp_path: Path) -> None:
    beside = playwright_attached(tmp_path)
    members = {name: (tmp_path / name).read_bytes() for name in ("a1.json", "r1.json")}
    recording = zipped(tmp_path / "session.zip", {"har.har": beside.read_bytes(), **members})
    [exchange] = read_har(recording)
    assert (exchange.request_body, exchange.response_body) == (b"{}", ANSWER.encode())


def test_a_zipped_folder_is_read_and_a_body_named_twice_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person zips the folder Playwright wrote (the HAR and its bodies under a folder in the
    zip); a polled answer is one file named by every entry that got it."""
    beside = playwright_attached(tmp_path)
    document = json.loads(beside.read_text())
    document["log"]["entries"] *= 3
    members = {f"session/{name}": (tmp_path / name).read_bytes() for name in ("a1.json", "r1.json")}
    recording = zipped(
        tmp_path / "session.zip", {"session/session.har": json.dumps(document).encode(), **members}
    )
    inflated: list[str] = []
    read = zipfile.ZipFile.read
    monkeypatch.setattr(
        zipfile.ZipFile, "read", lambda self, info, *a: inflated.append(info.filename) or read(self, info, *a)
    )
    found = read_har(recording)
    assert [e.response_body for e in found] == [ANSWER.encode()] * 3
    assert sorted(inflated) == ["session/a1.json", "session/r1.json", "session/session.har"]


@pytest.mark.parametrize(
    ("members", "said"),
    [
        ({"a1.json": b"{}"}, "a zip with no .har file, where a recording holds one"),
        ({"one.har": b"{}", "two.har": b"{}"}, "a zip with 2 .har files, where a recording holds one"),
        ({"har.har": b"[1,"}, "not JSON"),
    ],
    ids=["no har", "two hars", "broken har"],
)
def test_a_zip_that_is_no_recording_is_refused_in_one_line(
    tmp_path: Path, members: dict[str, bytes], said: str
) -> None:
    with pytest.raises(UnreadableHar, match=re.escape(said)):
        read_har(zipped(tmp_path / "session.zip", members))


def encrypted(path: Path) -> None:
    """The zip's every member marked as encrypted, as ``zip -P`` marks it (bit 0 of the flags
    in each local header and each central directory entry)."""
    data = bytearray(path.read_bytes())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flags_at] |= 0x1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def corrupted(path: Path) -> None:
    """The first member's deflated bytes overwritten: they no longer inflate to its checksum."""
    data = bytearray(path.read_bytes())
    start = 30 + int.from_bytes(data[26:28], "little") + int.from_bytes(data[28:30], "little")
    data[start : start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (encrypted, r"session\.zip:har\.har: encrypted, and check-har reads no zip that needs a password$"),
        (corrupted, r"session\.zip:har\.har: cannot be inflated \("),
    ],
    ids=["encrypted", "corrupted"],
)
def test_a_zip_whose_har_cannot_be_read_is_refused_in_one_line(
    tmp_path: Path, spoil: Callable[[Path], None], said: str
) -> None:
    """(An encrypted zip was a RuntimeError's traceback.)"""
    recording = zipped(tmp_path / "session.zip", {"har.har": json.dumps(har()).encode() * 50})
    spoil(recording)
    with pytest.raises(UnreadableHar, match=said):
        read_har(recording)


def test_a_zip_inflating_past_the_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member says its size before it is inflated: a body of 64 KiB that inflates to 64 MiB
    is refused by what it says, never inflated."""
    monkeypatch.setattr(exchanges, "MAX_HAR_BYTES", 2**20)
    beside = playwright_attached(tmp_path)
    bomb = zipped(
        tmp_path / "session.zip",
        {"har.har": beside.read_bytes(), "r1.json": b"{}", "a1.json": b" " * (64 * 2**20)},
    )
    assert bomb.stat().st_size < 2**20
    inflated: list[str] = []
    read = zipfile.ZipFile.read
    monkeypatch.setattr(
        zipfile.ZipFile, "read", lambda self, info, *a: inflated.append(info.filename) or read(self, info, *a)
    )
    with pytest.raises(
        UnreadableHar, match=r"session\.zip:a1\.json: the recording's files pass 1 MiB together"
    ):
        read_har(bomb)
    assert "a1.json" not in inflated
