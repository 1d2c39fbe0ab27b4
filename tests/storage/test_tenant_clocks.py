"""A process keeps the clock rows its reads open sandboxes with, and reads them again once any
process has changed one (``storage.tenant_clocks``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from mockserver.storage.database.generation import Generation
from mockserver.storage.kernel import queries as q
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.tenancy.sandboxes import SandboxStore
from mockserver.storage.tenancy.tenant_clocks import TenantClocks
from tests.storage.test_sandboxes import ANCHOR, API, make_store

KEY = "sk_rsv_tenant_clocks"


def clock_rows_read(store: SandboxStore, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every time ``store`` reads a tenant's clock row (on its own, or sent with a write's locks)."""
    read: list[Any] = []
    clock = store._prepared.get(q.TENANT_CLOCK)
    send_on = Prepared.send_on

    def counted(self: Prepared, cursor: Any, params: Any) -> None:
        if self is clock:
            read.append(params)
        send_on(self, cursor, params)

    monkeypatch.setattr(Prepared, "send_on", counted)
    return read


def frozen_at(store: SandboxStore) -> Any:
    with store.open(API, KEY, write=False) as sandbox:
        return sandbox.clock.frozen_at


def test_reads_open_the_sandbox_from_the_kept_row_and_writes_read_it(
    database: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(database)
    with store.open(API, KEY, write=False) as first:
        pass
    read = clock_rows_read(store, monkeypatch)
    for _ in range(3):
        with store.open(API, KEY, write=False) as again:
            assert (again.world, again.sandbox_hash, again.seeded_at) == (
                first.world,
                first.sandbox_hash,
                first.seeded_at,
            )
            assert again.clock == first.clock
    # PostgreSQL has no change counter: every transaction reads the row.
    assert len(read) == (3 if backend == "postgresql" else 0)
    with store.open(API, KEY, write=True):
        pass  # a write reads it under the write lock, whatever is kept
    assert len(read) == (4 if backend == "postgresql" else 1)
    store.dispose()


@pytest.mark.parametrize("tells_the_others", [True, False], ids=["as-committed", "counter-not-bumped"])
def test_a_clock_another_process_moved_is_read_by_the_next_request(
    database: str, tells_the_others: bool
) -> None:
    reader, mover = make_store(database), make_store(database)
    assert frozen_at(reader) is None
    if not tells_the_others:
        # The product broken on purpose: a change that does not bump the counter stays unseen,
        # which shows the reader answered from what it kept, and that the bump is what makes
        # the next read exact.
        mover._clocks.bump = lambda: None  # type: ignore[method-assign]
    moved = mover.change_clock(KEY, lambda clock: replace(clock, frozen_at=ANCHOR + timedelta(days=3)))
    seen = frozen_at(reader)
    if tells_the_others or database.startswith("postgresql"):
        assert seen == moved.frozen_at == ANCHOR + timedelta(days=3)
    else:
        assert seen is None
    reader.dispose()
    mover.dispose()


def test_a_sandbox_reset_elsewhere_opens_with_its_new_seed(database: str) -> None:
    reader, resetter = make_store(database), make_store(database)
    with reader.open(API, KEY, write=False) as before:
        assert before.world.seed == 42
        seeded = before.ledger.list_bookings(1, 0, 100)
    resetter.reset(KEY, seed=7)
    with reader.open(API, KEY, write=False) as after:
        assert after.world.seed == 7
        assert after.ledger.list_bookings(1, 0, 100) != seeded
    reader.dispose()
    resetter.dispose()


def test_a_row_kept_under_an_older_count_is_found_only_under_that_count() -> None:
    # Two threads of one process: one read the counter after a change (3), a slower one before
    # it (2) and keeps its row last. A read at the new count must not find the older row.
    clocks = TenantClocks(Generation(None), lambda: ANCHOR)
    before = datetime(2026, 1, 1)
    row = SimpleNamespace(
        seed=42,
        clock_offset_us=0,
        clock_frozen_at=None,
        key_hash="h",
        created_at=before,
        made_id=7,
        world=None,
    )
    newer = clocks.keep(1, "fingerprint", 3, replace_row(row, seed=7))
    assert clocks.get(1, "fingerprint", 3) == newer
    older = clocks.keep(1, "fingerprint", 2, row)
    assert clocks.get(1, "fingerprint", 3) is None
    assert clocks.get(1, "fingerprint", 2) == older
    assert older.seed == 42
    assert older.seeded_at == before.replace(tzinfo=UTC)
    # No counter (PostgreSQL): nothing is kept.
    assert clocks.get(1, "fingerprint", None) is None


def replace_row(row: SimpleNamespace, **changes: Any) -> SimpleNamespace:
    return SimpleNamespace(**{**vars(row), **changes})
