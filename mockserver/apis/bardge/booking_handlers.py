"""The Bardge booking operations: initiate, confirm, read, cancel, reschedule, list."""

from __future__ import annotations

from typing import Any

from connexion import request

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.domain.reseller.lookups import LookupDesk
from mockserver.domain.reseller.model import ClientToken, Flow, PaymentMethod, VisitByPublicId, VisitStatus
from mockserver.domain.reseller.payment import PaymentChoice
from mockserver.domain.reseller.session import ResellerSession
from mockserver.domain.reseller.visits import FIELD, SlotRef, VisitDesk

from . import wire
from .session import BardgeBase, Reply


class BookingHandlers(BardgeBase):
    # bookings

    def initiate_class_booking(self, user: str, body: dict[str, Any]) -> Reply:
        ref = wire.slot_ref(body["class_instance_id"], Flow.CLASS, "class_instance_id")
        return self._initiate(user, "initiate_class_booking", body, flow=Flow.CLASS, ref=ref, service_id=None)

    def initiate_spa_booking(self, user: str, body: dict[str, Any]) -> Reply:
        ref = wire.slot_ref(body["slot_id"], Flow.SPA, "slot_id")
        service_id = body["service_id"]
        return self._initiate(
            user, "initiate_spa_booking", body, flow=Flow.SPA, ref=ref, service_id=service_id
        )

    def confirm_class_booking(self, user: str, booking_id: str, body: dict[str, Any] | None = None) -> Reply:
        return self._confirm(user, "confirm_class_booking", booking_id, body or {}, Flow.CLASS)

    def confirm_spa_booking(self, user: str, booking_id: str, body: dict[str, Any] | None = None) -> Reply:
        return self._confirm(user, "confirm_spa_booking", booking_id, body or {}, Flow.SPA)

    def get_booking(self, user: str, booking_id: str) -> Reply:
        with self._session(user) as s:
            return wire.booking(VisitDesk(s).view(booking_id), s.programme), 200

    def get_booking_status(self, user: str, booking_id: str) -> Reply:
        with self._session(user) as s:
            return wire.booking_status(VisitDesk(s).view(booking_id)), 200

    def cancel_booking(self, user: str, booking_id: str) -> Reply:
        with self._session(user, write=True, ahead=(VisitByPublicId(booking_id),)) as s:
            return wire.booking(VisitDesk(s).cancel(booking_id), s.programme), 200

    def reschedule_booking(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        def target(flow: Flow) -> SlotRef:
            field = FIELD[flow]
            if field not in body:
                problem = FieldProblem(field, f"a {flow.value} booking moves to another {field}")
                raise InvalidInput(f"{field} is required", problems=(problem,))
            return wire.slot_ref(body[field], flow, field)

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return wire.booking(VisitDesk(s).reschedule(booking_id, target), s.programme), 201

        return self._replayable(
            user, f"reschedule_booking:{booking_id}", body, run, ahead=(VisitByPublicId(booking_id),)
        )

    def list_client_bookings(
        self,
        user: str,
        client_id: str,
        status: str | None = None,
        limit: int = 20,
        starting_after: str | None = None,
    ) -> Reply:
        with self._session(user) as s:
            wanted = VisitStatus(status) if status else None
            views, more = VisitDesk(s).for_client(s.client(client_id), starting_after, wanted, limit)
            return wire.listing([wire.booking(v, s.programme) for v in views], more, request.url.path), 200

    # shared steps

    def _initiate(
        self,
        user: str,
        operation: str,
        body: dict[str, Any],
        *,
        flow: Flow,
        ref: SlotRef,
        service_id: str | None,
    ) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            client = LookupDesk(s).client_for_token(body["client_token"])
            started = VisitDesk(s).initiate(flow, client, body["provider_id"], ref, service_id)
            return wire.initiation(started.view, started.coverage, s.programme), 201

        token = body.get("client_token")
        return self._replayable(
            user, operation, body, run, ahead=(ClientToken(token),) if isinstance(token, str) else ()
        )

    def _confirm(self, user: str, operation: str, booking_id: str, body: dict[str, Any], flow: Flow) -> Reply:
        method = body.get("payment_method")
        choice = PaymentChoice(PaymentMethod(method) if method else None, body.get("copay_purchase_id"))

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return wire.booking(VisitDesk(s).confirm(flow, booking_id, choice), s.programme), 200

        return self._replayable(
            user, f"{operation}:{booking_id}", body, run, ahead=(VisitByPublicId(booking_id),)
        )
