"""The race rules on both backends: the intact sandbox passes them, a racy one fails them.

On PostgreSQL two servers share one database behind a balancer that alternates between them,
as a team's replicas behind a load balancer do: racing requests reach both, and only the
database's locks keep the last place from going twice. (``test_detection.py`` proves each race
rule on SQLite with the other rules' broken sandboxes.)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.kit.inventory import load
from mockserver.integration.local_postgres import PostgresServer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.broken_races import RACES
from tests.contract.live import Kit, serving

RACE_RULES = tuple(rule_id for rule_id in RACES)


class Balancer:
    """ASGI: each request to the next app in turn (round robin), as a load balancer would."""

    def __init__(self, *apps: Any) -> None:
        self._next = itertools.cycle(apps)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await next(self._next)(scope, receive, send)


@pytest.fixture
def two_servers(
    postgres: PostgresServer, drop_later: Callable[[str], None]
) -> Iterator[Callable[[], Balancer]]:
    """Makes two servers on one new PostgreSQL database, behind a balancer (after any breakage
    the test applied)."""
    urls: list[str] = []

    def make() -> Balancer:
        url = postgres.create_database(prefix="races")
        urls.append(url)
        settings = Settings.load({"db": url}, environ={})
        return Balancer(create_app(settings), create_app(settings))

    yield make
    for url in urls:
        drop_later(url)


def _run_races(kit: Kit, app: Any, rule_id: str, tmp_path: Path) -> tuple[int, dict[str, str], str]:
    rule = next(r for r in load().rules if r.id == rule_id)
    with serving(app) as origin:
        result = kit.run(
            origin, rule.api, tmp_path, "--checks", "rules", "--", "-k", " or ".join(rule.scenarios)
        )
    return result.exit_code, result.failed, result.output


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", RACE_RULES)
def test_on_postgresql_two_servers_give_the_last_place_once(
    rule_id: str, two_servers: Callable[[], Balancer], tmp_path: Path, kit: Kit
) -> None:
    code, failed, output = _run_races(kit, two_servers(), rule_id, tmp_path)
    assert code == 0, output[-3000:]
    assert not failed
    assert "0 unchecked" in output, output[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("rule_id", RACE_RULES)
def test_on_postgresql_two_racy_servers_are_caught(
    rule_id: str,
    two_servers: Callable[[], Balancer],
    tmp_path: Path,
    kit: Kit,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, breakage = RACES[rule_id]
    breakage(monkeypatch)
    code, failed, output = _run_races(kit, two_servers(), rule_id, tmp_path)
    assert code == 1, output[-3000:]
    assert failed, output[-3000:]
    assert f"broke {rule_id}" in output or f"{rule_id} says:" in output, output[-3000:]


@pytest.mark.slow
def test_a_racy_sandbox_keeps_every_rule_one_request_at_a_time(
    tmp_path: Path, kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The racy sandbox breaks nothing a single request can see: only the race rule finds it."""
    _, breakage = RACES["RK-RACE-LAST-PLACE"]
    breakage(monkeypatch)
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    with serving(app) as origin:
        result = kit.run(
            origin, "reservekit-v1", tmp_path, "--checks", "rules", "--", "-k", "capacity or duplicate"
        )
    assert result.exit_code == 0, result.output[-3000:]
    assert len(result.passed) == 2, result.passed
