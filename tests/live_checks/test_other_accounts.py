"""``check-har --other-account`` and ``proxy --other-account``: a recording of several accounts'
traffic, one of them named as another's. Each credential's traffic is followed apart (ids are per
account), so another account shown one of the first's bookings, or answered with its create, was
two callers' clean traffic until the second is named."""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.documents.har import fingerprint_of, header_value
from mockserver.live_checks.exchanges import read_har
from mockserver.live_checks.proxy import Proxy
from mockserver.rule_engine.callers import caller_named, caller_of
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.commands import Commands
from tests.conftest import START
from tests.contract.broken_families import SECOND_BREAKAGES
from tests.contract.live import Kit, serving
from tests.live_checks.conftest import Check

Har = dict[str, Any]
KEY = "sk_rsv_two_accounts"
OTHER = f"{KEY}_other"  # the target data's ``other``: a key of another account
THIRD = "sk_rsv_a_third_account"  # any other sandbox key is another account too


@pytest.fixture(scope="module")
def two_accounts(tmp_path_factory: pytest.TempPathFactory) -> Har:
    """The proxy's recording of a ReserveKit booking read by its account, then its number asked
    for by two other accounts' keys (each shown its own booking of the number: each account
    numbers its own), then read again."""
    db = tmp_path_factory.mktemp("accounts") / "sandbox.db"
    settings = Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={})
    with serving(create_app(settings)) as origin:
        proxy = Proxy("reservekit-v1", origin + "/reservekit")
        with serving(proxy) as front, httpx.Client(base_url=front) as http:
            own, other = ({"Authorization": f"Bearer {key}"} for key in (KEY, OTHER))
            third = {"Authorization": f"Bearer {THIRD}"}
            for headers in (own, other, third, own):
                assert http.get("/v1/bookings/1", headers=headers).status_code == 200
    return proxy.har()


def _leaked(har: Har) -> Har:
    """The recording as a vendor that shows any account's booking would have answered it."""
    leaked = copy.deepcopy(har)
    own_read, other_read = leaked["log"]["entries"][:2]
    # The other account's own booking of that number: another customer, made at another time.
    assert other_read["response"]["content"]["text"] != own_read["response"]["content"]["text"]
    other_read["response"] = copy.deepcopy(own_read["response"])
    return leaked


def test_another_accounts_read_shown_a_booking_is_found_only_where_the_account_is_named(
    two_accounts: Har, tmp_path: Path, check: Check
) -> None:
    # The third account, not named, is followed apart as ever: merged into the first one's trace,
    # its own booking of the number would read as the first one's changed.
    clean = check(tmp_path, two_accounts, "--api", "reservekit-v1", "--other-account", OTHER)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines() == ["reservekit-v1: 4 exchanges, 19 checks, no finding"]
    leaked = _leaked(two_accounts)
    # Unnamed, each key's traffic is followed apart: two callers' reads, each as it should be.
    unnamed = check(tmp_path, leaked, "--api", "reservekit-v1")
    assert unnamed.returncode == 0, unnamed.stdout + unnamed.stderr
    fingerprint = caller_named(OTHER)
    assert fingerprint in {caller_of(exchange) for exchange in read_har(tmp_path / "traffic.har")}
    for named in (OTHER, f"Bearer {OTHER}", fingerprint, f"#{fingerprint}", f"Bearer ********#{fingerprint}"):
        found = check(tmp_path, leaked, "--api", "reservekit-v1", "--other-account", named)
        assert found.returncode == 1, (named, found.stdout + found.stderr)
        assert re.search(
            r"^FINDING RK-ROLES-EVERY-OPERATION #\d+ GET /reservekit/v1/bookings/\S+ -> 200: another "
            r"account was shown booking",
            found.stdout,
            re.MULTILINE,
        ), found.stdout


def test_a_credential_is_named_as_the_recording_shows_it_or_as_it_was_sent() -> None:
    assert caller_named("1a2b3c4d") == caller_named("#1a2b3c4d") == "1a2b3c4d"
    assert caller_named("Bearer ********#1a2b3c4d") == caller_named("********#1a2b3c4d") == "1a2b3c4d"
    assert caller_named(OTHER) == caller_named(f"Bearer {OTHER}") == fingerprint_of(f"Bearer {OTHER}")
    assert caller_named(f" {OTHER}\n") == fingerprint_of(f"Bearer {OTHER}")
    # A fragment that is no fingerprint is a token like any other.
    assert caller_named("sk_rsv#1a2b3c4d") == fingerprint_of("Bearer sk_rsv#1a2b3c4d")
    assert caller_named("1A2B3C4D") == fingerprint_of("Bearer 1A2B3C4D")


def test_naming_no_credential_is_a_usage_error(two_accounts: Har, tmp_path: Path, check: Check) -> None:
    ran = check(tmp_path, two_accounts, "--api", "reservekit-v1", "--other-account", " ")
    assert ran.returncode == 4, ran.stdout + ran.stderr
    assert "--other-account: names no credential" in ran.stderr


@pytest.mark.slow
def test_a_key_answered_across_resellers_is_found_in_the_explorers_recording(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, commands: Commands, check: Check
) -> None:
    """Bardge's keys looked up without their reseller (``SECOND_BREAKAGES``): the explorer's
    other reseller, creating under a key the first one used, is answered with the first one's
    booking. Its recording, read by check-har, is two resellers' clean traffic until the second
    is named."""
    app = SECOND_BREAKAGES["BG-ROLES-EVERY-OPERATION/keys"][1](
        monkeypatch,
        create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={})),
    )
    with serving(app) as origin:
        walked = Kit(commands).run(
            origin,
            "bardge-v3",
            tmp_path,
            *("--checks", "explore", "--seed", "1", "--explore-steps", "48"),
            *("--explore-shrink-seconds", "0", "--har", str(tmp_path / "walk.har")),
        )
    assert walked.exit_code == 1, walked.output[-3000:]
    shared = re.findall(r"#\d+ POST \S+ as other under Idempotency-Key (\S+) ", walked.output)[-1]
    keyed = [
        e
        for e in read_har(tmp_path / "walk.har")
        if header_value(e.request_headers, "idempotency-key") == shared
    ]
    other = caller_of(keyed[-1])
    assert caller_of(keyed[0]) != other
    har = (tmp_path / "walk.har").read_text(encoding="utf-8")
    assert check(tmp_path, har, "--api", "bardge-v3").returncode == 0
    found = check(tmp_path, har, "--api", "bardge-v3", "--other-account", other)
    assert found.returncode == 1, found.stdout + found.stderr
    assert re.findall(
        r"^FINDING (\S+) .* -> 201: another account's create was answered as", found.stdout, re.M
    ) == ["BG-ROLES-EVERY-OPERATION"], found.stdout


@pytest.mark.parametrize("named", [True, False])
def test_the_proxy_finds_another_account_shown_a_booking_where_the_account_is_named(
    two_accounts: Har, named: bool
) -> None:
    """A vendor that shows any caller the booking of a number, whoever's it is, behind the proxy:
    with the other account's key named (``proxy --other-account``), its read is a finding."""
    shown = two_accounts["log"]["entries"][0]["response"]["content"]["text"].encode()

    async def vendor(scope: Any, receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(shown)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": shown})

    with serving(vendor) as upstream:
        proxy = Proxy(
            "reservekit-v1", upstream, out=io.StringIO(), others=[caller_named(OTHER)] if named else []
        )
        with serving(proxy) as front:
            for key in (KEY, OTHER):
                assert httpx.get(
                    f"{front}/v1/bookings/1", headers={"Authorization": f"Bearer {key}"}
                ).is_success
    found = [(f.rule, f.index) for f in proxy.check.report().findings]
    assert found == ([("RK-ROLES-EVERY-OPERATION", 2)] if named else []), found


def test_a_credential_not_named_is_followed_apart_as_ever(tmp_path: Path, check: Check) -> None:
    """A lifecycle terminal looks a customer's booking up by its number and hash: shown it as its
    owner is, as the document allows a terminal. Another customer named is no reason to judge
    every credential not named as another account's."""
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={}
    )
    key = "sk_rsv_a_terminal"
    with serving(create_app(settings)) as origin:
        with httpx.Client(base_url=origin) as http:
            shown = http.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {key}"}).json()
        booking, tokens = shown["lifecycle"]["bookings"][0], shown["lifecycle"]["tokens"]
        proxy = Proxy("lifecycle", origin + "/lifecycle")
        with serving(proxy) as front, httpx.Client(base_url=front) as http:
            owner = {"Authorization": f"Bearer {booking['owner_token']}"}
            assert http.get(f"/api/v1/bookings/{booking['id']}", headers=owner).status_code == 200
            terminal = {"Authorization": f"Bearer terminal.front-desk.{key}"}
            looked_up = {"number": booking["number"], "hash": booking["kiosk_hash"]}
            assert (
                http.get("/api/v1/bookings/by-number", params=looked_up, headers=terminal).status_code == 200
            )
            other = next(token for token in tokens.values() if token != booking["owner_token"])
            asked = http.get(
                f"/api/v1/bookings/{booking['id']}", headers={"Authorization": f"Bearer {other}"}
            )
            assert asked.status_code == 403
    ran = check(tmp_path, proxy.har(), "--api", "lifecycle", "--other-account", other)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == ["lifecycle: 3 exchanges, 17 checks, no finding"]


def test_an_other_account_no_request_sent_is_said_not_judged(
    two_accounts: Har, tmp_path: Path, check: Check
) -> None:
    """A mistyped credential, or a recording of other traffic, judges nobody as another account:
    a clean verdict that says so, rather than one that reads as that account's traffic checked."""
    ran = check(
        tmp_path,
        _leaked(two_accounts),
        "--api",
        "reservekit-v1",
        "--other-account",
        "sk_rsv_mistyped",
        "--json",
        "found.json",
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    said = f"not judged: --other-account {caller_named('sk_rsv_mistyped')}, since no request of the recording sent that credential"
    assert ran.stdout.splitlines()[-1] == said
    assert json.loads((tmp_path / "found.json").read_text())["notes"] == [said]
    named = check(tmp_path, _leaked(two_accounts), "--api", "reservekit-v1", "--other-account", OTHER)
    assert "not judged" not in named.stdout


def test_another_customer_in_a_booking_is_shown_it_as_its_owner_is(tmp_path: Path, check: Check) -> None:
    """ "New emails are invited": a lifecycle customer invited to another's booking, once they
    accept, reads it as its owner does. Named as another account, they are no leak: a booking
    that names people besides its owner may be shown to each (``Vocabulary.names_others``)."""
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={}
    )
    key = "sk_rsv_an_invited_guest"
    with serving(create_app(settings)) as origin:
        with httpx.Client(base_url=origin) as http:
            bookings = http.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {key}"}).json()[
                "lifecycle"
            ]["bookings"]
        shared = next(booking for booking in bookings if booking["invited"])
        guest = shared["invited"][0]["token"]
        proxy = Proxy("lifecycle", origin + "/lifecycle")
        with serving(proxy) as front, httpx.Client(base_url=front) as http:
            path = f"/api/v1/bookings/{shared['id']}"
            for token, method, at in (
                (shared["owner_token"], "GET", path),
                (guest, "POST", f"{path}/accept-invite"),
                (guest, "GET", path),
                (shared["owner_token"], "GET", path),
            ):
                assert http.request(method, at, headers={"Authorization": f"Bearer {token}"}).is_success
    ran = check(tmp_path, proxy.har(), "--api", "lifecycle", "--other-account", guest)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == ["lifecycle: 4 exchanges, 17 checks, no finding"]
