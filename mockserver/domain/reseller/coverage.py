"""Who pays for a visit: the client's pass, their credits, or a co-pay.

A service costs ``ceil(price / credit value)`` credits. A valid pass that
includes the provider and the flow (spa or class) covers a visit up to the
plan's ``max_credits_per_visit``; above that the client pays the difference as a
co-pay. Without such a pass the client pays with credits, or the whole price as
a co-pay. Classes may also be co-paid from a prepaid co-pay package.
"""

from __future__ import annotations

from mockserver.domain.kernel.model import Service
from mockserver.domain.reseller.catalogue import Programme
from mockserver.domain.reseller.model import CopayOffer, Coverage, Flow, IssuedPass, VisitView

SINGLE_COPAY = "single"


def credits_cost(service: Service, programme: Programme) -> int:
    price = service.price_for(1)
    return -(-price // programme.credit_value_minor)


def assess(programme: Programme, view: VisitView, issued: IssuedPass | None) -> Coverage:
    """What paying for ``view`` takes, given the client's pass (if any)."""
    client, service, flow = view.client, view.service, view.visit.flow
    starts_at = view.booking.starts_at
    cost = credits_cost(service, programme)
    plan = programme.plan(issued.pass_id) if issued is not None and issued.valid_at(starts_at) else None
    gives_access = plan is not None and service.provider_id in plan.provider_ids and plan.covers(flow)
    if plan is not None and gives_access:
        uncovered = max(0, cost - plan.max_credits_per_visit)
        copay = uncovered * programme.credit_value_minor
    else:
        copay = service.price_for(1)
    covered = gives_access and copay == 0
    offers: tuple[CopayOffer, ...] = ()
    if copay > 0:
        offers = (CopayOffer(SINGLE_COPAY, "single", "Co-pay for this visit", copay, programme.currency, 1),)
        if flow is Flow.CLASS:
            offers += tuple(
                CopayOffer(f"package_{p.id}", "package", p.name, p.price_minor, p.currency, p.visits)
                for p in programme.copay_packages
            )
    return Coverage(
        credits_cost=cost,
        covered_by_pass=covered,
        copay_minor=0 if covered else copay,
        credits_available=client.credits,
        copay_visits_available=client.copay_visits if flow is Flow.CLASS else 0,
        options=offers,
    )
