"""Vendors that answer an invitation wrongly where no directed scenario looks: the invitations
rule holds the guest's own view (accepted, or gone) and nothing else. The explorer's walk invites
a guest of its own to a group's booking and has them answer
(``contract_tests/rules/lifecycle_guests.py``), then reads the booking as its owner.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import pytest

from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle
from mockserver.domain.lifecycle.cases import BookingCases

_ANSWERING: ContextVar[bool] = ContextVar("answering", default=False)


def an_answer_leaves_the_booking_unstamped(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """An answer writes the guest's participant row and leaves the booking's own row as it was:
    its ``updated_at`` stays where it was though the participants it shows changed."""
    touch = BookingCases.touch

    def answering(method: Any) -> Any:
        def answered(self: BookingLifecycle, caller: Any, booking_uuid: str) -> Any:
            token = _ANSWERING.set(True)
            try:
                return method(self, caller, booking_uuid)
            finally:
                _ANSWERING.reset(token)

        return answered

    def touched(self: BookingCases, case: Any) -> None:
        if not _ANSWERING.get():
            touch(self, case)

    mp.setattr(BookingLifecycle, "accept_invite", answering(BookingLifecycle.accept_invite))
    mp.setattr(BookingLifecycle, "reject_invite", answering(BookingLifecycle.reject_invite))
    mp.setattr(BookingCases, "touch", touched)
    return app
