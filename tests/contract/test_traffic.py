"""A schema check is only as good as the answers it read: an operation the target never served
with a 2xx is UNCHECKED, never PASSED, and every operation's line says what it was sent."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving
from tests.contract.mutants import answer

# The phases that send each operation its own cases: the lines and their counts come from them,
# and the fuzzing and stateful phases only tripled the run (20 s to 6 s, CI's 8 minutes).
SCHEMA_ONLY = ("--checks", "schema", "--max-examples", "5", "--phases", "examples,coverage")
NEVER_SERVED = re.compile(r"^/reservekit/v1/services/[^/]+$")


class NeverServes:
    """ASGI middleware: one operation (GET a service) answers its documented 404 to every caller
    with a key, whatever it is asked, as a deployment whose catalogue the kit cannot reach
    would; the key's check stays the server's."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        keyed = scope["type"] == "http" and dict(scope["headers"]).get(b"authorization", b"").startswith(
            b"Bearer sk_rsv_"
        )
        if keyed and scope["method"] == "GET" and NEVER_SERVED.match(scope["path"]):
            await answer(send, 404, {"data": None, "error": "service not found"})
            return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def never_serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("traffic") / "sandbox.db"
    app = create_app(Settings.load({"db": str(db), "start_at": START}, environ={}))
    with serving(NeverServes(app)) as origin:
        yield origin


@pytest.mark.slow
def test_an_operation_never_served_is_unchecked_and_each_line_counts_its_answers(
    never_serving: str, tmp_path: Path, kit: Kit
) -> None:
    result = kit.run(never_serving, "reservekit-v1", tmp_path, *SCHEMA_ONLY)
    assert not result.failed, result.output[-4000:]
    assert result.exit_code == 6, result.output[-3000:]
    unchecked = "test_conformance::test_operation[GET /v1/services/{serviceID}]"
    assert "0 answered 2xx" in result.skipped[unchecked], result.skipped
    assert re.search(
        r"UNCHECKED conformance: operation\[GET /v1/services/\{serviceID\}\]\n\s+\d+ requests, 0 answered 2xx",
        result.output,
    ), result.output[-3000:]
    # The operations the target does serve passed, each with its requests and 2xx answers.
    served = re.findall(
        r"PASSED +conformance: operation\[(.+?)\]\n\s+(\d+) requests, (\d+) answered 2xx", result.output
    )
    assert len(served) == 11, served
    assert all(int(ok) > 0 for _, _, ok in served), served
    # --strict: what did not run is a failure, in the exit code and the JUnit file alike.
    strict = kit.run(never_serving, "reservekit-v1", tmp_path, *SCHEMA_ONLY, "--strict")
    assert strict.exit_code == 1, strict.output[-3000:]
    assert unchecked in strict.failed, strict.failed
