"""One calendar entry as each API shows it: the API's own handlers answer, as they would a client.

The dashboard does not render bookings itself: it calls the handler of the read that an
integrator would call (with a token for the caller that may see the entry: the key for
ReserveKit, the merchant or the owning customer, the visit's reseller) and shows the body
with the request it stands for. The calls never pass the traffic middleware, so looking at
the calendar adds nothing to the journal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from mockserver.apis.bardge.wire import occurrence_id
from mockserver.apis.instants import timestamp
from mockserver.domain.kernel.errors import DomainError, InvalidInput, NotFound
from mockserver.domain.reseller.model import Flow
from mockserver.storage.tenancy.sandboxes import Sandbox, SandboxStore

REF = re.compile(
    r"^(?P<kind>booking|slot|reservation|blocked)-(?P<id>[0-9]{1,9})(?:-(?P<day>\d{4}-\d{2}-\d{2}))?$"
)


@dataclass(frozen=True)
class Shown:
    """One read of one API: what the integrator would send, and what came back."""

    request: str
    status: int
    body: str


@dataclass(frozen=True)
class Ref:
    kind: str
    id: int
    day: date | None


def parse_ref(ref: str) -> Ref:
    match = REF.match(ref)
    if match is None:
        raise InvalidInput(f"no calendar entry is called {ref!r}")
    day = None
    if match["day"]:
        try:
            day = date.fromisoformat(match["day"])
        except ValueError:
            raise InvalidInput(f"{match['day']} is not a date") from None
    return Ref(match["kind"], int(match["id"]), day)


class Showing:
    """Reads entries through the handlers of the APIs the server serves (``handlers[api]``)."""

    def __init__(self, store: SandboxStore, handlers: Mapping[str, Any], mounts: Mapping[str, str]) -> None:
        self._store = store
        self._handlers = handlers
        self._mounts = mounts

    def show(self, key: str, api: str, ref: Ref) -> list[Shown]:
        if api not in self._handlers:
            raise NotFound("API", api)
        with self._store.open(api, key, write=False) as sandbox:
            calls = self._calls(sandbox, key, api, ref)
        return [self._answer(api, path, call) for path, call in calls]

    def _calls(self, sandbox: Sandbox, key: str, api: str, ref: Ref) -> list[tuple[str, Callable[[], Any]]]:
        h = self._handlers[api]
        if api in ("reservekit-v1", "bardge-v3") and ref.kind == "slot":
            if ref.day is None:
                raise InvalidInput("a slot entry names its day")
            bookings = sandbox.ledger.bookings_on([ref.id], ref.day, ref.day)
            if api == "reservekit-v1":
                calls = [(f"/v1/time-slots/{ref.id}", partial(h.get_time_slot, key, ref.id))]
                return calls + [(f"/v1/bookings/{b.id}", partial(h.get_booking, key, b.id)) for b in bookings]
            resellers = {r.id: r.slug for r in sandbox.world.programme.programme.resellers}
            visits = sandbox.reseller.visits_of_bookings([b.id for b in bookings])
            # The occurrence first, as a reseller reads it (places left), then each visit on it: a
            # place taken outside the reseller API (at the provider's desk) shows in the first.
            reader = f"reseller.{next(iter(resellers.values()))}.{key}"
            return [
                self._occurrence(sandbox, reader, ref.id, ref.day),
                *(
                    (
                        f"/bookings/{v.public_id}",
                        partial(h.get_booking, f"reseller.{resellers[v.reseller_id]}.{key}", v.public_id),
                    )
                    for v in visits
                ),
            ]
        if ref.kind == "reservation" and api in ("merchant", "lifecycle"):
            reservation = sandbox.calendar.get_reservation(ref.id)
            if reservation is None:
                raise NotFound("reservation", ref.id)
            if api == "lifecycle":
                folio = sandbox.lifecycle.folios_by_id([ref.id]).get(ref.id)
                owner = sandbox.ledger.get_customer(folio.owner_id) if folio else None
                if folio is None or owner is None:
                    raise NotFound("booking", ref.id)
                token = f"customer.{owner.uuid}.{key}"
                return [(f"/api/v1/bookings/{folio.uuid}", partial(h.get_booking, token, folio.uuid))]
            return [self._merchant_day(sandbox, key, reservation.provider_id, reservation.starts_at, ref)]
        if ref.kind == "blocked" and api == "merchant":
            block = _blocked(sandbox, ref)
            return [self._merchant_day(sandbox, key, block[0], block[1], ref)]
        raise NotFound(f"{ref.kind} entry on {api}", ref.id)

    def _occurrence(
        self, sandbox: Sandbox, token: str, slot_id: int, day: date
    ) -> tuple[str, Callable[[], Any]]:
        """A Bardge occurrence as the API shows it: its class instance, or its spa slot."""
        slot = sandbox.ledger.get_time_slot(slot_id)
        service = sandbox.ledger.get_service(slot.service_id) if slot else None
        if service is None:
            raise NotFound("time slot", slot_id)
        h = self._handlers["bardge-v3"]
        flow = Flow.CLASS if service.is_group else Flow.SPA
        wanted, field = occurrence_id(slot_id, day, flow), "instances" if service.is_group else "slots"

        def narrowed() -> Any:
            if service.is_group:
                body, status, *_ = h.get_class(token, service.uuid, day.isoformat(), 1)
            else:
                body, status, *_ = h.get_availability(
                    token, service.provider_id, service.uuid, day.isoformat()
                )
            mine = [o for o in body[field] if wanted in (o.get("id"), o.get("slot_id"))]
            return {**body, field: mine}, status

        if service.is_group:
            return f"/classes/{service.uuid}?start_date={day}&days=1", narrowed
        return f"/providers/{service.provider_id}/availability?service_id={service.uuid}&date={day}", narrowed

    def _merchant_day(
        self, sandbox: Sandbox, key: str, provider_id: int, at: datetime, ref: Ref
    ) -> tuple[str, Callable[[], Any]]:
        """The merchant's calendar for the entry's day, narrowed to the entry."""
        provider = sandbox.calendar.get_provider(provider_id)
        assert provider is not None, "providers are never deleted"
        start = datetime.combine(at.astimezone(UTC).date(), time(), UTC)
        since, until = timestamp(start), timestamp(start + timedelta(days=1))
        events = self._handlers["merchant"].get_calendar_events
        token = f"merchant.{provider.slug}.{key}"
        field = "blocked_times" if ref.kind == "blocked" else "bookings"

        def narrowed() -> Any:
            body, status, *_ = events(token, since, until)
            return {field: [e for e in body[field] if e.get("id") == ref.id]}, status

        return f"/bookings/calendar/events?start={since}&end={until}", narrowed

    def _answer(self, api: str, path: str, call: Callable[[], Any]) -> Shown:
        request = f"GET {self._mounts.get(api, '')}{path}"
        try:
            body, status, *_ = call()
        except DomainError as error:
            return Shown(request, 0, f"refused: {error}")
        return Shown(request, status, json.dumps(body, indent=2, ensure_ascii=False))


def _blocked(sandbox: Sandbox, ref: Ref) -> tuple[int, datetime]:
    """The provider and start of a blocked time, looked for on the day its reference names."""
    if ref.day is None:
        raise InvalidInput("a blocked-time entry names its day")
    start = datetime.combine(ref.day, time(), UTC)
    for provider in sandbox.calendar.providers():
        for block in sandbox.calendar.blocked_between(provider.id, start, start + timedelta(days=1)):
            if block.id == ref.id:
                return provider.id, block.starts_at
    raise NotFound("blocked time", ref.id)
