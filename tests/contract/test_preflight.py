"""A target the kit cannot use is one line and exit 5; a usage mistake one line and exit 4.

Each case is met as a QA engineer meets it: a mistyped host, a wrong port, a base URL
without its mount, a web server that is no API, a refused token, and the docs' staging
command pasted with its variables unset. None may print a traceback or run a check, and
each answers within ten seconds.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from contract_tests.kit.client import MAX_ANSWER_BYTES
from contract_tests.kit.target_data import TargetDataError, checked
from mockserver.integration.local_server import free_port
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.commands import Commands
from tests.conftest import START
from tests.contract.live import Kit, KitResult, serving

RULES_ONLY = ("--checks", "rules")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("preflight") / "sandbox.db"
    with serving(create_app(Settings.load({"db": str(db), "start_at": START}, environ={}))) as origin:
        yield origin


def _one_line(result: KitResult, code: int, *said: str) -> str:
    assert result.exit_code == code, result.output[-3000:]
    assert "Traceback" not in result.output, result.output[-3000:]
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output[-3000:]
    for words in said:
        assert words in lines[0], lines[0]
    return lines[0]


def answering(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    """A target that gives every request the same answer, as it is written here."""

    async def answer(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return answer


def _timed(kit: Kit, base_url: str, tmp_path: Path, *args: str, api: str = "reservekit-v1") -> KitResult:
    began = time.monotonic()
    result = kit.run_at(base_url, api, tmp_path, *args, *RULES_ONLY)
    assert time.monotonic() - began < 10, "the preflight answers within ten seconds"
    return result


def test_a_host_that_does_not_resolve(kit: Kit, tmp_path: Path) -> None:
    result = _timed(kit, "http://staging.booking-sandbox.invalid/v1", tmp_path, "--token", "sk_live_x")
    _one_line(result, 5, "target not usable", "staging.booking-sandbox.invalid", "does not resolve")


def test_a_port_nothing_listens_on(kit: Kit, tmp_path: Path) -> None:
    port = free_port()
    result = _timed(kit, f"http://127.0.0.1:{port}/reservekit", tmp_path, "--token", "sk_live_x")
    said = _one_line(
        result, 5, f"http://127.0.0.1:{port}/", f"nothing accepts connections at 127.0.0.1 port {port}"
    )
    # CI reads --junit: the refusal is there too, as one errored case (it said "no report").
    assert result.failed == {"contract_kit::preflight": said.removeprefix("Exit: ")[:200]}


def test_a_refused_start_writes_the_har_of_what_it_sent(kit: Kit, tmp_path: Path) -> None:
    """The one line says why; ``--har`` shows what was sent, a request with no answer as a
    browser records one (status 0), its comment saying what the network said."""
    port, har = free_port(), tmp_path / "kit.har"
    result = kit.run_at(f"http://127.0.0.1:{port}/reservekit", "reservekit-v1", tmp_path, "--har", str(har))
    assert result.exit_code == 5, result.output[-3000:]
    assert f"contract kit: wrote 1 exchange as HAR to {har.resolve()}" in result.output
    (entry,) = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert (entry["request"]["url"], entry["response"]["status"]) == (
        f"http://127.0.0.1:{port}/_sandbox/health",
        0,
    )
    assert entry["comment"].startswith("no answer: the request failed ("), entry["comment"]


def test_a_sandbox_root_without_the_mount_names_the_url_meant(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    for api, mount in (("reservekit-v1", "reservekit"), ("bardge-v3", "bardge/v3"), ("merchant", "merchant")):
        result = _timed(kit, sandbox, tmp_path, api=api)
        _one_line(result, 5, f"does not serve the {api} API", f"(did you mean {sandbox}/{mount}?)")


def test_a_url_one_mount_off_names_the_url_meant(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    # Part of the API's mount, another API's mount, and a mount mistyped: each gives the one meant.
    for api, given, mount in (
        ("bardge-v3", "bardge", "bardge/v3"),
        ("merchant", "reservekit", "merchant"),
        ("lifecycle", "lifecyle", "lifecycle"),
    ):
        result = _timed(kit, f"{sandbox}/{given}", tmp_path, api=api)
        _one_line(result, 5, f"does not serve the {api} API", f"(did you mean {sandbox}/{mount}?)")


def test_a_web_server_that_answers_404_to_everything(kit: Kit, tmp_path: Path) -> None:
    nothing = Starlette(routes=[])  # every path: 404 Not Found
    with serving(nothing) as origin:
        result = _timed(kit, origin + "/api", tmp_path, "--token", "sk_live_x")
    line = _one_line(
        result, 5, "does not serve the reservekit-v1 API", f"GET {origin}/api/v1/services answered 404"
    )
    assert "did you mean" not in line


def test_a_web_app_that_answers_its_page_to_every_path(kit: Kit, tmp_path: Path) -> None:
    """The site's URL given for its API's (a single-page app, or a dev server falling back to
    its index.html): a 200 for every call, each a page where the spec documents JSON. It failed
    18 rules, each blamed on the API."""

    async def page(request: Any) -> HTMLResponse:
        return HTMLResponse("<!doctype html><html><body><div id=root></div></body></html>")

    app = Starlette(routes=[Route("/{path:path}", page, methods=["GET", "HEAD"])])
    with serving(app) as origin:
        result = _timed(kit, origin + "/api", tmp_path, "--token", "sk_live_x")
    line = _one_line(
        result,
        5,
        f"does not serve the reservekit-v1 API: its documented list operation GET {origin}/api/v1/services",
        "answered 200 with text/html, not JSON (<!doctype html><html><body><div id=root></div></body></html>)",
    )
    assert "did you mean" not in line  # the page answers at every mount too


def test_a_host_that_redirects_every_call(kit: Kit, tmp_path: Path) -> None:
    """``http://`` given for a vendor that serves HTTPS alone: every call answers a redirect,
    and the kit (which follows none) ran a minute and a half to 27 broken rules."""

    async def moved(scope: Any, receive: Any, send: Any) -> None:
        there = f"https://api.vendor.example{scope['path']}".encode()
        await send({"type": "http.response.start", "status": 301, "headers": [(b"location", there)]})
        await send({"type": "http.response.body", "body": b"Moved Permanently"})

    with serving(moved) as origin:
        result = _timed(kit, f"{origin}/v1x", tmp_path, "--token", "sk_rsv_moved_0001")
    _one_line(
        result,
        5,
        f"{origin}/v1x redirects: GET {origin}/v1x/v1/services answered 301 to "
        "https://api.vendor.example/v1x/v1/services; pass the base URL it redirects to as --base-url",
    )


def test_a_redirect_to_what_is_no_url_is_said_not_raised(kit: Kit, tmp_path: Path) -> None:
    """``requests`` parses every 3xx's ``Location`` even where it follows none: ``http://[::1/x``
    raised ValueError out of the kit's first request, an INTERNALERROR and exit 3."""

    with serving(answering(302, [(b"location", b"http://[::1/x")], b"")) as origin:
        result = _timed(kit, f"{origin}/api", tmp_path, "--token", "sk_rsv_moved_0001")
    _one_line(
        result, 5, f"{origin}/api redirects: GET {origin}/api/v1/services answered 302 to http://[::1/x"
    )


def test_an_answer_that_is_not_the_gzip_it_says_is_said_in_http_not_zlib(kit: Kit, tmp_path: Path) -> None:
    """It was zlib's "Error -3 while decompressing data: incorrect header check"."""
    headers = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip")]
    with serving(answering(200, headers, b'{"data": []}')) as origin:
        result = _timed(kit, f"{origin}/api", tmp_path, "--token", "sk_rsv_labelled_0001")
    _one_line(
        result,
        5,
        f"target not usable: {origin}/_sandbox/health is not usable: Received response with "
        "content-encoding: gzip, but failed to decode it.",
    )


def test_plain_http_to_an_https_port_is_said_so(kit: Kit, tmp_path: Path) -> None:
    """nginx answers a plain HTTP request on its HTTPS port 400 to every call: the kit ran
    every check against that page and blamed each rule on the API."""

    async def refused(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"server", b"nginx/1.22.1"), (b"content-type", b"text/html")]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        page = b"<html><center><h1>400 Bad Request</h1></center><center>The plain HTTP request was sent to HTTPS port</center></html>"
        await send({"type": "http.response.body", "body": page})

    with serving(refused) as origin:
        result = _timed(kit, f"{origin}/api", tmp_path, "--token", "sk_rsv_plain_0001")
    _one_line(
        result,
        5,
        f"{origin}/api refuses the reservekit-v1 API's documented list operation itself: GET {origin}/api/v1/services answered 400",
        "The plain HTTP request was sent to HTTPS port",
        "(if the server speaks HTTPS, name it with https://)",
    )


class Gateway:
    """An ingress in front of ``app``: nginx's own 502 while ``down`` (the API behind it gone),
    counting the calls it answered so."""

    def __init__(self, app: Any, down: int, below: str = "/") -> None:
        self.app = app
        self.down = down
        self.below = below
        """The paths it sends to the API (others are its own: a 404)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and self.down and scope["path"].startswith(self.below):
            self.down -= 1
            headers = [(b"server", b"nginx/1.22.1"), (b"content-type", b"text/html")]
            await send({"type": "http.response.start", "status": 502, "headers": headers})
            await send({"type": "http.response.body", "body": b"<html><h1>502 Bad Gateway</h1></html>"})
            return
        await self.app(scope, receive, send)


def test_a_gateway_whose_api_is_down_is_no_verdict_on_the_api(kit: Kit, tmp_path: Path) -> None:
    """nginx in front of a vendor that is not running answers 502 to every call: the kit ran to
    27 broken rules of a vendor it never reached."""
    with serving(Gateway(Starlette(routes=[]), down=1_000)) as origin:
        given = _timed(kit, f"{origin}/reservekit", tmp_path, "--token", "sk_rsv_gateway_0001")
        none = _timed(kit, f"{origin}/reservekit", tmp_path)  # not "needs a token": nothing answered
    for result in (given, none):
        _one_line(
            result,
            5,
            f"{origin} is not answering behind its gateway: GET {origin}/_sandbox/health answered 502 "
            "Bad Gateway twice, a second apart (Server: nginx/1.22.1); the API behind it is unreachable",
        )
    # A gateway that routes the API's paths alone: the API's own list operation says it.
    with serving(Gateway(Starlette(routes=[]), down=1_000, below="/reservekit/")) as origin:
        routed = _timed(kit, f"{origin}/reservekit", tmp_path, "--token", "sk_rsv_gateway_0001")
    _one_line(
        routed,
        5,
        f"{origin}/reservekit is not answering behind its gateway: GET {origin}/reservekit/v1/services "
        "answered 502 Bad Gateway twice",
    )


def test_a_gateway_that_answers_again_a_moment_later_is_checked(kit: Kit, tmp_path: Path) -> None:
    """A pod restarting behind its ingress: the first call's 502 is asked again, and the run goes on."""
    db = tmp_path / "sandbox.db"
    gateway = Gateway(create_app(Settings.load({"db": str(db), "start_at": START}, environ={})), down=1)
    with serving(gateway) as origin:
        result = kit.run_at(
            f"{origin}/reservekit", "reservekit-v1", tmp_path, *RULES_ONLY, "--", "-k", "reason"
        )
    assert result.exit_code == 0, result.output[-3000:]
    assert result.passed, result.output[-3000:]
    assert gateway.down == 0


def test_a_sandbox_that_serves_another_api_says_which_it_serves(kit: Kit, tmp_path: Path) -> None:
    """``serve --api reservekit-v1`` names that API's target data alone: the kit aimed at its
    merchant mount says what the server serves, not that only a sandbox serves target data."""
    settings = Settings.load({"db": str(tmp_path / "one.db"), "apis": ["reservekit-v1"]}, environ={})
    with serving(create_app(settings)) as origin:
        result = _timed(kit, f"{origin}/merchant", tmp_path, api="merchant")
    _one_line(
        result,
        5,
        f"{origin} is a booking-sandbox serving reservekit-v1, not the merchant API: give the base URL "
        "of one that serves it, or serve it there too (serve --api merchant)",
    )


def test_a_token_every_call_refuses(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    result = _timed(kit, sandbox + "/reservekit", tmp_path, "--token", "not-a-key")
    # What the sandbox's WWW-Authenticate says a key looks like (the body is the vendor's).
    _one_line(result, 5, "the token is refused", "answered 401", "(an API key here is sk_rsv_ and 8 to 120")


def test_another_roles_refused_token_is_the_users_error_not_the_vendors(
    sandbox: str, kit: Kit, tmp_path: Path
) -> None:
    """(It passed the preflight once, and RK-ISOLATION failed with the 401 body, exit 1.)"""
    result = _timed(kit, sandbox + "/reservekit", tmp_path, "--token", "other=garbage")
    _one_line(result, 5, "the token for the role 'other' is refused", "answered 401")
    merchant = _timed(kit, sandbox + "/merchant", tmp_path, "--token", "customer=x.y", api="merchant")
    _one_line(
        merchant, 5, "the token for the role 'customer' is refused", "(a token here is merchant.<merchant"
    )


def test_a_key_too_short_for_a_sandbox_is_said_to_be_one(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    """(It was told that only a booking-sandbox serves target data, facing one.)"""
    token = ("--token", "merchant.serenity-day-spa.abc")
    result = _timed(kit, sandbox + "/merchant", tmp_path, *token, api="merchant")
    line = _one_line(result, 5, "the sandbox key 'abc' that the given token names is refused", "answered 401")
    assert "only a booking-sandbox" not in line
    # A ReserveKit key is its sandbox's key whole: one too short for the API is the API's 401.
    result = _timed(kit, sandbox + "/reservekit", tmp_path, "--token", "sk_rsv_abc")
    line = _one_line(result, 5, "the token is refused", "answered 401", "missing or invalid API key")
    assert "only a booking-sandbox" not in line


def test_the_docs_staging_command_with_its_variables_unset(kit: Kit, tmp_path: Path) -> None:
    # booking-sandbox contract ... --token "$RESERVEKIT_KEY" --token other="$SECOND_ACCOUNT_KEY"
    args = (
        "--token",
        "",
        "--token",
        "other=",
        "--header",
        "X-Env: staging",
        "--har",
        str(tmp_path / "k.har"),
    )
    result = _timed(kit, "https://staging.example.com", tmp_path, *args)
    _one_line(result, 4, "--token for the role 'key' is empty (an unset variable?)")


def test_a_foreign_target_without_a_token(kit: Kit, tmp_path: Path) -> None:
    """An API that answers (401 without a token) but is no booking-sandbox: the kit cannot mint."""
    refusing = Starlette()
    refusing.add_route("/v1/services", lambda request: PlainTextResponse("unauthorized", status_code=401))
    with serving(refusing) as origin:
        result = _timed(kit, origin, tmp_path)
    _one_line(result, 4, "is not a booking-sandbox, so the kit needs a token", "--token TOKEN (an API key)")


def test_an_unknown_role(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    result = _timed(kit, sandbox + "/reservekit", tmp_path, "--token", "owner=sk_rsv_x")
    _one_line(result, 4, "names the role 'owner'", "its roles: key, other")


def test_a_malformed_target_data_file_names_its_field(sandbox: str, kit: Kit, tmp_path: Path) -> None:
    data = tmp_path / "vendor.yaml"
    data.write_text("target_data: 1\nmerchant:\n  services:\n    - {id: 11, kind: massage, location_id: 1}\n")
    result = _timed(kit, sandbox + "/merchant", tmp_path, "--target-data", str(data), api="merchant")
    # Read by the command before pytest starts: said in its words, as its other usage errors.
    said = (
        f"booking-sandbox contract: --target-data {data}: merchant.services.0.kind: 'massage' is not one of"
    )
    assert _one_line(result, 4).startswith(said)
    # A misspelt kind names the one meant (checked in process: the command's line is above).
    with pytest.raises(
        TargetDataError, match=r"'apointment' is not one of .* \(did you mean 'appointment'\?\)$"
    ):
        checked(
            {
                "target_data": 1,
                "merchant": {"services": [{"id": 11, "kind": "apointment", "location_id": 1}]},
            },
            "mine",
        )
    data.write_text("merchant: [unclosed\n")
    result = _timed(kit, sandbox + "/merchant", tmp_path, "--target-data", str(data), api="merchant")
    _one_line(result, 4, f"--target-data {data}: not YAML or JSON at line")
    # Another API's data, or none: the file would have been used for nothing.
    data.write_text("target_data: 1\nlifecycle:\n  tokens: {customer: customer.x.key_0001}\n")
    result = _timed(kit, sandbox + "/merchant", tmp_path, "--target-data", str(data), api="merchant")
    _one_line(
        result,
        4,
        f"booking-sandbox contract: --target-data {data}: holds no merchant data (it holds lifecycle)",
    )


def _print_target_data(
    commands: Commands, api: str, base_url: str, *args: str
) -> subprocess.CompletedProcess[str]:
    command = ["contract", "--api", api, "--base-url", base_url, "--print-target-data", *args]
    return commands.run(command, timeout=60)


def test_print_target_data_writes_what_the_sandbox_serves(
    sandbox: str, tmp_path: Path, commands: Commands
) -> None:
    printed = _print_target_data(commands, "lifecycle", sandbox, "--token", "customer.x.my_own_sandbox_1")
    assert printed.returncode == 0, printed.stderr
    document = json.loads(printed.stdout)
    assert set(document) == {"target_data", "lifecycle"}
    checked(document, "printed")  # the published schema holds
    assert document["lifecycle"]["tokens"]["customer"].endswith(".my_own_sandbox_1"), (
        "the key the token names"
    )
    statuses = {booking["status"] for booking in document["lifecycle"]["bookings"]}
    assert {"accepted", "rejected"} <= statuses, statuses


def test_print_target_data_of_a_target_that_serves_none(kit: Kit, tmp_path: Path, commands: Commands) -> None:
    with serving(Starlette(routes=[])) as origin:
        printed = _print_target_data(commands, "merchant", origin)
    assert printed.returncode == 5, printed.stderr
    assert printed.stdout == ""
    assert "only a booking-sandbox" in printed.stderr
    assert len(printed.stderr.strip().splitlines()) == 1


def _answering(body: bytes, headers: list[tuple[bytes, bytes]]) -> Any:
    """A 'vendor' whose every answer is a 200 of ``body`` with ``headers``."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def test_a_vendor_answering_json_nested_too_deep_fails_its_checks_not_the_kit(
    kit: Kit, tmp_path: Path
) -> None:
    """Read with json.loads, 100,000 levels raised RecursionError out of the preflight: an
    INTERNALERROR, exit 3. It is JSON, and each check says it is nested too deep to read."""
    nested = b"[" * 100_000 + b"]" * 100_000
    with serving(_answering(nested, [(b"content-type", b"application/json")])) as origin:
        result = _timed(kit, origin, tmp_path, "--token", "sk_rsv_nested_0001")
    assert result.exit_code == 1, result.output[-3000:]
    assert "INTERNALERROR" not in result.output
    assert "ST110 Content deserialization error" in result.output, result.output[-3000:]


def test_a_vendor_whose_answers_break_the_spec_while_real_ids_are_found_fails_no_collection(
    kit: Kit, tmp_path: Path
) -> None:
    """Schemathesis' checks of the calls that find real resources raise an exception group (no
    Exception): the conformance module failed to collect, one ERROR with a traceback, and no
    operation's check was listed. Each is now checked, and fails on the vendor's answers."""
    with serving(_answering(b'{"a": 1}', [])) as origin:  # no Content-Type, and no "data"
        result = kit.run_at(
            origin, "reservekit-v1", tmp_path, "--token", "sk_rsv_nocontent_01", "--checks", "schema",
            "--max-examples", "1", "--phases", "coverage",
        )  # fmt: skip
    assert result.exit_code == 1, result.output[-3000:]
    assert "ERROR collecting" not in result.output, result.output[-3000:]
    assert "reservekit-v1: FAILED: 12 checked (0 passed, 12 failed)" in result.output, result.output[-3000:]
    assert "ST104 Missing Content-Type header" in result.output


def test_a_vendor_whose_answer_decodes_past_what_the_kit_reads_is_not_read_whole(
    kit: Kit, tmp_path: Path
) -> None:
    """65 MiB of JSON in 66 KB of gzip (a bomb a thousand times that is as small) was read whole
    into the kit's memory. The kit reads an answer to ``MAX_ANSWER_BYTES`` and no further."""
    bomb = gzip.compress(b'{"data": "' + b" " * (MAX_ANSWER_BYTES + 2**20) + b'"}', 6)
    coded = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip")]
    with serving(_answering(bomb, coded)) as origin:
        result = _timed(kit, origin, tmp_path, "--token", "sk_rsv_gzipbomb_01")
    _one_line(
        result,
        5,
        "/_sandbox/health is not usable",
        "its body passed 64 MiB (decoded), and was not read further",
    )
