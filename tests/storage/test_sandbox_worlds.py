"""Sandboxes taking and leaving one world at once: no sandbox ever names a world that is gone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from mockserver.documents.resources import load_yaml
from mockserver.seeding.worlds import Worlds, world_document
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandboxes import SandboxStore

ANCHOR = datetime(2026, 1, 7, 12, tzinfo=UTC)
BERLIN = world_document(load_yaml(Path(__file__).resolve().parents[2] / "examples/worlds/berlin-studio.yaml"))
KEYS = [f"sk_rsv_world_race_{n:04d}" for n in range(4)]
ROUNDS = 12


def test_sandboxes_taking_and_leaving_a_world_at_once_never_lose_it(database: str) -> None:
    worlds = Worlds()
    store = SandboxStore(database, 42, worlds, now=lambda: ANCHOR, given_world=worlds.given)
    for key in KEYS:
        store.ensure_tenants(key, ("reservekit-v1",))

    def toggle(key: str) -> None:
        for n in range(ROUNDS):
            store.reset(key, world=BERLIN if n % 2 == 0 else "server")

    with ThreadPoolExecutor(len(KEYS)) as pool:
        list(pool.map(toggle, KEYS))
    # Every key ends on the server's world, so none is kept; one more takes it again.
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(t.worlds)).scalar() == 0
    store.reset(KEYS[0], world=BERLIN)

    with ThreadPoolExecutor(len(KEYS)) as pool:
        # Half the keys take the world another holds while the others leave it.
        list(pool.map(lambda key: store.reset(key, world=BERLIN if key in KEYS[:2] else "server"), KEYS * 6))
    fresh = SandboxStore(database, 42, worlds, now=lambda: ANCHOR, given_world=worlds.given)
    for key in KEYS[:2]:
        assert store.state(key).world == BERLIN.digest
        assert fresh.world(key).locations[0].timezone == "Europe/Berlin", "another process finds it"
    store.dispose()
    fresh.dispose()
