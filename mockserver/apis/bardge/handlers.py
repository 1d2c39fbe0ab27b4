"""The Bardge API's operations: translate the wire to the domain and back, nothing more.

Connexion resolves each ``operationId`` to the method of the same name on one
``BardgeHandlers``; ``user`` is the bearer token ``auth.bearer_info`` accepted,
naming the reseller and the sandbox. The operations live in three modules by
what they touch; ``session.BardgeBase`` holds what they share.
"""

from __future__ import annotations

from .booking_handlers import BookingHandlers
from .client_handlers import ClientHandlers
from .programme_handlers import ProgrammeHandlers


class BardgeHandlers(ProgrammeHandlers, BookingHandlers, ClientHandlers):
    """Every operation of the Bardge reseller API V3."""
