"""Who pays for a visit (``reseller.coverage``), on a hand-made programme: no storage, no seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from mockserver.domain.kernel.model import BookingStatus, PriceType, Provider, Service, ServiceKind
from mockserver.domain.reseller.catalogue import CopayPackage, PassPlan, Programme
from mockserver.domain.reseller.coverage import SINGLE_COPAY, assess, credits_cost
from mockserver.domain.reseller.model import (
    Client,
    Flow,
    IssuedPass,
    PassState,
    PaymentMethod,
    Visit,
    VisitStatus,
    VisitView,
)
from mockserver.domain.slots.model import Booking

AT = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
CREDIT = 500  # one credit is worth 5.00

PLAN = PassPlan(1, 1, "Spa and classes", "", True, True, 4, 9900, "USD", 30, (1,))
PROGRAMME = Programme(
    resellers=(),
    issuers=(),
    pass_plans=(PLAN, replace(PLAN, id=2, covers_class=False)),
    credit_packages=(),
    copay_packages=(CopayPackage(7, "Five classes", 5, 4500, "USD"),),
    categories=(),
    service_categories={},
    credit_value_minor=CREDIT,
    currency="USD",
)
MASSAGE = Service(
    1, 1, 1, "Massage", "", ServiceKind.APPOINTMENT, 60, 2600, "USD", PriceType.PER_PERSON, "#fff", 24, 90
)
CLIENT = Client(1, "c-1", 1, "u-1", None, None, "Ana", "ana@example.com", 3, 2, True, AT)


def _view(service: Service = MASSAGE, flow: Flow = Flow.SPA, provider_id: int = 1) -> VisitView:
    starts = AT + timedelta(days=7)
    booking = Booking(
        1,
        service.id,
        1,
        1,
        date(2027, 1, 13),
        starts,
        starts + timedelta(hours=1),
        BookingStatus.HELD,
        None,
        None,
        AT,
        AT,
    )
    visit = Visit(1, "bkg_1", 1, 1, 1, flow, VisitStatus.INITIATED, None, 0, None, None, None, None, AT, AT)
    return VisitView(
        visit,
        booking,
        replace(service, provider_id=provider_id),
        Provider(provider_id, "Spa", "spa", "", ""),
        CLIENT,
    )


def _pass(plan_id: int = 1, status: PassState = PassState.ACTIVE, days: int = 30) -> IssuedPass:
    return IssuedPass(
        1, 1, 1, "u-1", plan_id, status, AT - timedelta(days=1), AT + timedelta(days=days), AT, AT
    )


def test_a_service_costs_its_price_in_credits_rounded_up() -> None:
    assert credits_cost(MASSAGE, PROGRAMME) == 6  # 26.00 / 5.00
    assert credits_cost(replace(MASSAGE, price_minor=2500), PROGRAMME) == 5
    assert credits_cost(replace(MASSAGE, price_type=PriceType.FREE), PROGRAMME) == 0


def test_a_valid_pass_covers_up_to_its_credits_and_the_rest_is_a_co_pay() -> None:
    covered = assess(PROGRAMME, _view(replace(MASSAGE, price_minor=2000)), _pass())
    assert (covered.covered_by_pass, covered.copay_minor, covered.options) == (True, 0, ())
    assert covered.default_method is PaymentMethod.PASS
    partly = assess(PROGRAMME, _view(), _pass())  # 6 credits, the plan covers 4
    assert (partly.covered_by_pass, partly.copay_minor) == (False, 2 * CREDIT)
    assert [o.id for o in partly.options] == [SINGLE_COPAY]


@pytest.mark.parametrize(
    ("issued", "provider_id", "flow"),
    [
        (None, 1, Flow.SPA),  # no pass
        ("expired", 1, Flow.SPA),  # the pass ran out before the visit
        ("suspended", 1, Flow.SPA),
        ("plan 2", 1, Flow.CLASS),  # the plan does not cover classes
        ("plan 1", 9, Flow.SPA),  # the provider is not in the plan
    ],
)
def test_without_a_pass_that_covers_the_visit_the_whole_price_is_a_co_pay(
    issued: str | None, provider_id: int, flow: Flow
) -> None:
    passes = {
        None: None,
        "expired": _pass(days=3),
        "suspended": _pass(status=PassState.SUSPENDED),
        "plan 2": _pass(plan_id=2),
        "plan 1": _pass(),
    }
    coverage = assess(PROGRAMME, _view(flow=flow, provider_id=provider_id), passes[issued])
    assert (coverage.covered_by_pass, coverage.copay_minor) == (False, MASSAGE.price_minor)
    assert coverage.default_method is None  # 3 credits cannot pay 6


def test_a_class_co_pay_also_offers_the_packages_and_counts_prepaid_visits() -> None:
    yoga = replace(MASSAGE, kind=ServiceKind.CLASS, price_minor=4000)
    coverage = assess(PROGRAMME, _view(yoga, Flow.CLASS), None)
    assert [o.id for o in coverage.options] == [SINGLE_COPAY, "package_7"]
    assert coverage.copay_visits_available == CLIENT.copay_visits
    spa = assess(PROGRAMME, _view(), None)
    assert spa.copay_visits_available == 0


def test_enough_credits_pay_and_a_free_service_costs_nothing() -> None:
    rich = replace(_view(), client=replace(CLIENT, credits=10))
    assert assess(PROGRAMME, rich, None).default_method is PaymentMethod.CREDITS
    free = assess(PROGRAMME, _view(replace(MASSAGE, price_type=PriceType.FREE)), None)
    assert (free.credits_cost, free.copay_minor, free.default_method) == (0, 0, PaymentMethod.FREE)
