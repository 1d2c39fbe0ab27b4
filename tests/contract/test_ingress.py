"""The kit against an API behind an ingress that answers some requests itself.

nginx answers TRACE before any upstream sees it: a 405 of its own, an HTML page without the
``Allow`` RFC 9110 asks for. Schemathesis sends TRACE among the methods an operation does not
declare, and the kit failed a correct vendor behind nginx on every GET-only operation for the
ingress's answer (found running the kit against two team servers behind nginx).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import Kit, serving

API = "reservekit-v1"
NGINX_405 = b"<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n</body>\r\n</html>\r\n"


class Nginx:
    """An ingress in front of ``app`` that, as nginx does, answers TRACE itself."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.traces = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "TRACE":
            self.traces += 1
            headers = [(b"server", b"nginx/1.22.1"), (b"content-type", b"text/html")]
            await send({"type": "http.response.start", "status": 405, "headers": headers})
            await send({"type": "http.response.body", "body": NGINX_405})
            return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Nginx]]:
    db = tmp_path_factory.mktemp("behind-nginx") / "sandbox.db"
    ingress = Nginx(create_app(Settings.load({"db": str(db)}, environ={})))
    with serving(ingress) as origin:
        yield origin, ingress


def test_a_correct_api_behind_nginx_passes_the_checks_of_undeclared_methods(
    behind_nginx: tuple[str, Nginx], tmp_path: Path, kit: Kit
) -> None:
    origin, ingress = behind_nginx
    chosen = "GET and services or time-slots and not bookings"
    result = kit.run(origin, API, tmp_path, "--checks", "schema", "--phases", "coverage", "--", "-k", chosen)
    assert result.failed == {}, result.output
    assert len(result.passed) >= 3, result.output
    assert ingress.traces == 0, "TRACE is the ingress's to answer: the kit sends none"
