"""A client command pointed at a server that is no sandbox (another program on the port, a
mistyped ``--url``) says so in one line and exits 5, whatever that server answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.integration.control_client import NotASandbox, health
from tests.strangers import Stranger, a_stranger, a_web_shop, odd_json

KEY = "sk_rsv_not_a_sandbox_0001"


@pytest.fixture
def web_shop() -> Iterator[tuple[str, list[str]]]:
    with a_web_shop() as served:
        yield served


@pytest.mark.parametrize(
    "command",
    [
        ["clock"],
        ["clock", "advance", "2h"],
        ["reset"],
        ["state", "export", "{file}"],
        ["state", "import", "{file}"],
        ["faults", "list"],
        ["journal", "count"],
        ["webhooks", "remove", "1"],
        ["coverage"],
    ],
)
def test_a_server_that_is_no_sandbox_is_named_in_one_line_and_sent_nothing_else(
    web_shop: tuple[str, list[str]], command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, asked = web_shop
    file = tmp_path / "state.json"
    if command[:2] == ["state", "import"]:
        file.write_text('{"format": 1}')
    before = sorted(tmp_path.iterdir())
    assert main([*(part.format(file=file) for part in command), "--url", url, "--key", KEY]) == 5
    [said] = capsys.readouterr().err.splitlines()
    answered = "GET /_sandbox/health answered 404 (text/html; charset=utf-8)"
    assert f"what answers at {url} is no booking sandbox: {answered}" in said
    assert sorted(tmp_path.iterdir()) == before, "no file written from a stranger's answer"
    # Its health, which needs no key: neither a write nor the key went to a stranger.
    assert asked == ["GET /_sandbox/health"]


@pytest.mark.parametrize(
    ("body", "why"),
    [(b"[" * 5_000 + b"]" * 5_000, "JSON nested too deep to read"), (b'{"service": NaN}', "not JSON")],
    ids=["deep", "NaN"],
)
def test_json_no_sandbox_writes_is_no_sandbox_either(
    body: bytes, why: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with a_stranger(odd_json(body)) as (url, _):
        assert main(["clock", "--url", url, "--key", KEY]) == 5
        [said] = capsys.readouterr().err.splitlines()
        assert f"is no booking sandbox: GET /_sandbox/health answered 200 (application/json, {why})" in said
        with pytest.raises(
            NotASandbox, match=re.escape(f"GET /_sandbox/health answered 200 (application/json, {why})")
        ):
            health(url)


class Away(Stranger):
    """A gateway whose server behind it is not up: 503, in a problem's JSON, with Retry-After."""

    content_type = "application/problem+json"

    def answer(self) -> tuple[int, bytes]:
        return 503, b'{"title": "Service Unavailable", "status": 503, "detail": "no backend is up"}'

    def send_response(self, code: int, message: str | None = None) -> None:
        super().send_response(code, message)
        self.send_header("Retry-After", "5")


def test_a_gateway_with_nothing_up_behind_it_is_said_to_be_away_not_a_stranger(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It was "what answers at … is no booking sandbox": a team's sandbox behind a load
    balancer, mid-rollout, was called another program."""
    with a_stranger(Away) as (url, _):
        assert main(["clock", "--url", url, "--key", KEY]) == 5
    [said] = capsys.readouterr().err.splitlines()
    assert (
        f"booking-sandbox: no booking sandbox answers at {url} for now: GET /_sandbox/health answered "
        "503 (application/problem+json): no backend is up; try again in 5 s once it is up" in said
    ), said
