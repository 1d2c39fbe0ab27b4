"""The proxy command: its traffic journaled under its own key, read as a sandbox's journal is
(the control API, its HAR, the dashboard), and its reports written when it is stopped."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree as ET

import httpx
import pytest

from mockserver.cli.exits import INTERRUPTED, UNUSABLE
from mockserver.cli.proxy import refused_as
from mockserver.cli.proxy_journal import JournaledProxy
from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.live_checks.by_api import with_bases
from mockserver.live_checks.exchanges import read_har
from mockserver.rule_engine.callers import caller_named
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.server.uvicorn_config import proxy_config
from tests.commands import Commands
from tests.contract.live import running, self_signed, serving
from tests.live_checks.test_proxy_upstream_faults import raw_upstream
from tests.live_checks.traffic import START
from tests.test_serve import (
    STOPS_WHILE_STARTING,
    announced,
    rest_of,
    stopped_where_lost,
    stopped_while_starting,
)
from tests.upgrades import UPGRADES, asked_to_upgrade

API_KEY = {"Authorization": "Bearer sk_rsv_proxied_app_0001"}
PROXY_KEY = "proxy_journal_test_0001"


@pytest.fixture(scope="module")
def upstream(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("upstream") / "sandbox.db"
    settings = Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={})
    with serving(create_app(settings)) as origin:
        yield origin + "/reservekit"


def _book_and_cancel(base: str) -> list[int]:
    with httpx.Client(base_url=base, headers=API_KEY, timeout=30) as app:
        slot = app.get("/v1/time-slots/1").json()["data"]
        day = {1: "2027-02-01", 2: "2027-02-02", 3: "2027-02-03", 4: "2027-02-04", 5: "2027-02-05"}
        made = app.post("/v1/bookings", json={"date": day[slot["day_of_week"]], "time_slot_id": 1})
        path = f"/v1/bookings/{made.json()['data']['id']}"
        read = app.get(path)
        cancelled = app.patch(path, json={"status": "cancelled", "cancel_reason": "plans changed"})
        return [r.status_code for r in (made, read, cancelled, app.get(path))]


def test_the_proxys_traffic_is_a_sandbox_journal_under_its_key(upstream: str, tmp_path: Path) -> None:
    out = io.StringIO()
    proxy = JournaledProxy("reservekit-v1", upstream, PROXY_KEY, out=out)
    with serving(proxy) as origin:
        # A client's first call under its base given twice: the vendor's rightful 404, which
        # reached no operation, so the Coverage tab counts none (it counted GET /v1/services).
        assert httpx.get(f"{origin}/reservekit/v1/services", headers=API_KEY).status_code == 404
        assert _book_and_cancel(origin) == [201, 200, 200, 200]
        journal = httpx.get(f"{origin}/_sandbox/journal", headers={"Authorization": f"Bearer {PROXY_KEY}"})
        har = httpx.get(f"{origin}/_sandbox/journal/har", headers={"Authorization": f"Bearer {PROXY_KEY}"})
        other = httpx.get(f"{origin}/_sandbox/journal", headers={"Authorization": "Bearer someone_else_key"})
        page = httpx.get(f"{origin}/_sandbox/dashboard/")
        listed = httpx.get(
            f"{origin}/_sandbox/dashboard/partials/journal", headers={"Authorization": f"Bearer {PROXY_KEY}"}
        )
        covered = httpx.get(f"{origin}/_sandbox/coverage", headers={"Authorization": f"Bearer {PROXY_KEY}"})
    assert out.getvalue() == "", "clean traffic: no finding"
    # Each exchange counted under the operation the proxy judged it (the Coverage tab was empty:
    # the upstream's base path is under no mount of the proxy's own server).
    assert {(row["item"], row["status"], row["count"]) for row in covered.json()["rows"]} == {
        ("GET /v1/time-slots/{timeSlotID}", 200, 1),
        ("POST /v1/bookings", 201, 1),
        ("GET /v1/bookings/{bookingID}", 200, 2),
        ("PATCH /v1/bookings/{bookingID}", 200, 1),
    }
    entries = journal.json()["entries"]
    assert [(e["method"], e["status"]) for e in reversed(entries)] == [
        ("GET", 404), ("GET", 200), ("POST", 201), ("GET", 200), ("PATCH", 200), ("GET", 200)
    ]  # fmt: skip
    assert all(e["path"].startswith("/reservekit/") for e in entries)
    # The caller's fingerprint stays, so the journal's HAR can be checked caller by caller.
    assert entries[0]["request"]["headers"]["authorization"].startswith("Bearer ********#")
    assert other.json()["entries"] == []
    assert page.status_code == 200
    assert listed.status_code == 200
    assert "/reservekit/v1/bookings" in listed.text
    (tmp_path / "journal.har").write_bytes(har.content)
    check = TrafficCheck("reservekit-v1")
    for exchange in with_bases("reservekit-v1", read_har(tmp_path / "journal.har")):  # as check-har
        check.observe(exchange)
    report = check.report()
    assert report.exchanges == 6
    assert report.findings == []
    assert proxy.proxy.exchanges == [], "without --har nothing is held in memory"


def test_the_command_prints_its_key_journals_and_writes_its_reports_on_sigterm(
    upstream: str, tmp_path: Path, commands: Commands
) -> None:
    port = free_port()
    command = ["proxy", "--api", "reservekit-v1", "--upstream", upstream]
    command += ["--port", str(port), "--key", PROXY_KEY, "--har", str(tmp_path / "run.har")]
    command += ["--report", str(tmp_path / "report.json"), "--other-account", "sk_rsv_never_sent"]
    process = commands.start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, "/_proxy/report", process=process)
        origin = f"http://127.0.0.1:{port}"
        assert _book_and_cancel(origin) == [201, 200, 200, 200]
        count = httpx.get(
            f"{origin}/_sandbox/journal/count", headers={"Authorization": f"Bearer {PROXY_KEY}"}
        )
        assert count.json()["count"] == 5
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert (
        f"journal key {PROXY_KEY}; dashboard http://127.0.0.1:{port}/_sandbox/dashboard/#key={PROXY_KEY}"
        in out
    )
    assert json.loads((tmp_path / "report.json").read_text())["findings"] == []
    assert len(json.loads((tmp_path / "run.har").read_text())["log"]["entries"]) == 5
    # An account named whose credential never came through: said, not judged clean in silence.
    unsent = caller_named("sk_rsv_never_sent")
    assert (
        f"not judged: --other-account {unsent}, since no request of the traffic sent that credential" in out
    )


def test_the_proxys_own_server_is_its_journal_and_says_so(upstream: str) -> None:
    """The server beside the proxy is a sandbox's, and no API call reaches it: its clock,
    faults, webhooks, world and state are no one's. Its health says whose journal it keeps;
    what would act on that phantom sandbox is refused, naming the upstream."""
    key = {"Authorization": f"Bearer {PROXY_KEY}"}
    with serving(JournaledProxy("reservekit-v1", upstream, PROXY_KEY)) as origin:
        health = httpx.get(f"{origin}/_sandbox/health")
        refused = [
            httpx.request(method, f"{origin}/_sandbox{path}", headers=key, json=body)
            for method, path, body in (
                ("POST", "/clock/advance", {"seconds": 60}),
                ("GET", "/clock", None),
                ("POST", "/faults", {"kind": "error", "status": 503}),
                ("POST", "/webhooks", {"url": "http://127.0.0.1:9/hook"}),
                ("POST", "/reset", {}),
                ("GET", "/target-data", None),
                ("PUT", "/state", {}),
                # The dashboard's views of that sandbox: a seeded world and a clock as the upstream's.
                *(("GET", f"/dashboard/partials/{view}", None) for view in ("overview", "calendar", "data")),
            )
        ]
        kept = [
            httpx.request(method, f"{origin}/_sandbox{path}", headers=key)
            for method, path in (
                ("GET", "/journal/count"),
                ("GET", "/coverage"),
                ("GET", "/dashboard/"),
                ("GET", "/dashboard/static/dashboard.js"),
                ("GET", "/dashboard/partials/journal"),
                ("GET", "/dashboard/partials/coverage"),
                ("DELETE", "/journal"),
            )
        ]
    said = health.json()
    assert (health.status_code, said["service"]) == (200, "booking-sandbox")
    assert said["proxy"] == {"api": "reservekit-v1", "upstream": upstream}
    assert int(health.headers["content-length"]) == len(health.content)
    for answer in refused:
        assert answer.status_code == 409, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "proxy_journal"
        assert f"the journal of what passes to {upstream}" in answer.json()["detail"]
    assert [answer.status_code for answer in kept] == [200, 200, 200, 200, 200, 200, 204]


@pytest.mark.parametrize("preflight", [False, True], ids=["nothing", "a preflight alone"])
def test_a_proxy_that_saw_no_traffic_is_no_verdict(
    upstream: str, tmp_path: Path, preflight: bool, commands: Commands
) -> None:
    """A suite whose base URL missed the proxy must not pass: exit 5 and a report that says so. A
    browser's preflight that came alone (its app then called the vendor elsewhere) is none either."""
    port = free_port()
    command = ["proxy", "--api", "reservekit-v1"]
    command += ["--upstream", upstream, "--port", str(port), "--junit", str(tmp_path / "checks.xml")]
    process = commands.start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, "/_proxy/report", process=process)
        # The proxy's own report and journal are not the API's traffic.
        httpx.get(f"http://127.0.0.1:{port}/_sandbox/journal/count", headers={"Authorization": "Bearer x"})
        if preflight:
            asked = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}
            httpx.options(f"http://127.0.0.1:{port}/v1/bookings", headers=asked)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 5, out + err
    nothing = "no call of the API" if preflight else "no exchange"
    assert err.splitlines()[-1] == (
        f"booking-sandbox proxy: {nothing} came through http://127.0.0.1:{port}: nothing was checked"
    )
    if preflight:
        assert out.splitlines()[-1] == "skipped 1 exchange: 1 of browsers' CORS preflights"
    # Nothing CI could read as a pass: one errored case, saying why.
    (case,) = ET.parse(tmp_path / "checks.xml").getroot().iter("testcase")
    error = case.find("error")
    assert error is not None
    assert error.get("message") == f"{nothing} came through http://127.0.0.1:{port}: nothing was checked"


def test_a_404_still_waiting_for_its_hosts_base_is_said_when_the_proxy_stops(
    upstream: str, commands: Commands
) -> None:
    """A 404 before the host's first 2xx waits for the base (``rule_engine.unplaced``); a host
    that never answers 2xx (here: an upstream under no mount) shows none, and at the stop the
    404 is judged by its path's end, its line said before the summary that counts it."""
    port = free_port()
    command = ["proxy", "--api", "reservekit-v1", "--upstream", upstream + "/nowhere", "--port", str(port)]
    process = commands.start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_up(port, "/_proxy/report", process=process)
        assert httpx.get(f"http://127.0.0.1:{port}/v1/services", headers=API_KEY).status_code == 404
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 1, out + err
    finding, summary = out.splitlines()[-2:]
    assert finding.startswith("FINDING SPEC-STATUS #1 GET /reservekit/nowhere/v1/services -> 404"), out
    assert summary.startswith("reservekit-v1: 1 exchange, "), out


@contextmanager
def proxy_process(upstream: str, *, path: str = "") -> Iterator[tuple[int, list[str]]]:
    """``booking-sandbox proxy`` to ``upstream`` in a new interpreter (``path`` first on its
    PYTHONPATH): its port, and, once the block ends and it has stopped, its standard error."""
    port = free_port()
    command = [sys.executable, "-m", "mockserver.cli", "proxy", "--api", "reservekit-v1"]
    command += ["--upstream", upstream, "--port", str(port)]
    environ = {**os.environ, "PYTHONPATH": os.pathsep.join([path, *sys.path] if path else sys.path)}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ
    )
    said: list[str] = []
    try:
        wait_until_up(port, "/_proxy/report", process=process)
        yield port, said
    finally:
        process.send_signal(signal.SIGTERM)
        said += process.communicate(timeout=30)[1].splitlines()


def test_the_proxys_own_log_lines_are_said_as_uvicorns(upstream: str, tmp_path: Path) -> None:
    """A line of the proxy's own server (its journal's) reached Python's last resort: bare,
    beside uvicorn's prefixed ones. One is said here as the proxy ends, through what it set up."""
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, logging\n"
        "atexit.register(lambda: logging.getLogger('mockserver.control').warning('a line of its own'))\n"
    )
    with proxy_process(upstream, path=str(tmp_path)) as (_, said):
        pass
    assert "WARNING:  a line of its own" in said, said


def test_an_answer_the_upstream_broke_off_is_said_once_as_a_finding_not_as_uvicorns_error() -> None:
    """The client's answer ends short as the upstream's did, and the proxy's finding says so;
    uvicorn's "ASGI callable returned without completing response." at ERROR said it again,
    as if of a fault of the proxy's own."""
    short = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":1}'
    with raw_upstream(short) as up, proxy_process(up) as (port, said):
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"http://127.0.0.1:{port}/v1/bookings/7", headers=API_KEY)
        (finding,) = httpx.get(f"http://127.0.0.1:{port}/_proxy/report").json()["findings"]
    assert finding["rule"] == "UPSTREAM"
    assert not [line for line in said if line.startswith(("WARNING", "ERROR"))], said


def test_a_request_asking_to_upgrade_passes_as_the_plain_request_it_is(upstream: str) -> None:
    """A GET asking to upgrade to WebSocket was a 500 from the proxy and an ERROR line ("ASGI
    callable returned without completing handshake"); one asking for h2c a warning each."""
    query = "/v1/services?page=1&page_size=2"
    direct = httpx.get(upstream + query, headers=API_KEY)
    with proxy_process(upstream) as (port, said):
        for upgrade in UPGRADES:
            answered = asked_to_upgrade(f"http://127.0.0.1:{port}{query}", upgrade, API_KEY)
            assert answered == (200, direct.json()), upgrade
        report = httpx.get(f"http://127.0.0.1:{port}/_proxy/report").json()
    assert (report["exchanges"], report["findings"]) == (2, [])
    assert not [line for line in said if line.startswith(("WARNING", "ERROR"))], said


def refused_proxy(commands: Commands, *args: str) -> subprocess.CompletedProcess[str]:
    """``booking-sandbox proxy`` for merchant to an upstream never reached, with ``args``."""
    return commands.run(["proxy", "--api", "merchant", "--upstream", "http://x", *args], timeout=60)


@pytest.mark.parametrize("key", ["short", "has space key", "x" * 131])
def test_a_key_that_could_not_name_a_sandbox_is_a_usage_error(key: str, commands: Commands) -> None:
    ran = refused_proxy(commands, "--key", key)
    assert ran.returncode == 4, ran.stderr
    assert "--key needs 8 to 130 letters" in ran.stderr


def test_a_busy_port_is_one_line_before_any_banner(commands: Commands) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        ran = refused_proxy(commands, "--port", str(port))
    assert ran.returncode == 3, ran.stderr
    assert ran.stdout == "", "the banner was printed for a proxy that never started"
    assert ran.stderr.splitlines() == [
        f"booking-sandbox proxy: 127.0.0.1:{port} is in use by another program: stop it, or pass another "
        "--port (e.g. --port 8001)"
    ]


def test_port_0_proxies_on_a_free_port_the_banner_names(upstream: str, commands: Commands) -> None:
    command = ["proxy", "--api", "reservekit-v1", "--upstream", upstream, "--port", "0"]
    process = commands.start(command, stdout=subprocess.PIPE)
    try:
        report = announced(process, r"report at http://127\.0\.0\.1:(\d+)/_proxy/report$")
        wait_until_up(int(report[1]), "/_proxy/report", process=process)
        assert _book_and_cancel(f"http://127.0.0.1:{report[1]}") == [201, 200, 200, 200]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode == 0


def test_with_a_certificate_the_proxy_listens_on_https_and_tells_plain_http_so(
    upstream: str, commands: Commands, tmp_path: Path
) -> None:
    """An app that speaks HTTPS alone (a phone's) is put in front of the vendor through the proxy."""
    cert, key = self_signed(tmp_path)
    command = ["proxy", "--api", "reservekit-v1", "--upstream", upstream, "--port", "0"]
    process = commands.start(
        [*command, "--tls-cert", str(cert), "--tls-key", str(key)], stdout=subprocess.PIPE
    )
    try:
        report = announced(process, r"report at https://127\.0\.0\.1:(\d+)/_proxy/report$")
        origin = f"127.0.0.1:{report[1]}"
        context = ssl.create_default_context(cafile=str(cert))
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"https://{origin}/v1/services/1", headers=API_KEY, verify=context)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the proxy did not answer over TLS"
                time.sleep(0.05)
        assert (answer.status_code, answer.json()["data"]["id"]) == (200, 1)
        plain = httpx.get(f"http://{origin}/v1/services/1", headers=API_KEY)
        assert plain.status_code == 400
        said = f"this server speaks HTTPS alone: send the request to https://{origin}/v1/services/1"
        assert plain.json() == {"data": None, "error": f"invalid request: {said}"}  # the API's shape
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    output = rest_of(process)
    assert process.returncode == 0, output
    assert "reservekit-v1: 1 exchange," in output, "the plain request was no exchange of the API's"


def test_a_certificate_the_proxy_cannot_use_is_one_line_before_any_banner(
    upstream: str, commands: Commands, tmp_path: Path
) -> None:
    cert, _ = self_signed(tmp_path)
    command = ["proxy", "--api", "reservekit-v1", "--upstream", upstream, "--port", "0"]
    for given, said in [
        (("--tls-cert", str(cert)), "--tls-cert needs its private key too (--tls-key)"),
        (("--tls-cert", str(cert), "--tls-key", str(cert)), f"--tls-key {cert}: holds no private key in PEM"),
    ]:
        run = commands.run([*command, *given], timeout=60)
        assert run.returncode == 3, run.stderr
        assert run.stdout == "", "no banner"
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert run.stderr.startswith(f"booking-sandbox proxy: {said}"), run.stderr


@pytest.mark.parametrize("stop", STOPS_WHILE_STARTING)
def test_a_stop_while_it_starts_interrupts_it_and_leaves_no_temporary_database(
    stop: str, tmp_path: Path
) -> None:
    """As ``serve``'s (``tests/test_workers.py``): the journal's database, made before uvicorn
    sets its handlers, stayed in /tmp when a SIGTERM came then; a Ctrl-C was lost."""
    # --port 0: a free port the system gives, where one picked beforehand may be taken meanwhile.
    command = ["proxy", "--api", "reservekit-v1", "--upstream", "http://127.0.0.1:9", "--port", "0"]
    code, errors = stopped_while_starting(command, tmp_path, stop)
    assert code == INTERRUPTED, errors
    assert list(tmp_path.iterdir()) == []


def test_a_stop_before_uvicorn_sets_its_handlers_stops_it(tmp_path: Path) -> None:
    """The proxy's own handlers (set so that its reports are written) ignored a stop that came
    before uvicorn set its own, and the proxy served on."""
    script = """
import signal, sys, uvicorn
from mockserver import cli
serves = uvicorn.Server.run
def early(self, sockets=None):
    signal.raise_signal(signal.SIGTERM)
    serves(self, sockets=sockets)
uvicorn.Server.run = early
sys.exit(cli.main(sys.argv[1:]))
"""
    command = ["proxy", "--api", "reservekit-v1", "--upstream", "http://127.0.0.1:9", "--port", "0"]
    run = subprocess.run(
        [sys.executable, "-c", script, *command],
        env={**os.environ, "TMPDIR": str(tmp_path)}, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert run.returncode == UNUSABLE, run.stdout + run.stderr  # stopped: no exchange came through
    assert "no exchange came through" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_stop_whose_interrupt_python_swallowed_still_stops_it(tmp_path: Path) -> None:
    """As ``serve``'s (``tests/test_workers.py``): raised once its own handlers are set."""
    command = ["proxy", "--api", "reservekit-v1", "--upstream", "http://127.0.0.1:9", "--port", "0"]
    code, errors = stopped_where_lost(command, tmp_path)
    assert "Exception ignored in" in errors, errors
    assert "KeyboardInterrupt" in errors
    assert code == INTERRUPTED, errors
    assert list(tmp_path.iterdir()) == []


def test_the_proxys_connections_have_the_servers_bounds_and_refusals_in_the_apis_shape(
    upstream: str,
) -> None:
    """Its uvicorn let a client hold a connection with a head it never finished, as many as it
    opened, and refused bytes that are no HTTP in uvicorn's line of text."""
    settings = Settings.load({"port": free_port(), "head_timeout": 1, "max_head_bytes": 4096}, environ={})
    proxy = JournaledProxy("reservekit-v1", upstream, "sk_rsv_bounded_proxy")
    with running(proxy_config(settings, proxy, refused_as(proxy.proxy))):
        front = f"http://127.0.0.1:{settings.port}"
        assert httpx.get(f"{front}/v1/services", headers=API_KEY).status_code == 200  # it proxies
        for sent, status in (
            (b"GET /v1/services HTTP/1.1\r\nHost: t\r\n", 408),  # and never the head's end
            (b"NOT HTTP \x00\x01\r\n\r\n", 400),
            (b"GET /v1/services HTTP/1.1\r\nHost: t\r\nX-Big: " + b"x" * 8192 + b"\r\n\r\n", 431),
        ):
            with socket.create_connection(("127.0.0.1", settings.port), timeout=10) as sock:
                sock.sendall(sent)
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 %d " % status), answer[:200]
            assert b"content-type: application/json" in head.lower(), head
            assert json.loads(body)["data"] is None, body  # ReserveKit's own error shape
