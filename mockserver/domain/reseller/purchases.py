"""Co-pays and credits: quotes, purchases and packages, paid on the reseller's account.

A spa co-pay is quoted first (the quote holds its price for ``QUOTE_LIFETIME``)
and then purchased; a gym (class) co-pay is purchased directly. Both are made
for one initiated booking and used when it is confirmed. Co-pay packages add
prepaid class co-pays to a client, credit packages add credits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from mockserver.domain.kernel.errors import Conflict, Expired, FieldProblem, InvalidInput, NotFound

from .coverage import assess
from .model import Client, Flow, Purchase, PurchaseKind, PurchaseState, VisitStatus, VisitView
from .session import ResellerSession

QUOTE_LIFETIME = timedelta(minutes=15)


class PurchaseDesk:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def quote_spa_copay(self, booking_id: str) -> tuple[Purchase, VisitView]:
        view = self._copay_target(booking_id, Flow.SPA)
        quote = self._record(view.client, PurchaseKind.SPA_QUOTE, PurchaseState.QUOTED, self._due(view), view)
        return quote, view

    def purchase_spa_copay(self, quote_id: str) -> tuple[Purchase, VisitView]:
        quote = self._s.ledger.purchase(quote_id)
        if (
            quote is None
            or quote.reseller_id != self._s.reseller.id
            or quote.kind is not PurchaseKind.SPA_QUOTE
        ):
            raise NotFound("co-pay quote", quote_id)
        if quote.status is not PurchaseState.QUOTED:
            raise Conflict("the quote was already purchased", problems=(FieldProblem("quote_id", "used"),))
        if quote.expires_at is not None and quote.expires_at <= self._s.now():
            raise Expired("the quote has expired; request a new one")
        assert quote.visit_id is not None, "quotes are made for one booking"
        visit = self._s.ledger.visit_by_id(quote.visit_id)
        assert visit is not None, "visits are never deleted"
        view = self._initiated(self._s.view_of(visit, write=True))
        self._s.ledger.update_purchase(quote.id, {"status": PurchaseState.USED})
        purchase = self._record(
            view.client, PurchaseKind.SPA_COPAY, PurchaseState.PAID, quote.amount_minor, view
        )
        return purchase, view

    def purchase_gym_copay(self, booking_id: str) -> tuple[Purchase, VisitView]:
        view = self._copay_target(booking_id, Flow.CLASS)
        return self._record(
            view.client, PurchaseKind.GYM_COPAY, PurchaseState.PAID, self._due(view), view
        ), view

    def purchase_copay_package(self, client: Client, package_id: int) -> tuple[Purchase, Client]:
        package = self._s.programme.copay_package(package_id)
        if package is None:
            raise NotFound("co-pay package", package_id)
        visits = client.copay_visits + package.visits
        self._s.ledger.update_client(client.id, {"copay_visits": visits})
        purchase = self._record(
            client,
            PurchaseKind.COPAY_PACKAGE,
            PurchaseState.PAID,
            package.price_minor,
            None,
            visits=package.visits,
            package_id=package.id,
        )
        return purchase, replace(client, copay_visits=visits)

    def purchase_credits(self, client: Client, package_id: int) -> tuple[Purchase, Client]:
        package = self._s.programme.credit_package(package_id)
        if package is None:
            raise NotFound("credit package", package_id)
        balance = client.credits + package.credits
        self._s.ledger.update_client(client.id, {"credits": balance})
        purchase = self._record(
            client,
            PurchaseKind.CREDITS,
            PurchaseState.PAID,
            package.price_minor,
            None,
            credits=package.credits,
            package_id=package.id,
        )
        return purchase, replace(client, credits=balance)

    def _copay_target(self, booking_id: str, flow: Flow) -> VisitView:
        view = self._initiated(self._s.visit(booking_id, write=True))
        if view.visit.flow is not flow:
            raise InvalidInput(
                f"{booking_id} is a {view.visit.flow.value} booking",
                problems=(FieldProblem("booking_id", f"not a {flow.value} booking"),),
            )
        return view

    def _initiated(self, view: VisitView) -> VisitView:
        if view.visit.status is VisitStatus.EXPIRED:
            raise Expired("the booking's hold has expired; initiate a new booking")
        if view.visit.status is not VisitStatus.INITIATED:
            raise Conflict(
                f"co-pays are bought for initiated bookings (it is {view.visit.status.value})",
                problems=(FieldProblem("booking_id", "not awaiting confirmation"),),
            )
        return view

    def _due(self, view: VisitView) -> int:
        issued = self._s.ledger.pass_of_client(view.client.id)
        coverage = assess(self._s.programme, view, issued)
        if coverage.copay_minor == 0:
            raise Conflict(
                "no co-pay is due: the booking is covered or free",
                problems=(FieldProblem("booking_id", "needs no co-pay"),),
            )
        return coverage.copay_minor

    def _record(
        self,
        client: Client,
        kind: PurchaseKind,
        status: PurchaseState,
        amount: int,
        view: VisitView | None,
        **package: int,
    ) -> Purchase:
        now = self._s.now()
        prefix = "quo" if kind is PurchaseKind.SPA_QUOTE else "pur"
        purchase_id = self._s.ledger.allocate_id("purchase")
        purchase = Purchase(
            id=purchase_id,
            public_id=f"{prefix}_{self._s.core.ids.hex('purchase', purchase_id)}",
            reseller_id=self._s.reseller.id,
            client_id=client.id,
            kind=kind,
            status=status,
            amount_minor=amount,
            currency=self._s.programme.currency,
            visit_id=view.visit.id if view else None,
            expires_at=now + QUOTE_LIFETIME if status is PurchaseState.QUOTED else None,
            created_at=now,
            **package,
        )
        self._s.ledger.insert_purchase(purchase)
        return purchase
