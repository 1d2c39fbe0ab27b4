"""The kit's session reads the environment once, for its target, and sends the caller's token
whatever ``~/.netrc`` says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contract_tests.kit.client import target_session
from tests.contract.live import serving


async def echo_authorization(scope: Any, receive: Any, send: Any) -> None:
    headers = dict(scope["headers"])
    body = json.dumps({"authorization": headers.get(b"authorization", b"").decode()}).encode()
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})


def test_proxies_are_the_targets_own_and_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp.example:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/corp-ca.pem")
    staging = target_session("https://staging.vendor.example/v3", {"X-Env": "staging"})
    assert staging.proxies == {"https": "http://proxy.corp.example:3128"}
    assert staging.verify == "/etc/corp-ca.pem"
    assert staging.headers["X-Env"] == "staging"
    assert target_session("https://api.internal.example", {}).proxies == {}
    # Read once: a run keeps what it started with, as it keeps its target.
    monkeypatch.setenv("HTTPS_PROXY", "http://elsewhere.example:8080")
    merged = staging.merge_environment_settings(
        "https://staging.vendor.example/v3/passes", {}, None, None, None
    )
    assert merged["proxies"] == {"https": "http://proxy.corp.example:3128"}


def test_a_netrc_entry_does_not_replace_the_callers_token(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login someone password secret\n", encoding="utf-8")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    with serving(echo_authorization) as origin:
        session = target_session(origin, {})
        answer = session.get(origin + "/", headers={"Authorization": "Bearer merchant.spa.key_0001"})
    assert answer.json() == {"authorization": "Bearer merchant.spa.key_0001"}
