"""A key's sandbox forgotten while a request on it was under way (``storage/tenancy/forgotten.py``):
between the request's making sure of the sandbox and its own transaction, another request's
``DELETE /_sandbox/sandbox`` commits. The request is served on the sandbox made anew, as if it
came after the forget; it was a 500 ("No row was found when one was required")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mockserver.domain.kernel.clock import SandboxClock
from mockserver.domain.kernel.errors import StorageUnavailable
from mockserver.storage.database.generation import CLOCKS, FAULTS, WEBHOOKS, Generation
from mockserver.storage.snapshots.snapshots import export_state, import_state
from mockserver.storage.tenancy import sandboxes
from mockserver.storage.tenancy.eviction import forget
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import make_store

KEY = "sk_rsv_forgotten_0001"
APIS = ("reservekit-v1", "merchant")


@pytest.fixture
def store(database_at_head: str) -> Iterator[SandboxStore]:
    made = make_store(database_at_head)
    yield made
    made.dispose()


def forgotten_after_ensuring(store: SandboxStore, monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """The next ``times`` makings of the key's sandbox are each followed by its forget, as a
    forget racing the request would commit; the hashes forgotten."""
    ensure = SandboxStore.ensure_sandbox
    forgotten: list[str] = []

    def ensure_then_forget(self: SandboxStore, sandbox_key: str) -> str:
        digest = ensure(self, sandbox_key)
        if len(forgotten) < times:
            forget(self.engine, digest)
            forgotten.append(digest)
        return digest

    monkeypatch.setattr(SandboxStore, "ensure_sandbox", ensure_then_forget)
    return forgotten


OPERATIONS: dict[str, Callable[[SandboxStore], Any]] = {
    "state": lambda store: store.state(KEY),
    "world": lambda store: store.world(KEY),
    "clock": lambda store: store.change_clock(KEY, lambda clock: SandboxClock(clock.offset, clock.now())),
    "reset": lambda store: store.reset(KEY, seed=7),
    "tenants": lambda store: store.ensure_tenants(KEY, APIS),
    "export": lambda store: export_state(store, KEY, APIS),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_an_operation_on_a_sandbox_forgotten_under_it_is_done_on_it_made_anew(
    store: SandboxStore, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    store.ensure_tenants(KEY, APIS)
    forgotten = forgotten_after_ensuring(store, monkeypatch, times=1)
    OPERATIONS[operation](store)
    assert forgotten, "the forget came between"
    exported = export_state(store, KEY, APIS)
    assert all(exported["apis"][api]["services"] for api in APIS), "the sandbox made anew is seeded"


def test_an_import_on_a_sandbox_forgotten_under_it_is_the_sandbox_made_anew(
    store: SandboxStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = export_state(store, KEY, APIS)
    store.reset(KEY, seed=7)
    forgotten_after_ensuring(store, monkeypatch, times=1)
    import_state(store, KEY, document, APIS)
    assert export_state(store, KEY, APIS) == document


def test_a_key_forgotten_every_time_is_told_to_retry(
    store: SandboxStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.ensure_tenants(KEY, APIS)
    forgotten_after_ensuring(store, monkeypatch, times=100)
    with pytest.raises(StorageUnavailable):
        store.state(KEY)


def test_a_forget_drops_every_processs_copies_of_the_sandbox(store: SandboxStore) -> None:
    """A forgotten key's webhook endpoints, kept by a process, made each of its next creates
    look for them: a 500 once the booking was made."""
    store.ensure_tenants(KEY, APIS)
    counters = [Generation.beside(store.engine, name) for name in (CLOCKS, FAULTS, WEBHOOKS)]
    before = [counter.current() for counter in counters]
    store.forget(KEY)
    after = [counter.current() for counter in counters]
    if before[0] is None:  # PostgreSQL: no process keeps copies
        assert after == before
        return
    assert all(now > then for now, then in zip(after, before, strict=True)), (before, after)


def test_a_tenant_gone_each_time_it_is_opened_is_told_to_retry(
    store: SandboxStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evicted or forgotten again before each of ``open``'s tries: it was a RuntimeError
    ("generator didn't yield"), a 500."""
    store.ensure_tenants(KEY, APIS)
    monkeypatch.setattr(sandboxes, "tenant_clock_row", lambda prepared, known: lambda connection: None)
    with pytest.raises(StorageUnavailable), store.open("reservekit-v1", KEY, write=True):
        pytest.fail("opened a tenant that is not there")
