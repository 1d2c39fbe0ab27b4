from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockserver.domain.kernel.clock import FixedClock
from mockserver.domain.kernel.customers import ContactDetails, CustomerBook
from mockserver.domain.kernel.errors import Conflict, InvalidInput
from mockserver.domain.kernel.model import Customer
from tests.domain.ledger_double import MemoryLedger

NOON = datetime(2026, 1, 7, 12, tzinfo=UTC)


@pytest.fixture
def book() -> CustomerBook:
    return CustomerBook(MemoryLedger(), FixedClock(NOON))


def test_customers_are_matched_by_email_and_by_phone_only_without_one(book: CustomerBook) -> None:
    jane = book.find_or_register(ContactDetails("Jane", "jane@example.com", "+12025550185"))
    assert book.find_or_register(ContactDetails(None, "Jane@Example.com", None)).id == jane.id
    assert book.find_or_register(ContactDetails(None, None, "+12025550185")).id == jane.id
    assert book.find_or_register(ContactDetails("Jane", None, None)).id != jane.id


def test_a_different_email_is_a_different_person_even_on_a_shared_phone(book: CustomerBook) -> None:
    jane = book.find_or_register(ContactDetails("Jane", "jane@example.com", "+12025550185"))
    john = book.find_or_register(ContactDetails("John", "john@example.com", "+12025550185"))
    assert john.id != jane.id
    assert (john.name, john.email, john.phone) == ("John", "john@example.com", "+12025550185")
    assert book.get(jane.id).email == "jane@example.com", "Jane's record is left alone"


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        (ContactDetails(email="not-an-email"), "email"),
        (ContactDetails(email="a@localhost"), "email"),
        (ContactDetails(phone="2025550185"), "phone"),
        (ContactDetails(phone="+0123456"), "phone"),
        (ContactDetails(phone="+1234567890123456"), "phone"),
    ],
)
def test_contact_details_are_validated(book: CustomerBook, contact: ContactDetails, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        book.find_or_register(contact)
    assert [p.field for p in caught.value.problems] == [field]


def test_update_refuses_another_customers_email(book: CustomerBook) -> None:
    jane = book.find_or_register(ContactDetails("Jane", "jane@example.com", None))
    book.find_or_register(ContactDetails("Bob", "bob@example.com", None))
    with pytest.raises(Conflict, match="another customer"):
        book.update(jane.id, ContactDetails(email="BOB@example.com"))
    updated = book.update(jane.id, ContactDetails(name="Jane Smith", email="JANE@example.com"))
    assert (updated.name, updated.email) == ("Jane Smith", "JANE@example.com")
    assert updated.updated_at > jane.updated_at


class CountingLedger(MemoryLedger):
    def __init__(self) -> None:
        super().__init__()
        self.customer_reads = 0

    def get_customer(self, customer_id: int) -> Customer | None:
        self.customer_reads += 1
        return super().get_customer(customer_id)


def test_a_customer_in_hand_is_not_read_again_and_is_the_stored_one() -> None:
    ledger = CountingLedger()
    book = CustomerBook(ledger, FixedClock(NOON))
    jane = book.find_or_register(ContactDetails("Jane", "jane@example.com", None))
    assert book.get(jane.id) == jane == ledger.get_customer(jane.id)
    # Known again, with a detail she lacked: the copy in hand has it, as the stored one does.
    filled = book.find_or_register(ContactDetails(None, "jane@example.com", "+12025550185"))
    reads = ledger.customer_reads
    assert book.get(jane.id) == filled == ledger.get_customer(jane.id)
    assert filled.phone == "+12025550185"
    changed = book.update(jane.id, ContactDetails(name="Jane Roe"))
    assert book.get(jane.id) == changed == ledger.get_customer(jane.id)
    assert ledger.customer_reads == reads + 2, "only this test's own reads reached the ledger"


def test_a_new_book_reads_the_ledger_afresh() -> None:
    ledger = CountingLedger()
    jane = CustomerBook(ledger, FixedClock(NOON)).find_or_register(
        ContactDetails("Jane", "jane@example.com", None)
    )
    assert CustomerBook(ledger, FixedClock(NOON)).get(jane.id) == jane
    assert ledger.customer_reads == 1
