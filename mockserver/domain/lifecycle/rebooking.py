"""Editing an accepted booking: participants, add-ons, date/time/resource; and reverting an edit.

Each edit is applied when it succeeds. The first edit of a session keeps a
copy of the booking as it was (``PendingEdit``); ``cancel_edit`` restores that
copy while the session is open, re-checking that the old time is still free.
Every edit reprices the order: a higher price leaves a balance due, a lower
one refunds what was paid beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from mockserver.domain.calendar.model import Participant
from mockserver.domain.kernel.clock import next_revision_time
from mockserver.domain.kernel.customers import ContactDetails, CustomerBook
from mockserver.domain.kernel.errors import CapacityExhausted, FieldProblem, InvalidInput, NotEditable
from mockserver.domain.kernel.model import BookingStatus, Customer
from mockserver.domain.lifecycle.scheduling import check_bookable, check_staff, resource_of

from .cases import BookingCase, BookingCases, BookingView
from .folios import AddOnChoice, ParticipantState, PendingEdit
from .orders import reprice


@dataclass(frozen=True)
class GuestEdit:
    email: str
    name: str | None
    can_edit: bool
    attending_virtually: bool


@dataclass(frozen=True)
class AddOnRequest:
    add_on_uuid: str
    quantity: int


class BookingEditor:
    def __init__(self, cases: BookingCases) -> None:
        self._cases = cases

    def edit_participants(
        self, caller: Customer, booking_uuid: str, guests: tuple[GuestEdit, ...]
    ) -> BookingView:
        case = self._editable(caller, booking_uuid)
        seen: set[str] = set()
        for index, guest in enumerate(guests):
            key = guest.email.strip().lower()
            if key in seen:
                raise InvalidInput(
                    "the same participant is listed twice",
                    problems=(FieldProblem(f"participants[{index}].email", "listed twice"),),
                )
            seen.add(key)
        owner = self._cases.ledger.get_customer(case.folio.owner_id)
        assert owner is not None
        guests_only = [g for g in guests if g.email.strip().lower() != (owner.email or "").lower()]
        if 1 + len(guests_only) > case.service.max_participants:
            raise CapacityExhausted(
                f"too many participants: this service takes at most {case.service.max_participants}"
            )
        self._begin(case)
        now = self._cases.clock.now()
        book = CustomerBook(self._cases.ledger, self._cases.clock)
        current = {p.customer_id: p for p in case.participants}
        wanted: set[int] = {owner.id}
        for guest in guests:
            person = book.find_or_register(ContactDetails(name=guest.name, email=guest.email, phone=None))
            wanted.add(person.id)
            can_edit = guest.can_edit and person.id != owner.id
            if person.id in current:
                self._cases.calendar.update_participants(
                    [current[person.id].id],
                    {
                        "can_edit": can_edit,
                        "attending_virtually": guest.attending_virtually,
                        "display_name": guest.name,
                    },
                )
            else:
                self._cases.calendar.insert_participant(
                    Participant(
                        self._cases.ledger.allocate_id("participant"),
                        case.reservation.id,
                        person.id,
                        BookingStatus.INVITED,
                        now,
                        None,
                        can_edit=can_edit,
                        attending_virtually=guest.attending_virtually,
                        display_name=guest.name,
                    )
                )
        leaving = [p.id for p in case.participants if p.customer_id not in wanted]
        if leaving:
            self._cases.calendar.update_participants(
                leaving, {"status": BookingStatus.CANCELLED, "cancelled_at": now}
            )
        return self._repriced(caller, case, "participants changed")

    def edit_service_options(
        self, caller: Customer, booking_uuid: str, requests: tuple[AddOnRequest, ...]
    ) -> BookingView:
        case = self._editable(caller, booking_uuid)
        if not case.terms.can_edit_service_options:
            raise NotEditable("service options of this service cannot be edited")
        offered = {a.uuid: a for a in self._cases.books.add_ons_of(case.service.id)}
        choices: list[AddOnChoice] = []
        for index, wanted in enumerate(requests):
            add_on = offered.get(wanted.add_on_uuid.lower())
            field = f"addons[{index}]"
            if add_on is None:
                raise InvalidInput(
                    "add-on not offered by this service",
                    problems=(FieldProblem(f"{field}.add_on_id", "not an add-on of this service"),),
                )
            if any(choice.add_on_id == add_on.id for choice in choices):
                raise InvalidInput(
                    "the same add-on is listed twice",
                    problems=(FieldProblem(f"{field}.add_on_id", "listed twice"),),
                )
            if wanted.quantity > add_on.max_quantity:
                raise InvalidInput(
                    f"at most {add_on.max_quantity} of {add_on.name}",
                    problems=(FieldProblem(f"{field}.quantity", f"at most {add_on.max_quantity}"),),
                )
            choices.append(AddOnChoice(add_on.id, wanted.quantity))
        self._begin(case)
        self._cases.books.update_folio(case.folio.id, {"add_ons": tuple(choices)})
        return self._repriced(caller, case, "service options changed")

    def edit_base_data(
        self,
        caller: Customer,
        booking_uuid: str,
        starts_at: datetime,
        ends_at: datetime,
        resource_uuid: str | None,
    ) -> BookingView:
        case = self._editable(caller, booking_uuid)
        staff_id = case.reservation.staff_id
        if resource_uuid is not None:
            staff_id = resource_of(self._cases, case.service, resource_uuid).id
        check_bookable(self._cases, case.service, staff_id, starts_at, ends_at, excluding=case.reservation.id)
        self._begin(case)
        self._cases.calendar.update_reservation(
            case.reservation.id,
            {
                "starts_at": starts_at,
                "ends_at": ends_at,
                "staff_id": staff_id,
            },
        )
        return self._repriced(caller, case, "booking date/time changed")

    def cancel_edit(self, caller: Customer, booking_uuid: str) -> BookingView:
        # A booking canceled while an edit was in progress stays as it was canceled.
        case = self._editable(caller, booking_uuid)
        edit = case.folio.open_edit(self._cases.clock.now())
        if edit is None:
            raise NotEditable("no edit in progress")
        reservation = case.reservation
        if (edit.starts_at, edit.ends_at, edit.staff_id) != (
            reservation.starts_at,
            reservation.ends_at,
            reservation.staff_id,
        ):
            check_staff(
                self._cases,
                case.service,
                edit.staff_id,
                edit.starts_at,
                edit.ends_at,
                excluding=reservation.id,
            )
        self._cases.calendar.update_reservation(
            reservation.id,
            {
                "starts_at": edit.starts_at,
                "ends_at": edit.ends_at,
                "staff_id": edit.staff_id,
                "updated_at": next_revision_time(self._cases.clock, reservation.updated_at),
            },
        )
        self._restore_participants(case, edit)
        self._cases.books.update_folio(case.folio.id, {"add_ons": edit.add_ons, "pending_edit": None})
        change = reprice(case.order, edit.total_minor, "edit cancelled", self._cases.clock.now())
        self._cases.books.save_order_change(change)
        return self._cases.view(self._cases.reload(case), caller)

    def _editable(self, caller: Customer, booking_uuid: str) -> BookingCase:
        case = self._cases.managed_by(caller, booking_uuid)
        if case.reservation.status is not BookingStatus.CONFIRMED:
            raise NotEditable("booking not editable", status=case.reservation.status.value)
        return case

    def _begin(self, case: BookingCase) -> None:
        """Keep the booking as it is now, unless an edit session is already open."""
        now = self._cases.clock.now()
        if case.folio.open_edit(now) is not None:
            return
        reservation = case.reservation
        snapshot = PendingEdit(
            started_at=now,
            starts_at=reservation.starts_at,
            ends_at=reservation.ends_at,
            staff_id=reservation.staff_id,
            add_ons=case.folio.add_ons,
            participants=tuple(
                ParticipantState(p.id, p.status, p.can_edit, p.attending_virtually, p.display_name)
                for p in case.participants
            ),
            total_minor=case.order.total_minor,
        )
        self._cases.books.update_folio(case.folio.id, {"pending_edit": snapshot})

    def _restore_participants(self, case: BookingCase, edit: PendingEdit) -> None:
        kept = {state.participant_id: state for state in edit.participants}
        now = self._cases.clock.now()
        for participant in self._cases.books.participants_of(case.reservation.id):
            state = kept.get(participant.id)
            if state is None:
                if participant.status.holds_a_place:
                    self._cases.calendar.update_participants(
                        [participant.id], {"status": BookingStatus.CANCELLED, "cancelled_at": now}
                    )
                continue
            self._cases.books.update_participant(
                participant.id,
                {
                    "status": state.status,
                    "cancelled_at": None,
                    "can_edit": state.can_edit,
                    "attending_virtually": state.attending_virtually,
                    "display_name": state.display_name,
                },
            )

    def _repriced(self, caller: Customer, case: BookingCase, reason: str) -> BookingView:
        self._cases.touch(case)
        after = self._cases.reload(case)
        change = reprice(after.order, self._cases.total_of(after), reason, self._cases.clock.now())
        self._cases.books.save_order_change(change)
        return self._cases.view(replace(after, order=change.order), caller)
