"""A test's sandbox costs no SSL context of its own: the session's server holds the one its
control clients share (httpx reads the CA bundle for every context it makes, 37 ms here)."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import pytest

from mockserver.integration.control_client import ControlRefused
from mockserver.integration.pytest_plugin import _served_by_a_sandbox
from mockserver.integration.pytest_plugin.sandbox import Sandbox, Server
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving


def test_sandboxes_share_their_servers_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(create(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    server = Server("https://sandbox.example", seed=42)
    assert len(made) == 1
    first, second = Sandbox(server, "sk_rsv_first_0001"), Sandbox(server, "sk_rsv_second_0001")
    try:
        assert len(made) == 1, "a sandbox made an SSL context of its own"
        # Each still sends its own key.
        assert first.control._http.headers["Authorization"] == "Bearer sk_rsv_first_0001"
        assert second.control._http.headers["Authorization"] == "Bearer sk_rsv_second_0001"
    finally:
        first.control.close()
        second.control.close()
    assert len(made) == 1


def test_the_shared_context_still_verifies_certificates() -> None:
    tls = Server("https://sandbox.example", seed=42).tls
    assert tls.verify_mode == ssl.CERT_REQUIRED
    assert tls.check_hostname


def test_an_apis_url_by_either_name_and_a_mistyped_one_lists_them() -> None:
    sandbox = Sandbox(Server("http://127.0.0.1:9", seed=42), "sk_rsv_first_0001")
    try:
        assert sandbox.url("reservekit") == sandbox.url("reservekit-v1") == "http://127.0.0.1:9/reservekit"
        assert sandbox.url("bardge-v3") == "http://127.0.0.1:9/bardge/v3"
        with pytest.raises(ValueError, match="no API 'reservekit-v2' here: one of reservekit, merchant"):
            sandbox.url("reservekit-v2")
    finally:
        sandbox.control.close()


def test_an_api_a_given_server_does_not_serve_is_said_with_its_answer(tmp_path: Path) -> None:
    """Before, the URL was handed out and the test's own client met the server's 404 later."""
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "apis": ["bardge-v3"]}, environ={}))
    with serving(app) as origin:
        apis = _served_by_a_sandbox(origin, print)
    assert apis == ("bardge-v3",)
    sandbox = Sandbox(Server(origin, seed=42, given=True, apis=apis), "sk_rsv_first_0001")
    try:
        assert sandbox.url("bardge") == sandbox.url("bardge-v3") == f"{origin}/bardge/v3"
        with pytest.raises(ValueError, match=r"^reservekit is not served") as refused:
            sandbox.url("reservekit")
        assert str(refused.value) == (
            f"reservekit is not served by the server at {origin} (its serve --api): it serves bardge-v3"
        )
    finally:
        sandbox.control.close()


def test_a_refusal_says_what_its_problem_says_to_write_instead() -> None:
    problem = {
        "detail": "duration '2 hours' is not a duration",
        "invalid_params": [{"name": "duration", "reason": "use ISO 8601 (PT15M) or a short form (2h)"}],
    }
    said = str(ControlRefused(422, problem, ""))
    assert (
        said
        == "422 duration '2 hours' is not a duration (duration: use ISO 8601 (PT15M) or a short form (2h))"
    )
    assert str(ControlRefused(404, {"detail": "scenario not found"}, "")) == "404 scenario not found"
