"""Broken sandboxes that lose a race: each checks its rule, then writes without holding a lock.

The intact sandbox checks and writes in one transaction, and a write transaction holds the
sandbox's lock (SQLite's one writer; PostgreSQL's advisory lock per sandbox), so two creates
for the last place follow each other. A vendor's classic bug reads first and writes later: a
create here is *rehearsed* in a transaction that is rolled back (which refuses it, if the rule
refuses it then), the reads its checks made are kept, and after a pause (a payment provider's
call, say) the create is written in a transaction of its own, its checks answered from those
kept reads. One request at a time, nothing differs; two at once both read "one place left".

Handlers run on the server's thread pool here, as a PostgreSQL server's always do: a SQLite
server's run on its event loop, one after the other, which would hide any race.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mockserver.apis.bardge.booking_handlers import BookingHandlers
from mockserver.apis.lifecycle.handlers import LifecycleHandlers
from mockserver.apis.merchant.handlers import MerchantHandlers
from mockserver.apis.reservekit.handlers import ReserveKitHandlers
from mockserver.domain.calendar.staffing import Staffing
from mockserver.domain.lifecycle import instant
from mockserver.server import app as app_module
from mockserver.storage.calendar.ledger import SqlCalendar
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.slots.ledger import SqlLedger
from mockserver.storage.tenancy.sandboxes import SandboxStore

Breakage = Callable[[pytest.MonkeyPatch], None]

# Between the check and the write: long enough that requests sent together all read before
# any writes, as a slow step between them makes it on a real server.
PAUSE_SECONDS = 0.05


class _Rehearsed(Exception):
    """Ends a rehearsal: its transaction is rolled back, and the reads it made are kept."""


def racy(handlers: type, creates: tuple[str, ...], reads: tuple[tuple[Any, str], ...]) -> Breakage:
    """A breakage making ``handlers``' ``creates`` check, then write without a lock; ``reads``
    are the (owner, name) of what their checks read, answered from the rehearsal's reads."""

    def breakage(mp: pytest.MonkeyPatch) -> None:
        mp.setattr(app_module, "reads_on_loop", lambda method, **where: method)
        state = threading.local()
        original_open = SandboxStore.open

        @contextmanager
        def open_(self: SandboxStore, api: str, api_key: str, *, write: bool, **ahead: Any) -> Iterator[Any]:
            with original_open(self, api, api_key, write=write, **ahead) as sandbox:
                yield sandbox
                if write and getattr(state, "rehearsing", False):
                    raise _Rehearsed

        mp.setattr(SandboxStore, "open", open_)
        for owner, name in reads:
            mp.setattr(owner, name, _kept(getattr(owner, name), state))
        for name in creates:
            mp.setattr(handlers, name, _check_then_write(getattr(handlers, name), state))

    return breakage


def _kept(read: Callable[..., Any], state: threading.local) -> Callable[..., Any]:
    def kept(*args: Any, **kwargs: Any) -> Any:
        if getattr(state, "rehearsing", False):
            value = read(*args, **kwargs)
            state.reads.append(value)
            return value
        replay: list[Any] | None = getattr(state, "replay", None)
        if replay:
            return replay.pop(0)
        return read(*args, **kwargs)

    return kept


def _check_then_write(create: Callable[..., Any], state: threading.local) -> Callable[..., Any]:
    @functools.wraps(create)  # the server passes the parameters the handler's signature names
    def check_then_write(self: Any, *args: Any, **kwargs: Any) -> Any:
        state.rehearsing, state.reads = True, []
        try:
            create(self, *args, **kwargs)  # a refusal (full, duplicate) is answered from here
        except _Rehearsed:
            pass
        finally:
            state.rehearsing = False
        time.sleep(PAUSE_SECONDS)
        state.replay = state.reads
        try:
            return create(self, *args, **kwargs)
        finally:
            state.replay = None

    return check_then_write


RACES: dict[str, tuple[str, Breakage]] = {
    "RK-RACE-LAST-PLACE": (
        "a create checks the slot, then books it without a lock",
        racy(
            ReserveKitHandlers,
            ("create_booking",),
            ((SqlLedger, "places_at"),),
        ),
    ),
    "MR-RACE-LAST-PLACE": (
        "a create checks the employees and the group, then books without a lock",
        racy(
            MerchantHandlers,
            ("create_booking_by_customer", "create_booking_by_merchant"),
            (
                (Staffing, "free_member_at"),
                (SqlCalendar, "active_participants"),
                (SqlCalendar, "latest_participation"),
            ),
        ),
    ),
    "LC-RACE-INSTANT-SLOT": (
        "an instant booking checks its slot, then books it without a lock",
        racy(
            LifecycleHandlers,
            ("create_instant_booking",),
            ((instant, "check_bookable"), (instant, "free_resource")),
        ),
    ),
    "BG-RACE-LAST-SPOT": (
        "a booking checks the class or slot, then books it without a lock",
        racy(
            BookingHandlers,
            ("initiate_class_booking", "initiate_spa_booking"),
            ((SqlReseller, "places_at"),),
        ),
    ),
    "BG-RACE-IDEMPOTENCY": (
        "a create looks its key up, then books and stores it without a lock",
        racy(
            BookingHandlers,
            ("initiate_class_booking", "initiate_spa_booking"),
            (
                (SqlReseller, "stored_answer"),
                (SqlReseller, "places_at"),
            ),
        ),
    ),
}
