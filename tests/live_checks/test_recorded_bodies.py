"""check-har on a recording that holds a body only in part or not at all: a HAR saved without
content, the journal's body cut at 64 KiB, Playwright's bodies in files. What the recording
does not hold is said and never judged; an answer that really was empty is a finding."""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.control.journal_entries import BODY_LIMIT
from mockserver.live_checks.by_api import check_recording
from mockserver.live_checks.exchanges import exchanges_of
from mockserver.live_checks.har_entries import at_fault
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.chromium import CHROMIUM, NO_CHROMIUM, launched
from tests.commands import Commands
from tests.contract.live import serving
from tests.live_checks.conftest import Check
from tests.live_checks.traffic import START, exchange, rk_booking

KEY = "sk_rsv_recorded_bodies"
MONDAY = "2027-01-11"  # the sandbox stands frozen on Wednesday 2027-01-06
NOT_HELD = "not judged: what {} sent or answered, since the recording does not hold the whole body"


def test_an_answer_that_was_empty_where_json_is_documented_is_a_finding() -> None:
    """An empty 200 passed every check: the schema check skipped an empty body, taking it
    for one the recording left out."""
    verdict = check_recording(
        "reservekit-v1",
        [
            exchange("GET", "/v1/bookings/7", 200, rk_booking(7)),
            exchange("GET", "/v1/bookings/7", 200),
            exchange("POST", "/v1/bookings", 201, rk_booking(8)),
        ],
    )
    assert [finding.line() for finding in verdict.findings] == [
        "FINDING SPEC-RESPONSE #2 GET /v1/bookings/7 -> 200: the answer is empty, where JSON is documented",
        "FINDING SPEC-REQUEST #3 POST /v1/bookings -> 201: "
        "answered 2xx to a request without the body the spec requires",
    ]
    assert verdict.notes == []


def har_of(*entries: tuple[str, str, int, dict[str, Any]]) -> dict[str, Any]:
    """A HAR of calls by one caller (its credential masked), each answer's ``content`` as given."""
    return {
        "log": {
            "entries": [
                {
                    "startedDateTime": f"2027-01-06T15:00:0{n}Z",
                    "request": {
                        "method": method,
                        "url": f"https://staging.vendor.example{path}",
                        "headers": [{"name": "Authorization", "value": "Bearer ********#aaaaaaaa"}],
                    },
                    "response": {"status": status, "headers": [], "content": content},
                }
                for n, (method, path, status, content) in enumerate(entries)
            ]
        }
    }


def test_an_answer_the_recording_left_out_or_cut_is_said_not_judged(tmp_path: Path, check: Check) -> None:
    whole = json.dumps(rk_booking(7))
    recording = har_of(
        ("GET", "/v1/bookings/7", 200, {"size": len(whole), "mimeType": "application/json", "text": whole}),
        ("GET", "/v1/bookings/7", 200, {"size": len(whole), "mimeType": "application/json"}),
        (
            "GET",
            "/v1/bookings/7",
            200,
            {"size": len(whole), "mimeType": "application/json", "text": whole[:20]},
        ),
    )
    ran = check(tmp_path, recording, "--api", "reservekit-v1", "--json", "checks.json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "reservekit-v1: 3 exchanges, 19 checks, no finding"
    assert lines[1].startswith(NOT_HELD.format("2 exchanges"))
    assert json.loads((tmp_path / "checks.json").read_text())["notes"] == lines[1:]
    # The same answers recorded empty are the vendor's: findings.
    for entry in recording["log"]["entries"][1:]:
        entry["response"]["content"] = {"size": 0, "mimeType": "application/json", "text": ""}
    ran = check(tmp_path, recording, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert ran.stdout.count("the answer is empty, where JSON is documented") == 2


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("bodies") / "sandbox.db"
    # Requests past the journal's 64 KiB, so that it keeps one only in part.
    settings = Settings.load(
        {"db": str(db), "start_at": START, "frozen": True, "max_body_bytes": 4 * BODY_LIMIT}, environ={}
    )
    with serving(create_app(settings)) as origin:
        yield origin


def test_a_journal_body_cut_at_its_bound_is_not_judged(sandbox: str, tmp_path: Path, check: Check) -> None:
    """The journal keeps a body's first 64 KiB: read back as the body, a booking padded past it
    was "answered 2xx to a body that is not JSON", against the sandbox's own journal."""
    with httpx.Client(base_url=sandbox, headers={"Authorization": f"Bearer {KEY}"}) as http:
        slots = http.get(
            "/reservekit/v1/time-slots", params={"service_id": 1, "date": MONDAY, "no_pagination": "true"}
        )
        slot = next(s for s in slots.json()["data"]["time_slots"] if s["available_bookings"] > 0)
        booking = {"date": MONDAY, "time_slot_id": slot["id"], "customer_email": "ada@example.com"}
        padded = json.dumps(booking) + " " * (BODY_LIMIT + 100)  # JSON allows the spaces
        made = http.post(
            "/reservekit/v1/bookings",
            params={"service_id": 1},
            content=padded,
            headers={"Content-Type": "application/json"},
        )
        assert made.status_code == 201, made.text
        har = http.get("/_sandbox/journal/har").json()
    created = har["log"]["entries"][-1]
    assert created["request"]["bodySize"] == len(padded)
    assert len(created["request"]["postData"]["text"]) == BODY_LIMIT
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == [
        "reservekit-v1: 2 exchanges, 19 checks, no finding",
        f"{NOT_HELD.format('1 exchange')} (saved without content, cut at a size, or in a file beside it that is "
        "not there); their statuses and headers were judged",
    ]


# An integrator's page: finds a slot, books it, reads, cancels and lists, reading every answer.
PAGE_SESSION = """async ([key, monday]) => {
  const headers = {Authorization: 'Bearer ' + key, 'Content-Type': 'application/json'};
  const api = '/reservekit/v1';
  const query = '/time-slots?service_id=1&no_pagination=true&date=' + monday;
  const slots = await (await fetch(api + query, {headers})).json();
  const slot = slots.data.time_slots.find((s) => s.available_bookings > 0);
  const body = JSON.stringify({date: monday, time_slot_id: slot.id, customer_email: 'page@example.com'});
  const made = await (await fetch(api + '/bookings?service_id=1', {method: 'POST', headers, body})).json();
  await (await fetch(api + '/bookings/' + made.data.id, {headers})).json();
  await (await fetch(api + '/bookings/' + made.data.id, {method: 'DELETE', headers})).json();
  await (await fetch(api + '/bookings?service_id=1&page=1&page_size=5', {headers})).json();
}"""
# Playwright's ways of keeping content, by where each writes its recording.
WAYS = {"embed.har": "embed", "omit.har": "omit", "attach.zip": "attach", "attach/session.har": "attach"}


@pytest.fixture(scope="module")
def playwright_recordings(sandbox: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One integrator's page session recorded by Playwright's ``recordHar`` each way."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    folder = tmp_path_factory.mktemp("playwright")
    (folder / "attach").mkdir()
    with launched() as browser:
        for n, (name, content) in enumerate(WAYS.items()):
            context = browser.new_context(record_har_path=folder / name, record_har_content=content)
            page = context.new_page()
            page.goto(f"{sandbox}/_sandbox/health")
            page.evaluate(PAGE_SESSION, [f"{KEY}_{n}", MONDAY])
            context.close()  # writes the recording
    return folder


@pytest.mark.parametrize(
    ("recording", "unheld"),
    [("embed.har", 0), ("omit.har", 5), ("attach.zip", 0), ("attach/session.har", 0)],
)
def test_playwrights_recordings_are_judged_as_their_bodies_were_kept(
    playwright_recordings: Path, recording: str, unheld: int, commands: Commands
) -> None:
    """Playwright's ``recordHar`` in each of its ways of keeping content: inline, left out, and
    in files beside the HAR or in a zip with it. The zip read as "not JSON"; a HAR without
    content read as five empty answers, and passed."""
    ran = commands.run(["check-har", recording, "--api", "reservekit-v1"], cwd=playwright_recordings)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "reservekit-v1: 5 exchanges, 19 checks, no finding"
    assert [line for line in lines if line.startswith("not judged: what")] == (
        [
            line
            for line in lines[1:]
            if line.startswith(NOT_HELD.format(f"{unheld} exchange" + ("s" if unheld > 1 else "")))
        ]
        if unheld
        else []
    )
    assert len(lines) == (2 if unheld else 1)


@pytest.mark.parametrize("recording", ["embed.har", "omit.har", "attach/session.har"])
def test_playwrights_entries_have_no_field_the_har_schema_blames(
    playwright_recordings: Path, recording: str
) -> None:
    """A refusal names the fields ``live_checks/har_entry.schema.json`` finds at fault: none of
    a browser's own recording may be one, or a refusal would blame a field that is fine."""
    entries = json.loads((playwright_recordings / recording).read_text())["log"]["entries"]
    assert entries
    assert [at_fault(entry) for entry in entries] == [None] * len(entries)


def test_a_body_held_as_the_wires_gzip_is_read_undone() -> None:
    """HAR holds a body with its coding undone, but a tool that kept the wire's bytes (base64 of
    the gzip stream) had it read as cut short (its ``size`` is the decoded length) and never
    judged: a broken answer passed. Held either way, it is now judged as the client read it."""
    whole = json.dumps(rk_booking(7)).encode()
    broken = json.dumps({"data": {"id": "seven"}}).encode()

    def held(body: bytes, text: str, encoding: str | None) -> dict[str, Any]:
        return {"size": len(body), "mimeType": "application/json", "text": text} | (
            {"encoding": encoding} if encoding else {}
        )

    recording = har_of(
        (
            "GET",
            "/v1/bookings/7",
            200,
            held(whole, base64.b64encode(gzip.compress(whole)).decode(), "base64"),
        ),
        (
            "GET",
            "/v1/bookings/7",
            200,
            held(broken, base64.b64encode(gzip.compress(broken)).decode(), "base64"),
        ),
        ("GET", "/v1/bookings/7", 200, held(whole, whole.decode(), None)),  # undone, as HAR says
        ("GET", "/v1/bookings/7", 200, held(whole, base64.b64encode(whole).decode(), "base64")),
    )
    for entry in recording["log"]["entries"]:
        entry["response"]["headers"] = [{"name": "Content-Encoding", "value": "gzip"}]
    exchanges = exchanges_of(recording, "test")
    assert [(e.response_body, e.response_length) for e in exchanges] == [
        (whole, None),
        (broken, None),
        (whole, None),
        (whole, None),
    ]
    verdict = check_recording("reservekit-v1", exchanges)
    assert {finding.index for finding in verdict.findings} == {2}  # the broken answer alone
    assert verdict.notes == []
