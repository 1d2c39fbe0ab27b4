"""Behind a company's proxy (``HTTP_PROXY`` set, ``NO_PROXY`` naming no loopback), the package's
own calls to a sandbox on this machine go straight to it, and a failed test says what a client
of the integrator's own needs."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from contract_tests.kit.client import target_session
from mockserver.integration.control_client import ControlClient
from mockserver.integration.proxies import client_options, on_loopback, others_proxied
from mockserver.live_checks.proxy import Proxy
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START
from tests.contract.live import serving

DEAD_PROXY = "http://someone:secret@127.0.0.1:9"  # nothing listens on port 9 (discard)


@pytest.fixture
def behind_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, DEAD_PROXY)


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.8.9.10:8000/x", True),
        ("http://localhost:8000", True),
        ("http://team.localhost:8000", True),
        ("http://[::1]:8000", True),
        ("http://10.0.0.5:8000", False),
        ("https://staging.vendor.example/v3", False),
        ("http://localhost.example.com", False),
        ("http://[::1", False),  # unreadable: the environment decides, as for any other host
    ],
)
def test_only_this_machines_loopback_is_called_straight(url: str, loopback: bool) -> None:
    assert on_loopback(url) is loopback
    assert client_options(url, verify=False) == {"verify": False, "trust_env": not loopback}


def test_the_packages_clients_reach_a_loopback_sandbox_past_the_proxy(
    behind_a_proxy: None, tmp_path: Path
) -> None:
    """Each took the proxy: "Connection refused" from a server that was up."""
    settings = Settings.load({"db": str(tmp_path / "s.db"), "start_at": START, "frozen": True}, environ={})
    with serving(create_app(settings)) as origin:
        with pytest.raises(httpx.ConnectError):  # what an integrator's own client meets
            httpx.get(f"{origin}/_sandbox/health")
        with ControlClient(origin, "sk_rsv_behind_a_proxy_1") as control:
            assert control.clock()["frozen"] is True
        session = target_session(origin + "/reservekit", {"Authorization": "Bearer sk_rsv_behind_a_proxy_1"})
        assert session.proxies == {}
        assert session.get(origin + "/reservekit/v1/services").status_code == 200
        with TestClient(Proxy("reservekit-v1", origin + "/reservekit")) as proxy:
            answer = proxy.get("/v1/services", headers={"Authorization": "Bearer sk_rsv_behind_a_proxy_1"})
            assert answer.status_code == 200, answer.text
    assert target_session("https://staging.vendor.example/v3", {}).proxies["https"] == DEAD_PROXY


def test_a_failed_test_says_what_its_own_clients_need(
    behind_a_proxy: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = others_proxied("http://127.0.0.1:41234")
    assert said is not None
    assert "NO_PROXY does not name 127.0.0.1" in said
    assert "set NO_PROXY=127.0.0.1,localhost" in said
    assert "secret" not in said, "a proxy's URL may hold a password"
    assert others_proxied("https://team-sandbox.example") is None, "the proxy may be how it is reached"
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    assert others_proxied("http://127.0.0.1:41234") is None
    monkeypatch.setenv("NO_PROXY", "*")
    assert others_proxied("http://localhost:41234") is None
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "NO_PROXY"):
        monkeypatch.delenv(name)
    assert others_proxied("http://127.0.0.1:41234") is None
