"""The lifecycle's ledger: an order opened in a transaction shows the lines that transaction
wrote without reading them back, exactly as reading them gives them, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from mockserver.domain.lifecycle.orders import EntryKind, PriceLine, opened_order, reprice
from tests.storage.test_sandboxes import make_store

KEY = "sk_rsv_lifecycle_ledger"


def test_an_orders_lines_written_in_its_opening_transaction_are_what_reading_them_gives(
    database: str,
) -> None:
    store = make_store(database)
    # Another zone, and microseconds: what is shown must be what is stored.
    when = datetime(2027, 1, 6, 10, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))
    with store.open("lifecycle", KEY, write=True) as sandbox:
        order_id = sandbox.ledger.allocate_id("reservation")
        lines = (PriceLine(EntryKind.CHARGE, "Deep tissue, 60 min", 9000),)
        opened = opened_order(order_id, "USD", lines, when, paid=True)
        sandbox.lifecycle.insert_order(opened.order)
        sandbox.lifecycle.save_order_change(opened)
        halved = reprice(opened.order, 4500, "half off", when + timedelta(minutes=5))
        sandbox.lifecycle.save_order_change(halved)
        shown = sandbox.lifecycle.entries_of(order_id)
    assert [entry.kind for entry in shown] == [
        EntryKind.CHARGE,
        EntryKind.PAYMENT,
        EntryKind.ADJUSTMENT,
        EntryKind.REFUND,
    ]
    assert all(entry.created_at.tzinfo is UTC for entry in shown)
    with store.open("lifecycle", KEY, write=False) as sandbox:
        assert sandbox.lifecycle.entries_of(order_id) == shown, "as reading them back gives them"
    # An order opened before: its lines are read, the old with the new.
    with store.open("lifecycle", KEY, write=True) as sandbox:
        sandbox.lifecycle.save_order_change(reprice(halved.order, 9000, "full price", when))
        again = sandbox.lifecycle.entries_of(order_id)
    assert again[: len(shown)] == shown
    assert [entry.kind for entry in again[len(shown) :]] == [EntryKind.ADJUSTMENT]
    with store.open("lifecycle", KEY, write=False) as sandbox:
        assert sandbox.lifecycle.entries_of(order_id) == again
    store.dispose()
