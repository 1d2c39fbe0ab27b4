"""A test's sandbox costs no SSL context of its own: the session's server holds the one its
control clients share (httpx reads the CA bundle for every context it makes, 37 ms here)."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from mockserver.integration.control_client import ControlRefused
from mockserver.integration.pytest_plugin.sandbox import Sandbox, Server


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
