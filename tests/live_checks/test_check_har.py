"""``booking-sandbox check-har`` as a CI step meets it: a clean recording finds nothing, each
edit of it is found by its check, and the exit codes say which case it is."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import httpx
import pytest

from mockserver.live_checks.proxy import Proxy
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.commands import Commands
from tests.contract.live import serving
from tests.live_checks.conftest import Check
from tests.live_checks.test_proxy import session
from tests.live_checks.traffic import START, nested_answer

Har = dict[str, Any]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Har:
    """The proxy's recording of a clean integrator session against a sandbox."""
    db = tmp_path_factory.mktemp("har") / "sandbox.db"
    settings = Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={})
    with serving(create_app(settings)) as origin:
        proxy = Proxy("reservekit-v1", origin + "/reservekit")
        with serving(proxy) as front:
            session(front)
    return proxy.har()


def test_a_clean_recording_finds_nothing_and_says_so(recorded: Har, tmp_path: Path, check: Check) -> None:
    ran = check(
        tmp_path, recorded, "--api", "reservekit-v1", "--junit", "checks.xml", "--json", "checks.json"
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == ["reservekit-v1: 11 exchanges, 19 checks, no finding"]
    suite = ET.parse(tmp_path / "checks.xml").getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("19", "0")
    assert json.loads((tmp_path / "checks.json").read_text())["findings"] == []


def entry(har: Har, method: str, path_end: str, nth: int = 0) -> dict[str, Any]:
    found = [
        e
        for e in har["log"]["entries"]
        if e["request"]["method"] == method and e["request"]["url"].split("?")[0].endswith(path_end)
    ]
    return found[nth]


def booking_get(har: Har, nth: int = 0) -> dict[str, Any]:
    gets = [
        e
        for e in har["log"]["entries"]
        if e["request"]["method"] == "GET" and "/v1/bookings/" in e["request"]["url"]
    ]
    return gets[nth]


def edit_body(target: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> None:
    body = json.loads(target["response"]["content"]["text"])
    change(body)
    target["response"]["content"]["text"] = json.dumps(body)


def undocumented_status(har: Har) -> None:
    booking_get(har)["response"]["status"] = 418


def a_field_gone(har: Har) -> None:
    edit_body(booking_get(har), lambda body: body["data"].pop("status"))


def deleted_yet_read(har: Har) -> None:
    after = booking_get(har, -1)
    after["response"] = copy.deepcopy(booking_get(har, 0)["response"])


def created_at_moved(har: Har) -> None:
    edit_body(booking_get(har, 1), lambda body: body["data"].update(created_at="2020-01-01T00:00:00Z"))


def an_undocumented_operation_served(har: Har) -> None:
    extra = copy.deepcopy(booking_get(har, 0))
    extra["request"]["method"] = "PUT"
    har["log"]["entries"].append(extra)


EDITS = {
    "SPEC-STATUS": undocumented_status,
    "SPEC-RESPONSE": a_field_gone,
    "RK-DELETE": deleted_yet_read,
    "RK-TIMESTAMPS": created_at_moved,
    "SPEC-OPERATION": an_undocumented_operation_served,
}


@pytest.mark.parametrize("rule", EDITS)
def test_each_edit_of_a_clean_recording_is_found(
    recorded: Har, tmp_path: Path, rule: str, check: Check
) -> None:
    edited = copy.deepcopy(recorded)
    EDITS[rule](edited)
    ran = check(tmp_path, edited, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    found = {line.split()[1] for line in ran.stdout.splitlines() if line.startswith("FINDING ")}
    assert rule in found, ran.stdout


# 5,000 levels is past what Python's JSON reader reaches; 900 is read, and then walked by every
# check (a recursive walk over it had a few hundred frames less to spare).
@pytest.mark.parametrize("levels", [900, 5_000])
def test_an_answer_nested_deep_is_a_finding_never_a_crash(
    recorded: Har, tmp_path: Path, levels: int, check: Check
) -> None:
    edited = copy.deepcopy(recorded)
    booking_get(edited)["response"]["content"]["text"] = nested_answer(levels)
    ran = check(tmp_path, edited, "--api", "reservekit-v1")
    assert "Traceback" not in ran.stderr, ran.stderr[-3000:]
    assert ran.returncode == 1, ran.stdout + ran.stderr
    found = [line for line in ran.stdout.splitlines() if line.startswith("FINDING SPEC-RESPONSE")]
    said = "nested too deep to read" if levels > 1000 else "breaks its schema"
    assert found, ran.stdout
    assert all(said in line for line in found), found


@pytest.mark.parametrize(
    ("content", "args", "code", "said"),
    [
        ("{}", ("--api", "reservekit-v1"), 5, "not a HAR log"),
        ("{not json", ("--api", "reservekit-v1"), 5, "not JSON"),
        ("[" * 100_000 + "]" * 100_000, ("--api", "reservekit-v1"), 5, "JSON nested too deep to read"),
        (
            '{"log": {"entries": [{"request": {}}]}}',
            ("--api", "merchant"),
            5,
            "log.entries[0] is not a HAR entry",
        ),
        ("{}", ("--api", "reservekit"), 4, "invalid choice: 'reservekit'"),
        # Nothing judged is no verdict: "no finding" would pass a CI step whose recording missed.
        ('{"log": {"entries": []}}', (), 5, "holds no exchange of any API: nothing was checked"),
        (
            '{"log": {"entries": []}}',
            ("--api", "merchant"),
            5,
            "holds no exchange of any API: nothing was checked",
        ),
    ],
)
def test_a_bad_file_or_call_is_one_line_and_its_code(
    tmp_path: Path, content: str, args: tuple[str, ...], code: int, said: str, check: Check
) -> None:
    ran = check(tmp_path, content, *args)
    assert ran.returncode == code, ran.stdout + ran.stderr
    lines = ran.stderr.splitlines()
    assert said in lines[0]
    # One line, or argparse's one line and then check-har's own usage (never the top level's).
    assert len(lines) == 1 or lines[1].startswith("usage: booking-sandbox check-har "), lines
    assert "Traceback" not in ran.stderr


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Har:
    """A sandbox's own journal after an integrator's calls on all four APIs, as ``journal har``
    exports it (without ``--api``: every API)."""
    db = tmp_path_factory.mktemp("journal") / "sandbox.db"
    settings = Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={})
    key = "sk_rsv_journal_of_four"
    with serving(create_app(settings)) as origin, httpx.Client(base_url=origin) as http:
        control = {"Authorization": f"Bearer {key}"}
        tokens = http.get("/_sandbox/target-data", headers=control).json()
        calls = [
            ("/reservekit/v1/services", tokens["reservekit-v1"]["tokens"]["key"]),
            ("/reservekit/v1/bookings/999999", tokens["reservekit-v1"]["tokens"]["key"]),
            ("/merchant/bookings/customer/999999", tokens["merchant"]["tokens"]["customer"]),
            ("/lifecycle/api/v1/services", tokens["lifecycle"]["tokens"]["customer"]),
            # A customer no sandbox has: the lifecycle API's 401, journaled in the key's sandbox.
            (
                "/lifecycle/api/v1/bookings/" + tokens["lifecycle"]["bookings"][0]["id"],
                f"customer.00000000-0000-4000-8000-000000000000.{key}",
            ),
            ("/bardge/v3/lookup/issuers", tokens["bardge-v3"]["tokens"]["reseller"]),
        ]
        for path, token in calls:
            http.get(path, headers={"Authorization": f"Bearer {token}"})
        har: Har = http.get("/_sandbox/journal/har", headers=control).json()
    return har


def test_a_journal_of_several_apis_is_judged_each_by_its_own(
    journal: Har, tmp_path: Path, check: Check
) -> None:
    """(check-har once judged every exchange of a journal by ReserveKit's spec: 12 findings.)"""
    assert len(journal["log"]["entries"]) == 6  # ReserveKit's calls too: the key names this sandbox
    ran = check(tmp_path, journal, "--junit", "checks.xml", "--json", "checks.json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["reservekit-v1", "merchant", "lifecycle", "bardge-v3"]
    assert lines[0].startswith("reservekit-v1: 2 exchanges,")
    assert lines[2].startswith("lifecycle: 2 exchanges,")
    assert all(line.endswith("no finding") for line in lines)
    suites = ET.parse(tmp_path / "checks.xml").getroot()
    assert [suite.get("name") for suite in suites] == [
        f"traffic checks: {line.split(':')[0]}" for line in lines
    ]
    written = json.loads((tmp_path / "checks.json").read_text())
    assert ([r["api"] for r in written["apis"]], written["findings"], written["skipped"]) == (
        ["reservekit-v1", "merchant", "lifecycle", "bardge-v3"],
        [],
        {},
    )


def test_a_named_api_is_judged_alone_and_the_rest_counted(journal: Har, tmp_path: Path, check: Check) -> None:
    ran = check(tmp_path, journal, "--api", "lifecycle", "--json", "checks.json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == [
        "lifecycle: 2 exchanges, 17 checks, no finding",
        "skipped 4 exchanges: 1 of bardge-v3, 1 of merchant, 2 of reservekit-v1",
    ]
    assert json.loads((tmp_path / "checks.json").read_text())["skipped"] == {
        "bardge-v3": 1,
        "merchant": 1,
        "reservekit-v1": 2,
    }


def test_a_journal_tells_the_sandboxs_callers_apart(tmp_path: Path, check: Check) -> None:
    """A lifecycle booking's ``status`` is the caller's own: its invitee reads ``invited``, its
    owner ``accepted``. The journal masked every credential alike, so check-har read the two as
    one caller's, and a correct sandbox's journal broke LC-WHOLE-READ-AFTER-WRITE."""
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={}
    )
    key = "sk_rsv_two_callers"
    with serving(create_app(settings)) as origin, httpx.Client(base_url=origin) as http:
        control = {"Authorization": f"Bearer {key}"}
        bookings = http.get("/_sandbox/target-data", headers=control).json()["lifecycle"]["bookings"]
        shared = next(booking for booking in bookings if booking["invited"])
        callers = [shared["invited"][0]["token"], shared["owner_token"], shared["invited"][0]["token"]]
        statuses = []
        for token in callers:
            read = http.get(
                f"/lifecycle/api/v1/bookings/{shared['id']}", headers={"Authorization": f"Bearer {token}"}
            )
            statuses.append(read.json()["data"]["attributes"]["status"])
        har: Har = http.get("/_sandbox/journal/har", headers=control).json()
    assert statuses == ["invited", "accepted", "invited"]
    sent = [header["value"] for e in har["log"]["entries"] for header in e["request"]["headers"]]
    masked = sorted({value for value in sent if "********" in value})
    assert len(masked) == 2, masked
    assert all(value.startswith("Bearer ********#") for value in masked), masked
    assert not any(key in value for value in sent)
    ran = check(tmp_path, har)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == ["lifecycle: 3 exchanges, 17 checks, no finding"]


def page_files(har: Har) -> list[dict[str, Any]]:
    """What a browser's devtools export holds beside the API's calls: the web app's own page and
    script, and another host's call, each answered 2xx."""
    made = []
    for url, status, kind in (
        ("https://app.example.com/bookings", 200, "text/html"),
        ("https://app.example.com/static/app.js", 200, "application/javascript"),
        ("https://analytics.example.net/collect", 204, "text/plain"),
    ):
        extra = copy.deepcopy(booking_get(har))
        extra["request"]["url"] = url
        extra["response"]["status"] = status
        extra["response"]["content"] = {"mimeType": kind, "size": 2, "text": "ok"}
        made.append(extra)
    return made


def test_a_browsers_export_is_judged_where_it_called_the_api(
    recorded: Har, tmp_path: Path, check: Check
) -> None:
    browser = copy.deepcopy(recorded)
    browser["log"]["entries"] = page_files(recorded) + browser["log"]["entries"]
    ran = check(tmp_path, browser, "--api", "reservekit-v1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == [
        "reservekit-v1: 11 exchanges, 19 checks, no finding",
        "skipped 3 exchanges: 3 of a host or base path the recording does not show the API at",
    ]
    # Where the API was called, an undocumented path served is still a finding, and in a
    # recording of several hosts its line and its JSON name the host that answered.
    an_undocumented_operation_served(browser)
    api = urlsplit(browser["log"]["entries"][-1]["request"]["url"])
    ran = check(tmp_path, browser, "--api", "reservekit-v1", "--json", str(tmp_path / "found.json"))
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert f" PUT {api.scheme}://{api.netloc}{api.path} -> 200: PUT is not documented" in ran.stdout
    (found,) = json.loads((tmp_path / "found.json").read_text())["findings"]
    assert (found["origin"], found["path"]) == (f"{api.scheme}://{api.netloc}", api.path)
    # And a page alone holds nothing of the API's: no verdict, not a clean one.
    browser["log"]["entries"] = page_files(recorded)
    ran = check(tmp_path, browser, "--api", "reservekit-v1")
    assert ran.returncode == 5, ran.stdout + ran.stderr
    assert "none of the 3 exchanges is reservekit-v1's" in ran.stderr


def test_a_named_api_with_no_exchange_in_the_recording_is_no_verdict(
    journal: Har, tmp_path: Path, check: Check, commands: Commands
) -> None:
    only_merchant = copy.deepcopy(journal)
    only_merchant["log"]["entries"] = [
        e for e in journal["log"]["entries"] if "/merchant/" in e["request"]["url"]
    ]
    ran = check(tmp_path, only_merchant, "--api", "bardge-v3", "--junit", "checks.xml")
    assert ran.returncode == 5, ran.stdout + ran.stderr
    assert ran.stderr.splitlines() == [
        "booking-sandbox check-har: the one exchange is not bardge-v3's: nothing was checked"
    ]
    assert ran.stdout.splitlines()[-1] == "skipped 1 exchange: 1 of merchant"
    # A report no CI step can read as a pass: one errored case saying why (none at all showed
    # "no test report found", the reason only in the job's log).
    (case,) = ET.parse(tmp_path / "checks.xml").getroot().iter("testcase")
    error = case.find("error")
    assert error is not None
    assert error.get("message") == "the one exchange is not bardge-v3's: nothing was checked"
    missing = commands.run(["check-har", "no-such.har", "--junit", "unread.xml"], cwd=tmp_path)
    assert missing.returncode == 5, missing.stderr
    (case,) = ET.parse(tmp_path / "unread.xml").getroot().iter("testcase")
    assert case.find("error") is not None


def test_a_recording_under_no_mount_asks_for_the_api(journal: Har, tmp_path: Path, check: Check) -> None:
    vendor = copy.deepcopy(journal)
    for e in vendor["log"]["entries"]:
        e["request"]["url"] = e["request"]["url"].replace("/reservekit/", "/vendor/")
    vendor["log"]["entries"] = [e for e in vendor["log"]["entries"] if "/vendor/" in e["request"]["url"]]
    ran = check(tmp_path, vendor)
    assert ran.returncode == 4, ran.stdout + ran.stderr
    said = ran.stderr.splitlines()
    assert said[0] == (
        "booking-sandbox check-har: none of the 2 exchanges is under a sandbox's API mount; "
        "name the API they belong to with --api"
    )
    assert said[1].startswith("usage: booking-sandbox check-har "), "a usage error, the table's shape"


def test_a_finding_names_its_place_in_the_whole_recording(journal: Har, tmp_path: Path, check: Check) -> None:
    edited = copy.deepcopy(journal)
    entries = edited["log"]["entries"]
    place = next(
        i for i, e in enumerate(entries) if e["request"]["url"].endswith("/lifecycle/api/v1/services")
    )
    entries[place]["response"]["status"] = 418
    ran = check(tmp_path, edited)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    # One host answered the whole recording: the line names the path alone.
    assert f"FINDING SPEC-STATUS #{place + 1} GET /lifecycle/api/v1/services -> 418" in ran.stdout


def preflight_of(exchange: dict[str, Any]) -> dict[str, Any]:
    """What a browser sends before a cross-origin call with a JSON body or a bearer token, and a
    server that allows it answers (the sandbox's ``--cors-origin``)."""
    asked = copy.deepcopy(exchange)
    asked["request"].update(method="OPTIONS", postData={"mimeType": "", "text": ""}, bodySize=0)
    asked["request"]["headers"] = [
        {"name": "Origin", "value": "https://app.example.com"},
        {"name": "Access-Control-Request-Method", "value": exchange["request"]["method"]},
        {"name": "Access-Control-Request-Headers", "value": "authorization,content-type"},
    ]
    asked["response"].update(status=204, content={"mimeType": "", "size": 0, "text": ""})
    asked["response"]["headers"] = [
        {"name": "Access-Control-Allow-Origin", "value": "https://app.example.com"}
    ]
    return asked


def test_a_browsers_preflights_and_unanswered_requests_are_no_calls_of_the_api(
    recorded: Har, tmp_path: Path, check: Check
) -> None:
    browser = copy.deepcopy(recorded)
    entries: list[dict[str, Any]] = []
    for e in browser["log"]["entries"]:
        if e["request"]["method"] != "GET":
            entries.append(preflight_of(e))
        entries.append(e)
    # Chrome's record of a request the user's navigation aborted: no answer, status 0.
    aborted = copy.deepcopy(booking_get(recorded))
    aborted["response"] = {
        "status": 0,
        "statusText": "",
        "headers": [],
        "content": {"size": 0, "mimeType": "x-unknown"},
    }
    aborted["response"]["_error"] = "net::ERR_ABORTED"
    entries.append(aborted)
    browser["log"]["entries"] = entries
    for api in ((), ("--api", "reservekit-v1")):
        ran = check(tmp_path, browser, *api)
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert ran.stdout.splitlines() == [
            "reservekit-v1: 11 exchanges, 19 checks, no finding",
            "skipped 6 exchanges: 5 of browsers' CORS preflights, 1 of requests never answered",
        ]
    # An OPTIONS that asks no leave is a call of the API, judged: HTTP's question of what the
    # path allows, which a server may answer 204 (no finding); a server error there is one.
    first = next(e for e in entries if e["request"]["method"] == "OPTIONS")
    del first["request"]["headers"][1]
    ran = check(tmp_path, browser, "--api", "reservekit-v1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines()[0] == "reservekit-v1: 12 exchanges, 19 checks, no finding"
    first["response"]["status"] = 500
    ran = check(tmp_path, browser, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "OPTIONS is not documented for /v1/bookings (GET, POST are), yet answered 500" in ran.stdout
    # Preflights alone are no verdict, and not a usage error: they are under the API's mount.
    browser["log"]["entries"] = [preflight_of(e) for e in recorded["log"]["entries"]]
    ran = check(tmp_path, browser)
    assert ran.returncode == 5, ran.stdout + ran.stderr
    assert "none of the 11 exchanges is an answered call of an API: nothing was checked" in ran.stderr


def test_answers_from_the_browsers_cache_are_not_the_servers_now(
    recorded: Har, tmp_path: Path, check: Check
) -> None:
    """A vendor that lets a browser cache its GETs: after the booking's message was changed,
    the app read it again and its browser answered from the cache (Chrome's ``_fromCache``),
    or asked the server, which answered 304 to its ``If-None-Match``. Neither is what the
    server says now: judged, the first read as a write not read back (RK-READ-AFTER-WRITE)."""
    browser = copy.deepcopy(recorded)
    changed = entry(browser, "PATCH", "", 0)
    stale = copy.deepcopy(booking_get(browser, 0))
    after = datetime.fromisoformat(changed["startedDateTime"]) + timedelta(microseconds=1)
    stale["startedDateTime"] = after.isoformat()
    stale["_fromCache"] = "memory"
    revalidated = copy.deepcopy(stale)
    del revalidated["_fromCache"]
    revalidated["request"]["headers"].append({"name": "If-None-Match", "value": 'W/"booking-1"'})
    revalidated["response"].update(status=304, content={"mimeType": "", "size": 0, "text": ""})
    for added, line in (
        (stale, "1 of answers from a client's cache"),
        (revalidated, "1 of answers from a client's cache"),
    ):
        browser["log"]["entries"] = [*recorded["log"]["entries"], added]
        ran = check(tmp_path, browser, "--api", "reservekit-v1")
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert ran.stdout.splitlines()[-1] == f"skipped 1 exchange: {line}"
    # The same stale read from the server itself is the vendor's, and a finding.
    del stale["_fromCache"]
    browser["log"]["entries"] = [*recorded["log"]["entries"], stale]
    ran = check(tmp_path, browser, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "FINDING RK-READ-AFTER-WRITE" in ran.stdout


def test_a_recording_that_hides_every_credential_is_not_held_to_sending_one(
    recorded: Har, tmp_path: Path, check: Check
) -> None:
    """Chrome's export leaves out every Authorization header unless it may keep sensitive data:
    each call on a booking then showed "answered 200 with no credential sent", three findings
    against a correct vendor. Where one request of many shows none, it is still a finding."""
    hidden = copy.deepcopy(recorded)
    for e in hidden["log"]["entries"]:
        e["request"]["headers"] = [h for h in e["request"]["headers"] if h["name"].lower() != "authorization"]
    ran = check(tmp_path, hidden, "--api", "reservekit-v1", "--json", "checks.json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines()[0] == "reservekit-v1: 11 exchanges, 18 checks, no finding"
    assert ran.stdout.splitlines()[1].startswith("not judged: *-ROLES-EVERY-OPERATION, since no request")
    report = json.loads((tmp_path / "checks.json").read_text())
    assert "RK-ROLES-EVERY-OPERATION" not in {check["rule"] for check in report["checks"]}
    assert report["notes"] == [ran.stdout.splitlines()[1]]
    one = copy.deepcopy(recorded)
    request = booking_get(one)["request"]
    request["headers"] = [h for h in request["headers"] if h["name"].lower() != "authorization"]
    ran = check(tmp_path, one, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "answered 200 with no credential sent" in ran.stdout


def test_a_head_is_judged_as_its_get_without_a_body(recorded: Har, tmp_path: Path, check: Check) -> None:
    """HTTP's HEAD is GET without the body, and a server of a GET may answer it (the sandbox
    does): its own journal's HEAD answered 200 was "HEAD is not documented", a finding."""
    headed = copy.deepcopy(recorded)
    head = copy.deepcopy(booking_get(recorded))
    head["request"]["method"] = "HEAD"
    head["response"]["content"] = {"mimeType": "application/json", "size": 0, "text": ""}
    headed["log"]["entries"].append(head)
    ran = check(tmp_path, headed, "--api", "reservekit-v1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == ["reservekit-v1: 12 exchanges, 19 checks, no finding"]
    head["response"]["status"] = 418  # a status its GET does not document
    ran = check(tmp_path, headed, "--api", "reservekit-v1")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "-> 418: GET /v1/bookings/{bookingID} documents 200, 400, 401, 404" in ran.stdout


def test_a_recording_on_standard_input_is_read_as_its_file_is(
    journal: Har, tmp_path: Path, check: Check
) -> None:
    """``booking-sandbox journal har | booking-sandbox check-har -``: "-" was a file not found."""
    from_file = check(tmp_path, journal)
    command = [sys.executable, "-m", "mockserver.cli", "check-har", "-"]
    piped = subprocess.run(
        command, input=json.dumps(journal), capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert (piped.returncode, piped.stdout) == (from_file.returncode, from_file.stdout), piped.stderr
    assert from_file.returncode == 0, from_file.stdout + from_file.stderr
    nothing = subprocess.run(command, input="", capture_output=True, text=True, check=False)
    assert nothing.returncode == 5
    assert nothing.stderr.startswith("booking-sandbox check-har: standard input: not JSON")


def test_a_journals_webhook_deliveries_are_counted_as_such(
    journal: Har, tmp_path: Path, check: Check
) -> None:
    """A sandbox's journal holds the deliveries it sent its receivers: they were counted as
    "of no API's mount", and a journal of deliveries alone asked for an --api to judge them."""
    delivery = copy.deepcopy(journal["log"]["entries"][0])
    delivery["request"].update(
        method="POST",
        url="http://127.0.0.1:9/hooks",
        headers=[{"name": "Sandbox-Signature", "value": "********"}],
    )
    with_deliveries = copy.deepcopy(journal)
    with_deliveries["log"]["entries"] += [delivery, delivery]
    ran = check(tmp_path, with_deliveries)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "skipped 2 exchanges: 2 of the sandbox's webhook deliveries" in ran.stdout.splitlines()
    alone = {"log": {"entries": [delivery]}}
    ran = check(tmp_path, alone)
    assert ran.returncode == 5, ran.stdout + ran.stderr
    assert "the one exchange is not an answered call of an API: nothing was checked" in ran.stderr


def test_what_a_recording_chose_is_printed_escaped_and_its_junit_stays_readable(
    recorded: Har, tmp_path: Path, check: Check
) -> None:
    """A path and an answer from a recording reach the terminal and the JUnit file: raw, ESC
    recoloured or retitled the terminal, U+202E reversed the line, and the XML could not be read
    (a CI says "no test report found" where it should show the finding)."""
    edited = copy.deepcopy(recorded)
    odd = copy.deepcopy(booking_get(edited))
    odd["request"]["url"] += "\x1b]0;owned\x07\u202eevil"
    odd["response"]["status"] = 418
    edited["log"]["entries"].append(odd)
    edit_body(booking_get(edited), lambda body: body["data"].update(status="\x1b[31mconfirmed\x01"))
    ran = check(tmp_path, edited, "--api", "reservekit-v1", "--junit", "checks.xml")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert all(line.isprintable() for line in ran.stdout.splitlines()), ran.stdout
    assert "/v1/bookings/25\\x1b]0;owned\\x07\\u202eevil -> 418" in ran.stdout
    failures = ET.parse(tmp_path / "checks.xml").getroot().iter("failure")
    said = {failure.get("message", "").split()[1]: failure.get("message", "") for failure in failures}
    assert {"SPEC-STATUS", "SPEC-RESPONSE"} <= set(said), said
    assert "\\x1b[31mconfirmed\\x01" in said["SPEC-RESPONSE"]
