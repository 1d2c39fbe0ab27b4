"""A page and the total it is a page of: every page of a listing holds its slice of the whole and
says the whole's number, past the end too, on both backends."""

from __future__ import annotations

from tests.storage.test_sandboxes import API, make_store

KEY = "sk_rsv_pages_0001"


def test_every_page_of_services_and_slots_says_their_whole_number(database: str) -> None:
    store = make_store(database)
    with store.open(API, KEY, write=False) as sandbox:
        ledger = sandbox.ledger
        services, _ = ledger.list_services(0, 1000)
        slots, _ = ledger.list_time_slots(1, None, 0, 1000)
        assert len(services) >= 3, "the seeded world's services"
        assert len(slots) >= 3, "service 1's time slots"
        for listed, read in (
            (services, ledger.list_services),
            (slots, lambda o, n: ledger.list_time_slots(1, None, o, n)),
        ):
            whole = len(listed)
            for limit in (1, 2, whole - 1, whole, whole + 1):
                for offset in range(whole + 3):
                    rows, total = read(offset, limit)
                    assert total == whole, (offset, limit)
                    assert [row.id for row in rows] == [row.id for row in listed[offset : offset + limit]]
    store.dispose()
