"""Who takes part in a reservation: naming customers, and seating them within capacity."""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.domain.kernel.clock import Clock
from mockserver.domain.kernel.customers import ContactDetails, CustomerBook
from mockserver.domain.kernel.errors import CapacityExhausted, FieldProblem, InvalidInput
from mockserver.domain.kernel.model import BookingStatus, Customer, Service
from mockserver.domain.kernel.ports import Ledger

from .model import Participant, Reservation
from .ports import CalendarLedger


@dataclass(frozen=True)
class CustomerRef:
    """A known customer by uuid, or a new or matching one by contact details."""

    uuid: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None


class Roster:
    def __init__(self, ledger: Ledger, calendar: CalendarLedger, clock: Clock) -> None:
        self._ledger = ledger
        self._calendar = calendar
        self._clock = clock
        self._customers = CustomerBook(ledger, clock)

    def seat(
        self, reservation: Reservation, service: Service, customers: tuple[Customer, ...], *, seated: int
    ) -> None:
        """Add ``customers`` beside the ``seated`` participants already there, within capacity."""
        if seated + len(customers) > service.max_participants:
            raise CapacityExhausted(f"capacity reached: at most {service.max_participants} participants")
        now = self._clock.now()
        for customer in customers:
            self._calendar.insert_participant(
                Participant(
                    self._ledger.allocate_id("participant"),
                    reservation.id,
                    customer.id,
                    BookingStatus.CONFIRMED,
                    now,
                    None,
                )
            )

    def resolve(self, service: Service, refs: tuple[CustomerRef, ...]) -> tuple[Customer, ...]:
        if not service.is_group and len(refs) != 1:
            raise InvalidInput(
                "an appointment is for exactly one customer",
                problems=(FieldProblem("customers", "give one customer"),),
            )
        customers: list[Customer] = []
        for index, ref in enumerate(refs):
            customer = self._customer_for(ref, f"customers[{index}]")
            if any(known.id == customer.id for known in customers):
                raise InvalidInput(
                    "the same customer is listed twice",
                    problems=(FieldProblem(f"customers[{index}]", "listed twice"),),
                )
            customers.append(customer)
        return tuple(customers)

    def _customer_for(self, ref: CustomerRef, field: str) -> Customer:
        if ref.uuid is not None:
            return self._customers.by_uuid(ref.uuid)
        if not (ref.first_name or "").strip():
            raise InvalidInput(
                "a new customer needs a first name",
                problems=(FieldProblem(f"{field}.first_name", "required without id"),),
            )
        name = " ".join(part for part in (ref.first_name, ref.last_name) if part)
        contact = ContactDetails(name=name, email=ref.email, phone=ref.phone)
        return self._customers.find_or_register(contact)
