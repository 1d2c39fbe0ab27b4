"""A client command pointed at a server that is no sandbox (another program on the port, a
mistyped ``--url``) says so in one line and exits 5, whatever that server answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.integration.control_client import NotASandbox, health
from tests.strangers import a_stranger, a_web_shop, odd_json

KEY = "sk_rsv_not_a_sandbox_0001"


@pytest.fixture(scope="module")
def web_shop() -> Iterator[str]:
    with a_web_shop() as (url, _):
        yield url


@pytest.mark.parametrize(
    ("command", "answered"),
    [
        (["clock"], "GET /_sandbox/clock answered 200"),
        (["clock", "advance", "2h"], "POST /_sandbox/clock/advance answered 404"),
        (["state", "export", "{file}"], "GET /_sandbox/state answered 404"),
        (["state", "import", "{file}"], "PUT /_sandbox/state answered 404"),
        (["faults", "list"], "GET /_sandbox/faults answered 404"),
        (["journal", "count"], "GET /_sandbox/journal/count answered 404"),
        (["webhooks", "remove", "1"], "DELETE /_sandbox/webhooks/1 answered 404"),
        (["coverage"], "GET /_sandbox/coverage answered 404"),
    ],
)
def test_a_server_that_is_no_sandbox_is_named_in_one_line(
    web_shop: str, command: list[str], answered: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "state.json"
    if command[:2] == ["state", "import"]:
        file.write_text('{"format": 1}')
    before = sorted(tmp_path.iterdir())
    assert main([*(part.format(file=file) for part in command), "--url", web_shop, "--key", KEY]) == 5
    [said] = capsys.readouterr().err.splitlines()
    assert f"what answers at {web_shop} is no booking sandbox: {answered} (text/html; charset=utf-8)" in said
    assert sorted(tmp_path.iterdir()) == before, "no file written from a stranger's answer"


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
        assert f"is no booking sandbox: GET /_sandbox/clock answered 200 (application/json, {why})" in said
        with pytest.raises(
            NotASandbox, match=re.escape(f"GET /_sandbox/health answered 200 (application/json, {why})")
        ):
            health(url)
