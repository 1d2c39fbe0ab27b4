"""Where the kit finds a sandbox's control API, if the target has one.

Aimed at ``booking-sandbox proxy`` in front of a correct implementation (here a sandbox), as a
QA team does to keep the proxy's journal of the run: the proxy's own server answers
``/_sandbox/...`` for its journal and had said it was a sandbox. The kit then moved that
server's clock, put its rate-limit fault and webhook there, none of which the API behind the
proxy meets, and failed the correct upstream on four checks (RK-RATE-LIMIT, RK-WEBHOOKS,
RK-READ-AFTER-WRITE's timestamps, the explorer's).

Aimed at a team's sandbox that an ingress serves below a path (``/sb/reservekit``), the kit
asked only the host's root, and called it "not a booking-sandbox".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.kit.target import Target
from mockserver.cli.proxy_journal import JournaledProxy
from mockserver.control.sender import Answer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import Kit, serving

API = "reservekit-v1"


@pytest.fixture(scope="module")
def through_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The proxy's origin, and the upstream it sends the API's calls to: on the wall clock, a
    vendor's own, which is the kit's there (no control API tells it another)."""
    db = tmp_path_factory.mktemp("upstream") / "sandbox.db"
    settings = Settings.load({"db": str(db)}, environ={})
    with serving(create_app(settings)) as origin:
        upstream = origin + "/reservekit"
        with serving(JournaledProxy(API, upstream, "proxy_kit_journal_0001")) as proxy:
            yield proxy, upstream


def test_the_kit_faces_what_is_behind_the_proxy_as_an_implementation(
    through_proxy: tuple[str, str], tmp_path: Path, kit: Kit
) -> None:
    proxy, upstream = through_proxy
    result = kit.run_at(proxy, API, tmp_path, "--checks", "rules")
    assert result.exit_code == 4, result.output
    assert (
        f"{proxy} is booking-sandbox's proxy to {upstream}, whose own control API keeps its journal "
        "only, so the kit needs a token"
    ) in result.output
    tokens = ("--token", "sk_rsv_through_proxy_0001", "--token", "other=sk_rsv_through_proxy_0002")
    chosen = "rate_limit or webhooks or read_after_write"
    result = kit.run_at(proxy, API, tmp_path, *tokens, "--checks", "rules", "--", "-k", chosen)
    assert result.failed == {}, result.output
    assert f"an implementation through booking-sandbox's proxy to {upstream}" in result.output
    assert any("read_after_write" in name for name in result.passed), result.output
    # What needs a sandbox's control API is unchecked, saying so, as against any vendor.
    assert {name.split("::")[-1].split("[")[0] for name in result.skipped} == {
        "test_rate_limit_an_over_limit_create_is_429_and_books_nothing",
        "test_webhooks_each_change_of_a_booking_is_notified_as_the_api_shows_it",
    }, result.skipped
    assert all("whose own control API keeps its journal only" in why for why in result.skipped.values())


def test_a_sandbox_that_cannot_reach_the_kits_receiver_leaves_its_webhooks_unjudged(
    tmp_path: Path, kit: Kit
) -> None:
    """A sandbox in a container, its port published at localhost (the project's compose file):
    it listens on every interface of its own, so it sends nothing to a private address its
    --webhook-allow does not list, and its 127.0.0.1 is not the kit's. The kit waited 15 s for
    each event and failed RK-WEBHOOKS on a correct sandbox."""
    settings = Settings.load({"db": str(tmp_path / "sandbox.db"), "host": "0.0.0.0"}, environ={})
    with serving(create_app(settings)) as origin:
        result = kit.run_at(
            f"{origin}/reservekit", API, tmp_path, "--checks", "rules", "--", "-k", "webhooks"
        )
    assert result.failed == {}, result.output
    [(name, why)] = result.skipped.items()
    assert "test_webhooks_each_change_of_a_booking_is_notified_as_the_api_shows_it" in name
    assert why.startswith("the sandbox cannot deliver webhooks to http://127.0.0.1:"), why
    assert "127.0.0.1 is a loopback or private address; list it with --webhook-allow" in why
    assert why.endswith("run the kit where the sandbox can reach it (on its host, outside a container)"), why


def test_a_sandbox_whose_loopback_is_its_own_leaves_its_webhooks_unjudged(
    tmp_path: Path, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given --webhook-allow for loopback, a sandbox in a container registers the kit's
    receiver, and its sends meet its own 127.0.0.1, where nothing listens (as here, every send
    refused): the kit's test event says so before any verdict."""
    refused = Answer(0, "cannot connect to 127.0.0.1: [Errno 111] Connection refused", [], b"")
    monkeypatch.setattr("mockserver.control.delivery_attempts.post", lambda *args, **kwargs: refused)
    settings = Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={})
    with serving(create_app(settings)) as origin:
        result = kit.run_at(
            f"{origin}/reservekit", API, tmp_path, "--checks", "rules", "--", "-k", "webhooks"
        )
    assert result.failed == {}, result.output
    [why] = result.skipped.values()
    assert why.startswith("the sandbox cannot deliver webhooks to http://127.0.0.1:"), why
    assert "cannot connect to 127.0.0.1: [Errno 111] Connection refused: run the kit where" in why


class BelowAPath:
    """An ingress serving a sandbox's every path below ``/sb``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            if not scope["path"].startswith("/sb/"):
                await send({"type": "http.response.start", "status": 404, "headers": []})
                await send({"type": "http.response.body", "body": b"no route"})
                return
            scope = {**scope, "path": scope["path"][3:], "raw_path": scope["raw_path"][3:]}
        await self.app(scope, receive, send)


def test_a_sandbox_below_a_path_is_found_there(tmp_path: Path, kit: Kit) -> None:
    settings = Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={})
    with serving(BelowAPath(create_app(settings))) as origin:
        result = kit.run_at(
            f"{origin}/sb/reservekit", API, tmp_path, "--checks", "rules", "--", "-k", "rate_limit"
        )
    assert result.exit_code == 0, result.output
    assert "a booking-sandbox (seed 42)" in result.output
    assert [name.split("::")[-1].split("[")[0] for name in result.passed] == [
        "test_rate_limit_an_over_limit_create_is_429_and_books_nothing"
    ]


@pytest.mark.parametrize(
    ("base_url", "roots"),
    [
        ("http://127.0.0.1:8000/reservekit", ("http://127.0.0.1:8000",)),
        ("http://127.0.0.1:8000/reservekit/", ("http://127.0.0.1:8000",)),
        ("https://tools.example/sb/reservekit", ("https://tools.example/sb", "https://tools.example")),
        ("https://api.vendor.example/v1", ("https://api.vendor.example",)),
        ("http://127.0.0.1:8000", ("http://127.0.0.1:8000",)),
    ],
)
def test_the_roots_asked_for_a_sandbox(base_url: str, roots: tuple[str, ...]) -> None:
    assert Target(api=API, base_url=base_url).control_roots == roots


@pytest.mark.parametrize("api", ["merchant", "lifecycle"])
def test_a_vendors_location_is_followed_through_the_proxy(api: str, tmp_path: Path, kit: Kit) -> None:
    """A vendor (``--vendor-only``) behind the proxy, its target data handed over: the 201's
    Location named the upstream's path, which the kit followed through the proxy to a 404
    (MR-CREATED-READABLE, LC-CREATED-READABLE) against a correct vendor."""
    app = create_app(Settings.load({"db": str(tmp_path / "vendor.db"), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": "Bearer vendor_proxied_01"})
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, api: handed.json()[api]}), encoding="utf-8")
    with serving(app) as vendor:
        upstream = f"{vendor}/{api}"
        with serving(JournaledProxy(api, upstream, "proxy_vendor_journal_01")) as proxy:
            result = kit.run_at(
                proxy, api, tmp_path, "--target-data", str(data), "--checks", "rules", "--", "-k", "created"
            )
    assert result.exit_code == 0, result.output
    assert [name.split("::")[-1].split("[")[0] for name in result.passed] == [
        {
            "merchant": "test_created_the_201s_headers_name_the_booking_and_its_price_reads_as_its_amount",
            "lifecycle": "test_created_the_201s_location_reads_as_the_booking_and_its_cancel_shows_everywhere",
        }[api]
    ]
