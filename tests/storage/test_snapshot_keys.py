"""An imported state's lookup columns (``storage/snapshots/snapshot_keys.py``), on hand-made tables."""

from __future__ import annotations

from typing import Any

from mockserver.storage.snapshots.snapshot_keys import key_problems

UUID = "7d824264-1ba3-42e7-afa4-15e56d204496"


def messages(**tables: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(problem.field, problem.message) for problem in key_problems("lifecycle", tables)]


def test_a_uuid_names_one_row_of_its_table() -> None:
    assert messages(services=[{"uuid": UUID}], staff=[{"uuid": UUID}]) == []
    assert messages(services=[{"uuid": UUID}, {"uuid": None}, {"uuid": UUID}]) == [
        ("apis.lifecycle.services[2].uuid", "is services[0]'s uuid too")
    ]


def test_an_emails_key_is_the_email_as_customers_are_matched() -> None:
    assert messages(customers=[{"email": "Ann@Example.com", "email_key": "ann@example.com"}]) == []
    assert messages(customers=[{"email": None, "email_key": None}, {"email": "", "email_key": None}]) == []
    assert messages(customers=[{"email": "Ann@Example.com", "email_key": "Ann@Example.com"}]) == [
        ("apis.lifecycle.customers[0].email_key", "must be 'ann@example.com', its email's key")
    ]
    assert messages(customers=[{"email": None, "email_key": "ann@example.com"}]) == [
        ("apis.lifecycle.customers[0].email_key", "must be null (there is no email)")
    ]


def test_a_bookings_number_and_its_invoices_are_spelt_from_its_id() -> None:
    assert (
        messages(
            folios=[{"id": 25, "number": "BK-000025"}], orders=[{"id": 25, "invoice_number": "INV-000025"}]
        )
        == []
    )
    assert messages(
        folios=[{"id": 25, "number": "BK-999999"}], orders=[{"id": 25, "invoice_number": "x"}]
    ) == [
        ("apis.lifecycle.folios[0].number", "must be 'BK-000025', from its id"),
        ("apis.lifecycle.orders[0].invoice_number", "must be 'INV-000025', from its id"),
    ]
