"""Paying for a confirmed visit, and refunding a cancelled one.

Without an explicit choice a visit is paid the cheapest way the client holds:
free, their pass, then their credits; otherwise a co-pay is required first.
A co-pay is either a purchase made for this very visit or, for classes, one
visit of a prepaid co-pay package. Cancelling before the service's
cancellation deadline gives back what was paid (credits, or the co-pay);
after it, nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotFound, PaymentRequired

from .model import (
    Coverage,
    Flow,
    PaymentMethod,
    Purchase,
    PurchaseKind,
    PurchaseState,
    Refund,
    VisitStatus,
    VisitView,
)
from .session import ResellerSession

COPAY_KIND = {Flow.SPA: PurchaseKind.SPA_COPAY, Flow.CLASS: PurchaseKind.GYM_COPAY}


@dataclass(frozen=True)
class PaymentChoice:
    method: PaymentMethod | None = None
    copay_purchase_id: str | None = None


@dataclass(frozen=True)
class Charge:
    method: PaymentMethod
    credits: int = 0
    copay_purchase_id: int | None = None


class Payment:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def charge(self, view: VisitView, coverage: Coverage, choice: PaymentChoice) -> Charge:
        method = choice.method
        if choice.copay_purchase_id is not None and method is None:
            method = PaymentMethod.COPAY
        method = method or coverage.default_method
        if method is None:
            raise PaymentRequired(
                f"neither the client's pass nor their credits ({coverage.credits_available} of "
                f"{coverage.credits_cost}) cover this booking; purchase a co-pay or credits first"
            )
        if method is PaymentMethod.FREE and coverage.credits_cost > 0:
            raise _refused("the service is not free")
        if method is PaymentMethod.PASS and not coverage.covered_by_pass:
            raise _refused("the client's pass does not cover this booking")
        if method is PaymentMethod.CREDITS:
            if coverage.credits_available < coverage.credits_cost:
                have, cost = coverage.credits_available, coverage.credits_cost
                raise _refused(f"the client has {have} credits; the booking costs {cost}")
            client = view.client
            self._s.ledger.update_client(client.id, {"credits": client.credits - coverage.credits_cost})
            return Charge(method, credits=coverage.credits_cost)
        if method is PaymentMethod.COPAY:
            return self._copay(view, coverage, choice.copay_purchase_id)
        return Charge(method)

    def refund(self, view: VisitView) -> Refund:
        visit, service = view.visit, view.service
        currency = self._s.programme.currency
        if visit.status is VisitStatus.INITIATED or visit.payment_method in (None, PaymentMethod.FREE):
            return Refund(0, 0, currency, "nothing was charged")
        if visit.payment_method is PaymentMethod.PASS:
            return Refund(0, 0, currency, "covered by the client's pass")
        deadline = view.booking.starts_at - timedelta(hours=service.cancellation_deadline_hours)
        if self._s.now() > deadline:
            return Refund(
                0, 0, currency, f"cancelled within {service.cancellation_deadline_hours} h of the start"
            )
        client = view.client
        if visit.payment_method is PaymentMethod.CREDITS:
            self._s.ledger.update_client(client.id, {"credits": client.credits + visit.credits_charged})
            return Refund(visit.credits_charged, 0, currency, "credits returned")
        if visit.copay_purchase_id is None:
            self._s.ledger.update_client(client.id, {"copay_visits": client.copay_visits + 1})
            return Refund(0, 0, currency, "co-pay package visit returned")
        purchase = self._s.ledger.purchase_by_id(visit.copay_purchase_id)
        assert purchase is not None, "purchases are never deleted"
        self._s.ledger.update_purchase(purchase.id, {"status": PurchaseState.REFUNDED})
        return Refund(0, purchase.amount_minor, purchase.currency, "co-pay refunded", purchase.public_id)

    def _copay(self, view: VisitView, coverage: Coverage, purchase_id: str | None) -> Charge:
        if coverage.copay_minor == 0:
            raise _refused("no co-pay is due: the client's pass covers this booking")
        if purchase_id is None:
            client = view.client
            if view.visit.flow is Flow.CLASS and client.copay_visits > 0:
                self._s.ledger.update_client(client.id, {"copay_visits": client.copay_visits - 1})
                return Charge(PaymentMethod.COPAY)
            raise PaymentRequired(
                "purchase a co-pay for this booking first, then name it in copay_purchase_id"
            )
        purchase = self._usable_copay(view, purchase_id)
        self._s.ledger.update_purchase(purchase.id, {"status": PurchaseState.USED})
        return Charge(PaymentMethod.COPAY, copay_purchase_id=purchase.id)

    def _usable_copay(self, view: VisitView, purchase_id: str) -> Purchase:
        purchase = self._s.ledger.purchase(purchase_id)
        if purchase is None or purchase.reseller_id != self._s.reseller.id:
            raise NotFound("co-pay purchase", purchase_id)
        field = "copay_purchase_id"
        if purchase.kind is not COPAY_KIND[view.visit.flow] or purchase.visit_id != view.visit.id:
            raise InvalidInput(
                "the co-pay purchase is not for this booking",
                problems=(FieldProblem(field, "another booking's"),),
            )
        if purchase.status is not PurchaseState.PAID:
            raise InvalidInput(
                f"the co-pay purchase is {purchase.status.value}",
                problems=(FieldProblem(field, "already used"),),
            )
        return purchase


def _refused(message: str) -> PaymentRequired:
    return PaymentRequired(message, problems=(FieldProblem("payment_method", message),))
