"""Personalization: a participant's answers to the service's custom form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.domain.kernel.errors import AccessDenied, FieldProblem, InvalidInput, NotEditable
from mockserver.domain.kernel.model import BookingStatus, Customer

from .cases import BookingCases, BookingView
from .forms import checked_answers

OPEN = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)


class Personalization:
    def __init__(self, cases: BookingCases) -> None:
        self._cases = cases

    def submit(
        self, caller: Customer, booking_uuid: str, answers: Mapping[str, Any], email: str | None
    ) -> BookingView:
        """Store the answers of the participant with ``email`` (the caller when absent)."""
        case = self._cases.visible_to(caller, booking_uuid, settle=True)
        if case.reservation.status not in OPEN:
            raise NotEditable("booking not editable", status=case.reservation.status.value)
        target = caller
        if email is not None and email.strip().lower() != (caller.email or "").lower():
            self._cases.require_manager(case, caller)
            people = self._cases.ledger.customers_by_id({p.customer_id for p in case.participants})
            found = next(
                (c for c in people.values() if (c.email or "").lower() == email.strip().lower()), None
            )
            if found is None:
                raise InvalidInput(
                    "no participant with this email",
                    problems=(FieldProblem("email", "not a participant of this booking"),),
                )
            target = found
        participation = case.participation_of(target.id)
        if participation is None:
            raise AccessDenied("unauthorized: not a participant of this booking")
        form = self._cases.books.form_of(case.service.id)
        accepted = checked_answers(form, answers)
        self._cases.books.update_participant(participation.id, {"answers": accepted})
        self._cases.touch(case)
        return self._cases.view(self._cases.reload(case), caller)
