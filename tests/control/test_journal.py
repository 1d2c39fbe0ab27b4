"""The request journal: what was served, filtered and counted, masked, bounded, as HAR."""

from __future__ import annotations

import json
from typing import Any

import pytest
from connexion import AsyncApp

from mockserver.control import exchanges, journal_entries
from mockserver.documents.har import fingerprint_of
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, START, ApiClient


def journal(control: Any, **query: Any) -> dict[str, Any]:
    return control(API_KEY).ok("GET", "/journal", params=query)  # type: ignore[no-any-return]


def test_every_exchange_is_journaled_newest_first_with_secrets_masked(api: ApiClient, control: Any) -> None:
    created = api.book()
    assert created.status_code == 201
    entries = journal(control)["entries"]
    newest = entries[0]
    assert (newest["method"], newest["path"], newest["status"], newest["api"]) == (
        "POST",
        "/reservekit/v1/bookings",
        201,
        "reservekit-v1",
    )
    # Masked, with the 32-bit fingerprint the proxy's and the kit's HARs keep: check-har tells
    # one caller from another by it (tests/live_checks/test_check_har.py).
    assert (
        newest["request"]["headers"]["authorization"]
        == f"Bearer ********#{fingerprint_of(api.headers['Authorization'])}"
    )
    assert '"time_slot_id":1' in newest["request"]["body"].replace(" ", "")
    assert newest["response"]["body"].startswith('{"data"')
    assert newest["duration_ms"] > 0
    assert newest["fault"] is None
    assert newest["rule"] is None


def test_filters_and_counts(api: ApiClient, control: Any) -> None:
    api.get("/services")
    api.get("/services")
    api.get("/bookings/999999")
    ctl = control(API_KEY)
    assert ctl.ok("GET", "/journal/count", params={"path": "/reservekit/v1/services"})["count"] == 2
    assert ctl.ok("GET", "/journal/count", params={"status": 404})["count"] == 1
    assert ctl.ok("GET", "/journal/count", params={"method": "POST"})["count"] == 0
    assert ctl.ok("GET", "/journal/count", params={"path": "/reservekit/v1/*"})["count"] == 3
    page = journal(control, limit=1)
    assert (page["count"], len(page["entries"])) == (3, 1)


def test_a_path_below_its_mount_and_a_class_of_statuses_filter_too(api: ApiClient, control: Any) -> None:
    """``faults add --path '/v1/bookings*'`` globs below the mount, and ``journal count --path``
    the same glob found nothing; "no server error in this run" had no query at all."""
    api.get("/services")
    api.get("/bookings/999999")
    api.get("/bookings/999998")
    ctl = control(API_KEY)
    counted = [
        ctl.ok("GET", "/journal/count", params=query)["count"]
        for query in (
            {"path": "/v1/bookings/*"},
            {"path": "/reservekit/v1/bookings/*"},
            {"path": "/v1/*"},
            {"path": "/bookings/*"},  # below no mount of these entries
            {"status": "4xx"},
            {"status": "4XX"},
            {"status": "2xx"},
            {"status": "5xx"},
            {"status": "404", "path": "/v1/bookings/999998"},
        )
    ]
    assert counted == [2, 2, 3, 0, 2, 2, 1, 0, 1]


def test_a_status_not_of_the_form_is_refused_with_an_example(control: Any) -> None:
    """curl users met the pattern alone (``'6xx' does not match '^[1-5]([0-9]{2}|[xX]{2})$'``):
    the spec's example now follows it."""
    refused = control(API_KEY).get("/journal/count", params={"status": "6xx"})
    assert refused.status_code == 400
    assert refused.json()["detail"].endswith("'6xx' does not match '^[1-5]([0-9]{2}|[xX]{2})$' (e.g. 5xx)")


def test_the_refusing_rule_and_the_fired_fault_are_named(api: ApiClient, control: Any) -> None:
    assert api.get("/bookings/999999").status_code == 404
    fault = control(API_KEY).ok("POST", "/faults", json={"kind": "error", "status": 503, "count": 1})
    api.get("/services")
    newest, refused = journal(control)["entries"][:2]
    assert newest["fault"] == {"id": fault["id"], "kind": "error"}
    assert refused["rule"] == "not_found"


def test_the_journal_filters_by_the_refusing_rule(api: ApiClient, control: Any) -> None:
    assert api.get("/bookings/999999").status_code == 404
    assert api.get("/services").status_code == 200
    refused = journal(control, rule="not_found")
    assert [(e["path"], e["rule"]) for e in refused["entries"]] == [
        ("/reservekit/v1/bookings/999999", "not_found")
    ]
    assert control(API_KEY).ok("GET", "/journal/count", params={"rule": "capacity_exhausted"})["count"] == 0


def test_one_entry_by_its_id_and_never_another_sandboxs(api: ApiClient, control: Any) -> None:
    api.get("/services")
    newest = journal(control)["entries"][0]
    assert control(API_KEY).ok("GET", f"/journal/entries/{newest['id']}") == newest
    other = control(OTHER_KEY).get(f"/journal/entries/{newest['id']}")
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    assert control(API_KEY).get("/journal/entries/0").status_code == 400
    # Not an id at all: no such resource, as for every integer path of the control API.
    assert control(API_KEY).get("/journal/entries/nope").status_code == 404


def test_time_filters_use_the_sandbox_clock(api: ApiClient, control: Any) -> None:
    api.get("/services")
    moved = control(API_KEY).advance("10d")
    api.get("/services")
    since = {"since": moved["now"]}
    assert control(API_KEY).ok("GET", "/journal/count", params=since)["count"] == 1


def test_journals_are_per_sandbox_and_can_be_cleared(
    api: ApiClient, other_api: ApiClient, control: Any
) -> None:
    api.get("/services")
    assert control(OTHER_KEY).ok("GET", "/journal/count")["count"] == 0
    assert control(API_KEY).delete("/journal").status_code == 204
    assert control(API_KEY).ok("GET", "/journal/count")["count"] == 0


def test_har_export(api: ApiClient, control: Any) -> None:
    api.get("/services")
    api.get("/time-slots/1")
    har = control(API_KEY).ok("GET", "/journal/har")
    entries = har["log"]["entries"]
    assert har["log"]["version"] == "1.2"
    assert [e["request"]["url"].split("/reservekit")[1] for e in entries] == [
        "/v1/services",
        "/v1/time-slots/1",
    ]
    assert entries[0]["response"]["status"] == 200


def test_a_long_body_is_kept_to_the_bound_and_says_its_full_length(
    api: ApiClient, control: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound is 64 KiB, an API's own body bound too: at 100 bytes, an ordinary booking passes it.
    for module in (journal_entries, exchanges):
        monkeypatch.setattr(module, "BODY_LIMIT", 100)
    sent = json.dumps({"time_slot_id": 1, "date": "2027-01-13", "customer": {"name": "Ada " + "L" * 200}})
    answer = api.post("/bookings", content=sent.encode(), headers={"Content-Type": "application/json"})
    entry = journal(control)["entries"][0]
    assert (entry["request"]["truncated"], entry["request"]["size"]) == (True, len(sent))
    assert entry["request"]["body"] == sent[:100]
    assert (entry["response"]["truncated"], entry["response"]["size"]) == (True, len(answer.content))
    (exported,) = control(API_KEY).ok("GET", "/journal/har")["log"]["entries"]
    assert f"request body kept only in part ({len(sent)} bytes in all)" in exported["comment"]
    assert f"response body kept only in part ({len(answer.content)} bytes in all)" in exported["comment"]


def test_a_body_cut_inside_a_character_keeps_whole_characters(
    api: ApiClient, control: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal cuts at a byte: where that fell inside a character, its first bytes were kept
    as U+FFFD, a character the body never held."""
    for module in (journal_entries, exchanges):
        monkeypatch.setattr(module, "BODY_LIMIT", 100)
    head = '{"time_slot_id": 1, "date": "2027-01-13", "message": "'
    sent = head + "x" * (99 - len(head)) + "\u0141" * 50 + '"}'  # a two-byte Ł across byte 100
    api.post("/bookings", content=sent.encode(), headers={"Content-Type": "application/json"})
    entry = journal(control)["entries"][0]
    assert entry["request"]["body"] == sent.encode()[:99].decode()
    assert "\ufffd" not in entry["request"]["body"]
    (exported,) = control(API_KEY).ok("GET", "/journal/har")["log"]["entries"]
    assert exported["request"]["bodySize"] == len(sent.encode())  # check-har reads it as cut


def test_the_journal_keeps_only_the_newest_entries(database: str) -> None:
    frozen = {"db": database, "journal_limit": 3, "start_at": START, "frozen": True}
    app: AsyncApp = create_app(Settings.load(frozen, environ={}))
    headers = {"Authorization": f"Bearer {API_KEY}"}
    with TestClient(app) as http:
        for slot in range(1, 6):
            http.get(f"/reservekit/v1/time-slots/{slot}", headers=headers)
        kept = http.get("/_sandbox/journal", headers=headers).json()["entries"]
    assert [e["path"].rsplit("/", 1)[1] for e in kept] == ["5", "4", "3"]


def test_one_key_sending_large_bodies_keeps_a_journal_within_its_bytes(database: str) -> None:
    """The probe that found the journal unbounded in bytes (issue 63): refused POSTs of 60 KB
    each. A mebibyte keeps the newest sixteen or so, whatever the count limit allows."""
    bounded = {"db": database, "journal_max_bytes": "1MiB", "start_at": START, "frozen": True}
    app: AsyncApp = create_app(Settings.load(bounded, environ={}))
    headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    with TestClient(app) as http:
        for n in range(40):
            body = json.dumps({"message": f"{n:02d}" + "x" * 60_000})
            assert http.post("/reservekit/v1/bookings", content=body, headers=headers).status_code == 400
        page = http.get("/_sandbox/journal", headers=headers, params={"limit": 100}).json()
    kept = page["entries"]
    assert 10 <= len(kept) <= 17, len(kept)
    sent = [json.loads(e["request"]["body"])["message"][:2] for e in kept]
    assert sent == [f"{n:02d}" for n in range(39, 39 - len(kept), -1)]
    assert sum(e["request"]["size"] + e["response"]["size"] for e in kept) <= 1024 * 1024


def test_bad_journal_queries_are_400(control: Any) -> None:
    for query in (
        {"status": "often"},
        {"status": "6xx"},
        {"status": "4x"},
        {"since": "yesterday"},
        {"method": "FETCH"},
    ):
        refused = control(API_KEY).get("/journal", params=query)
        assert refused.status_code == 400, query
        assert refused.json()["code"] == "invalid_request"
