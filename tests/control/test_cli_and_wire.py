"""The control commands against a real server, and a dropped connection as a client sees it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.cli import main
from mockserver.integration.control_client import BelowTheSandbox, health
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.commands import Commands
from tests.conftest import START, occurrence
from tests.contract.live import Requests, self_signed, serving

KEY = "sk_rsv_cli_tests_0001"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("cli") / "sandbox.db"
    frozen = {"db": str(db), "start_at": START, "frozen": True}
    with serving(create_app(Settings.load(frozen, environ={}))) as url:
        yield url


Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(commands: Commands) -> Cli:
    def command(
        origin: str, *args: str, json: bool = True, key: str = KEY, given: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """The command as a program runs it: with ``--json`` unless told to print for a person,
        ``given`` on its standard input."""
        wanted = ["--json"] if json else []
        argv = [*args, "--url", origin, "--key", key, *wanted]
        return commands.run(argv, input=given, timeout=60)

    return command


def booking_api(origin: str) -> httpx.Client:
    return httpx.Client(base_url=f"{origin}/reservekit", headers={"Authorization": f"Bearer {KEY}"})


def test_clock_commands(origin: str, cli: Cli) -> None:
    frozen = json.loads(cli(origin, "clock", "freeze").stdout)
    moved = json.loads(cli(origin, "clock", "advance", "90m").stdout)
    assert moved["frozen"] is True
    assert moved["now"] > frozen["now"]
    refused = cli(origin, "clock", "set", "2001-01-01T00:00:00Z")
    assert refused.returncode == 1
    assert "only moves forward" in refused.stderr
    assert json.loads(cli(origin, "clock", "resume").stdout)["frozen"] is False


def test_fault_and_journal_commands(origin: str, tmp_path: Path, cli: Cli) -> None:
    assert cli(origin, "journal", "clear").returncode == 0
    added = json.loads(
        cli(
            origin,
            "faults",
            "add",
            "--kind",
            "error",
            "--status",
            "503",
            "--path",
            "/v1/services",
            "--count",
            "1",
        ).stdout
    )
    with booking_api(origin) as api:
        assert api.get("/v1/services").status_code == 503
        assert api.get("/v1/services").status_code == 200
    assert [f["id"] for f in json.loads(cli(origin, "faults", "list").stdout)["faults"]] == [added["id"]]
    counted = cli(origin, "journal", "count", "--path", "/reservekit/v1/services", "--expect", "2")
    assert (counted.returncode, counted.stdout.strip()) == (0, "2")
    mismatch = cli(origin, "journal", "count", "--status", "503", "--expect", "2")
    assert mismatch.returncode == 1
    assert "expected 2, found " in mismatch.stderr
    # The fault's own path glob, and a class of statuses: the run's one server error.
    below = cli(origin, "journal", "count", "--path", "/v1/services", "--status", "5xx", "--expect", "1")
    assert (below.returncode, below.stdout.strip()) == (0, "1"), below.stderr
    refused = cli(origin, "journal", "count", "--status", "5x")
    assert refused.returncode == 4
    assert "invalid status: '5x' (an answer's status, 404, or a class, 4xx)" in refused.stderr
    har = tmp_path / "journal.har"
    written = cli(origin, "journal", "har", "-o", str(har))
    assert written.returncode == 0
    assert written.stderr.strip() == f"booking-sandbox: wrote 2 exchanges as HAR to {har.resolve()}"
    assert written.stdout == ""
    assert len(json.loads(har.read_text())["log"]["entries"]) == 2
    assert cli(origin, "faults", "remove", str(added["id"])).returncode == 0
    bad = cli(origin, "faults", "add", "--kind", "latency")
    assert bad.returncode == 1
    assert "distribution: latency needs a distribution: fixed with ms;" in bad.stderr
    fixed = cli(origin, "faults", "add", "--kind", "latency", "--ms", "5", "--count", "1")
    assert fixed.returncode == 0, fixed.stderr
    assert json.loads(fixed.stdout)["distribution"] == "fixed"


def test_an_https_url_of_a_plain_http_server_is_said_so(origin: str, cli: Cli) -> None:
    ran = cli(origin.replace("http://", "https://"), "clock", json=False)
    assert ran.returncode == 5
    assert "(the server there answers plain HTTP: name it with http://)" in ran.stderr, ran.stderr


def test_reset_and_state_commands(origin: str, tmp_path: Path, cli: Cli) -> None:
    with booking_api(origin) as api:
        slot = api.get("/v1/time-slots/1").json()["data"]
        assert slot
    saved = tmp_path / "state.json"
    exported = cli(origin, "state", "export", str(saved))
    assert exported.returncode == 0
    assert exported.stderr.strip() == f"booking-sandbox: wrote the sandbox's state to {saved.resolve()}"
    assert json.loads(cli(origin, "reset", "--seed", "9").stdout)["seed"] == 9
    assert json.loads(cli(origin, "state", "import", str(saved)).stdout)["seed"] == 42
    # "-" is standard output and input: state export | state import - copies a sandbox.
    piped = cli(origin, "state", "export", "-", json=False)
    assert (piped.returncode, piped.stderr) == (0, "")
    assert json.loads(piped.stdout)["seed"] == 42
    copied = cli(origin, "state", "import", "-", key=f"{KEY}_copy", given=piped.stdout)
    assert (copied.returncode, json.loads(copied.stdout)["seed"]) == (0, 42), copied.stderr
    assert cli(origin, "state", "export", key=f"{KEY}_copy", json=False).stdout == piped.stdout
    scenarios = json.loads(cli(origin, "reset", "--list").stdout)["scenarios"]
    assert "fully-booked-day" in {s["name"] for s in scenarios}
    unknown = cli(origin, "reset", "--scenario", "nope")
    assert unknown.returncode == 1
    # What to write instead: the scenarios there are.
    assert "no scenario 'nope': one of cancellation-deadlines, class-at-capacity" in unknown.stderr
    started = json.loads(cli(origin, "reset", "--start-at", "2031-02-03T04:05:06Z", "--frozen").stdout)
    assert started["clock"] == {"now": "2031-02-03T04:05:06+00:00", "frozen": True, "offset_seconds": 0.0}
    # --forget deletes the sandbox whole: the key then starts at the server's seed and start.
    assert cli(origin, "reset", "--forget", "--seed", "3").returncode == 4, "no other option with it"
    assert (cli(origin, "reset", "--forget").returncode, cli(origin, "reset", "--forget").stdout) == (0, "")
    assert json.loads(cli(origin, "clock").stdout)["now"] == START.isoformat()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"not json", "(not JSON: Expecting value: line 1 column 1 (char 0))"),
        (b"\xef\xbb\xbf{}", "(it begins with a byte order mark: save it as UTF-8 without one)"),
        ('{"seed": 1}'.encode("utf-16"), "(not UTF-8 text)"),
        (b"[1, 2]", "(JSON, but an array, not an object)"),
        (b"null", "(JSON, but null, not an object)"),
    ],
)
def test_a_file_that_is_no_state_export_is_exit_5_and_never_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, said: str
) -> None:
    """The README's 5 is "a file ... is not valid": such a file was sent, and the server's 400
    ("request body is not valid JSON") was exit 1, a refusal. Nothing listens at the URL: the
    file is judged before anything is sent."""
    state = tmp_path / "state.json"
    state.write_bytes(content)
    assert main(["state", "import", str(state), "--key", KEY, "--url", "http://127.0.0.1:9"]) == 5
    assert (
        capsys.readouterr().err == f"booking-sandbox: {state} is no state export {said}; nothing was sent\n"
    )


def test_reset_world_sends_a_checked_world_file_or_names_its_lines(
    origin: str, tmp_path: Path, cli: Cli
) -> None:
    berlin = Path(__file__).resolve().parents[2] / "examples" / "worlds" / "berlin-studio.yaml"
    given = json.loads(cli(origin, "reset", "--world", str(berlin)).stdout)
    assert len(given["world"]) == 64
    with booking_api(origin) as api:
        names = {s["name"] for s in api.get("/v1/services").json()["data"]["services"]}
    assert "Sportmassage" in names
    broken = tmp_path / "broken.yaml"
    broken.write_text(berlin.read_text(encoding="utf-8").replace("Europe/Berlin", "Europe/Atlantis", 1))
    refused = cli(origin, "reset", "--world", str(broken))
    assert refused.returncode == 5, refused.stderr  # a file that is not usable
    (line,) = refused.stderr.splitlines()
    assert line.startswith(f"booking-sandbox: {broken}:")
    assert "'Europe/Atlantis' is no IANA time zone" in line
    assert json.loads(cli(origin, "reset", "--world", "server").stdout)["world"] is None


def test_commands_need_a_key_and_a_reachable_server(origin: str, commands: Commands) -> None:
    missing = commands.run(["clock", "--url", origin], env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert missing.returncode == 4  # a usage error, with the command's own usage
    assert missing.stderr.splitlines()[:2] == [
        "booking-sandbox clock: --key is required (or set BOOKING_SANDBOX_KEY)",
        "usage: booking-sandbox clock [-h] [--url URL] [--key KEY] [--json]",
    ]
    unreachable = commands.run(["clock", "--url", "http://127.0.0.1:9", "--key", KEY], timeout=60)
    assert unreachable.returncode == 5
    (said,) = unreachable.stderr.splitlines()
    assert said.startswith("booking-sandbox: cannot reach http://127.0.0.1:9: ")


def test_lists_and_answers_print_for_a_person_unless_json_is_asked(origin: str, cli: Cli) -> None:
    assert cli(origin, "faults", "clear").returncode == 0
    added = cli(origin, "faults", "add", "--kind", "error", "--status", "502", "--path", "/v1/x", json=False)
    assert added.stdout.splitlines() == [
        "ID  KIND   API    METHOD  PATH   PROBABILITY  FIRED  DETAILS",
        f"{added.stdout.split()[8]}   error  every  any     /v1/x  1            0      status=502",
    ]
    assert cli(origin, "faults", "clear").returncode == 0
    assert cli(origin, "faults", "list", json=False).stdout == "no fault rules\n"
    clock = cli(origin, "clock", json=False).stdout.splitlines()
    # A running clock says its offset from the wall clock; a frozen one has none to say.
    frozen = clock[1].split()[1] == "yes"
    assert [line.split()[0] for line in clock] == ["now", "frozen"] + ([] if frozen else ["offset"])
    scenarios = cli(origin, "reset", "--list", json=False).stdout.splitlines()
    assert scenarios[0].split() == ["NAME", "APIS", "DESCRIPTION"]
    assert any(line.startswith("fully-booked-day ") for line in scenarios)
    assert all(len(line) < 160 for line in scenarios)  # a description is shortened, on one line
    with booking_api(origin) as api:  # two: whatever ran before on this server, one is not shown
        api.get("/v1/services")
        api.get("/v1/services")
    journal = cli(origin, "journal", "list", "--limit", "1", json=False).stdout.splitlines()
    assert journal[0].split() == ["ID", "AT", "KIND", "METHOD", "PATH", "STATUS", "MS", "RULE/FAULT"]
    assert journal[1].split()[3:6] == ["GET", "/reservekit/v1/services", "200"]
    assert journal[2].endswith("(the newest 1 shown; --limit for more)")


def test_a_drop_fault_cuts_the_connection_without_an_answer(origin: str, cli: Cli) -> None:
    assert (
        cli(
            origin, "faults", "add", "--kind", "drop", "--path", "/v1/time-slots/*", "--count", "1"
        ).returncode
        == 0
    )
    with booking_api(origin) as api:
        with pytest.raises(httpx.TransportError):
            api.get("/v1/time-slots/2")
        assert api.get("/v1/time-slots/2").status_code == 200
    dropped = json.loads(cli(origin, "journal", "list", "--path", "/reservekit/v1/time-slots/2").stdout)[
        "entries"
    ]
    assert [(e["status"], (e["fault"] or {}).get("kind")) for e in dropped] == [(200, None), (0, "drop")]


def test_a_drop_after_handling_makes_the_booking_and_cuts_its_answer(origin: str, cli: Cli) -> None:
    """The create made, the connection cut before its answer: what a client's retry meets."""
    key = "sk_rsv_drop_after_0001"  # a sandbox of its own, on the server's start instant
    added = cli(
        origin,
        "faults",
        "add",
        "--kind",
        "drop",
        "--method",
        "POST",
        "--path",
        "/v1/bookings",
        "--when",
        "after",
        key=key,
    )
    assert added.returncode == 0, added.stderr
    rule = json.loads(added.stdout)
    assert rule["when"] == "after"
    client = httpx.Client(base_url=f"{origin}/reservekit", headers={"Authorization": f"Bearer {key}"})
    with client as api:
        slot = api.get("/v1/time-slots/2").json()["data"]
        body = {
            "date": occurrence(slot["day_of_week"], 4).isoformat(),
            "time_slot_id": 2,
            "customer_email": "cut@example.com",
        }
        with pytest.raises(httpx.TransportError):
            api.post("/v1/bookings", params={"service_id": slot["service_id"]}, json=body)
        page = {"service_id": slot["service_id"], "page": 1, "page_size": 100}
        booked = api.get("/v1/bookings", params=page).json()["data"]["bookings"]
        assert [b["customer"]["email"] for b in booked].count("cut@example.com") == 1, "the booking was made"
    listed = cli(origin, "journal", "list", "--method", "POST", key=key, json=False).stdout.splitlines()
    assert listed[1].split()[3:6] == ["POST", "/reservekit/v1/bookings", "-"], listed
    assert listed[1].split()[7:] == ["fault", str(rule["id"]), "drop"], listed


@pytest.mark.parametrize("below", ["/reservekit", "/reservekit/v1", "/_sandbox", "/merchant/"])
def test_a_url_below_the_sandbox_is_named_with_its_root(
    origin: str, below: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An app's base URL given as ``--url`` (a ReserveKit client is configured with one)."""
    assert main(["clock", "--url", origin + below, "--key", KEY]) == 5
    [said] = capsys.readouterr().err.splitlines()
    given = (origin + below).rstrip("/")
    assert said == (
        f"booking-sandbox: {given} is a path under the sandbox at {origin}, whose control API is at its "
        f"root: pass {origin} (GET {below.rstrip('/')}/_sandbox/health answered 404) (--url or BOOKING_SANDBOX_URL)"
    )


def test_a_404_at_the_root_is_the_sandboxs_own_refusal(
    origin: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["webhooks", "remove", "999999", "--url", origin, "--key", KEY]) == 1
    assert capsys.readouterr().err.splitlines() == ["booking-sandbox: 404 webhook not found"]


@pytest.mark.parametrize("target", ["one", "²", "9" * 4301])
def test_a_webhook_id_that_is_no_number_is_a_usage_error_and_nothing_is_sent(
    target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "²" is a digit to ``str.isdigit`` and none to ``int()``: it was a traceback."""
    with pytest.raises(SystemExit) as usage:
        main(["webhooks", "remove", target, "--url", "http://127.0.0.1:9", "--key", KEY])
    assert usage.value.code == 4
    assert "the webhook id is a number" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["clock"], ["coverage", "--key", KEY]])
@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("localhost:8000", "needs http:// or https://"),
        # Each control path would follow the query or the fragment, and be part of it.
        ("http://localhost:8000/?team=1", "must end at its path, with no query or fragment"),
        ("http://localhost:8000#top", "must end at its path, with no query or fragment"),
        # urllib and httpx raise on an unclosed IPv6 bracket: it had been httpx's traceback.
        ("http://[::1:8000", "cannot be read as a URL (Invalid IPv6 URL)"),
        ("http://:8000", "names no host a client can reach"),
    ],
)
def test_a_url_without_its_scheme_or_with_a_query_is_a_usage_error(
    command: list[str], url: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        main([*command, "--url", url, "--key", KEY])
    assert usage.value.code == 4
    assert f"argument --url: '{url}' {said}" in capsys.readouterr().err


def test_health_below_the_sandbox_names_its_root_too(origin: str) -> None:
    """What the pytest plugin asks first of ``--booking-sandbox-url``."""
    with pytest.raises(BelowTheSandbox, match=f"pass {re.escape(origin)} "):
        health(origin + "/reservekit")
    assert health(origin)["service"] == "booking-sandbox"


def test_a_sandbox_a_proxy_serves_below_a_path_refuses_as_itself(
    origin: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sandboxes on one host, as a proxy that rewrites paths serves them: one at the root,
    one below /b. The one below is asked as itself, its 404 its own refusal."""
    below = create_app(Settings.load({"db": str(tmp_path / "b.db"), "start_at": START}, environ={}))
    root = create_app(Settings.load({"db": str(tmp_path / "a.db"), "start_at": START}, environ={}))

    async def host(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/b/"):
            scope = {**scope, "path": scope["path"][2:], "raw_path": scope["raw_path"][2:]}
            await below(scope, receive, send)
        else:
            await root(scope, receive, send)

    with serving(host) as url:
        assert main(["webhooks", "remove", "999999", "--url", f"{url}/b", "--key", KEY]) == 1
        assert capsys.readouterr().err.splitlines() == ["booking-sandbox: 404 webhook not found"]
        assert health(f"{url}/b")["service"] == "booking-sandbox"
        assert main(["clock", "--url", f"{url}/b/reservekit", "--key", KEY]) == 5
        assert f"is a path under the sandbox at {url}/b, whose control API is at its root: pass {url}/b " in (
            capsys.readouterr().err
        )


def test_a_team_sandbox_with_a_private_cas_certificate(tmp_path: Path) -> None:
    """Served over HTTPS with a certificate no public CA signed: one line naming the variable
    that trusts a private CA, and with it set, the commands and the client work."""
    cert, key = self_signed(tmp_path)
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    command = [sys.executable, "-m", "mockserver.cli", "clock", "--key", "sk_rsv_private_ca_0001", "--url"]
    with serving(app, tls=(cert, key)) as sandbox:
        untrusted = subprocess.run([*command, sandbox], capture_output=True, text=True, check=False)
        environ = {**os.environ, "REQUESTS_CA_BUNDLE": str(cert)}
        trusted = subprocess.run(
            [*command, sandbox], capture_output=True, text=True, check=False, env=environ
        )
    assert untrusted.returncode == 5, untrusted.stdout + untrusted.stderr
    assert "certificate verify failed: self-signed certificate" in untrusted.stderr
    assert (
        "(a private CA's certificate: name its bundle in REQUESTS_CA_BUNDLE=/path/to/ca.pem)"
        in untrusted.stderr
    )
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert trusted.stdout.startswith("now     2027-01-"), trusted.stdout


def test_coverage_of_several_keys_asks_the_servers_health_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = Requests(
        create_app(Settings.load({"db": str(tmp_path / "s.db"), "start_at": START}, environ={}))
    )
    keys = ["sk_rsv_health_once_0001", "sk_rsv_health_once_0002"]
    with serving(recorded) as url:
        assert main(["coverage", "--url", url, *(part for key in keys for part in ("--key", key))]) == 0
    capsys.readouterr()
    assert recorded.seen == [("GET", "/_sandbox/health"), *[("GET", "/_sandbox/coverage")] * 2]


def test_coverage_names_a_key_under_which_nothing_was_counted(
    origin: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped key is a sandbox of its own: its report, all zeros, read as a suite that
    exercised nothing. The key is named on standard error; the report is still written."""
    used, mistyped = "sk_rsv_counted_0001", "sk_rsv_countde_0001"
    assert httpx.get(
        f"{origin}/reservekit/v1/services", headers={"Authorization": f"Bearer {used}"}
    ).is_success
    assert main(["coverage", "--url", origin, "--key", used, "--key", mistyped]) == 0
    out, err = capsys.readouterr()
    assert "GET /v1/services" in out
    assert err.splitlines()[-1] == (
        f"booking-sandbox coverage: no API call counted under key {mistyped} (is it the key your tests send?)"
    )
    assert used not in err


def test_webhooks_test_exits_1_where_the_endpoint_refused_its_ping(origin: str, cli: Cli) -> None:
    """``webhooks test`` printed ``state failed`` and exited 0: a script's ``webhooks test 1 &&``
    went on past an endpoint that answered 405."""

    async def receiver(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        status = 204 if scope["path"] == "/hooks" else 405
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    with serving(receiver) as endpoint:
        for path, code, state in (("/hooks", 0, "delivered"), ("/elsewhere", 1, "failed")):
            added = json.loads(cli(origin, "webhooks", "add", endpoint + path).stdout)
            sent = cli(origin, "webhooks", "test", str(added["id"]))
            assert sent.returncode == code, sent.stdout + sent.stderr
            assert json.loads(sent.stdout)["state"] == state
            assert cli(origin, "webhooks", "remove", str(added["id"])).returncode == 0
