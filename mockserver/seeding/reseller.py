"""The reseller programme in the seeded world (Bardge API): plans, packages, issuers, clients.

The catalogue part (resellers, issuers, pass plans, packages, class categories)
is plain fixture data. Clients are the world's customers, dealt out to the
resellers in turn, each with an issuer, a member number where the issuer uses
one, a credit balance, and for the first few, a pass. Seeded after everything
else, so adding the programme changed no earlier seeded value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from faker import Faker

from mockserver.domain.reseller.catalogue import (
    ClassCategory,
    CopayPackage,
    CreditPackage,
    Issuer,
    PassPlan,
    Programme,
    Reseller,
)
from mockserver.domain.reseller.model import PassState


@dataclass(frozen=True)
class ClientTemplate:
    credits: tuple[int, ...]
    """Cycled over each reseller's clients."""
    with_pass: int
    """How many of each reseller's clients hold a pass (its plans in turn)."""
    lookup_disabled: int
    """How many of each reseller's clients have turned lookup off (the last ones)."""


@dataclass(frozen=True)
class ProgrammeTemplate:
    raw: dict[str, Any]
    clients: ClientTemplate


@dataclass(frozen=True)
class SeedClient:
    customer_id: int
    reseller_id: int
    user_id: str
    issuer_id: int
    member_number: str | None
    credits: int
    lookup_enabled: bool


@dataclass(frozen=True)
class SeedIssuedPass:
    id: int
    reseller_id: int
    client_id: int
    user_id: str
    pass_id: int
    status: PassState
    started_days_ago: int
    valid_days: int
    """Counted from the start; a pass whose days ran out before the anchor is expired."""


@dataclass(frozen=True)
class SeededProgramme:
    programme: Programme
    clients: tuple[SeedClient, ...]
    issued_passes: tuple[SeedIssuedPass, ...]


def parse_programme(raw: dict[str, Any]) -> ProgrammeTemplate:
    clients = raw["clients"]
    template = ProgrammeTemplate(
        raw,
        ClientTemplate(
            tuple(int(c) for c in clients["credits"]),
            int(clients["with_pass"]),
            int(clients["lookup_disabled"]),
        ),
    )
    # Building the catalogue once checks every field of it while the fixture is read.
    catalogue(template, currency="USD", providers=1)
    return template


def catalogue(template: ProgrammeTemplate, currency: str, providers: int) -> Programme:
    raw = template.raw
    resellers = tuple(Reseller(n + 1, str(r["slug"]), str(r["name"])) for n, r in enumerate(raw["resellers"]))
    slugs = {r.slug: r.id for r in resellers}
    every_provider = tuple(range(1, providers + 1))
    plans = tuple(
        PassPlan(
            id=n + 1,
            reseller_id=slugs[str(p["reseller"])],
            name=str(p["name"]),
            description=str(p["description"]),
            covers_spa="spa" in p["covers"],
            covers_class="class" in p["covers"],
            max_credits_per_visit=int(p["max_credits_per_visit"]),
            price_minor=int(p["price_minor"]),
            currency=currency,
            duration_days=int(p["duration_days"]),
            provider_ids=every_provider if p["providers"] == "all" else tuple(int(x) for x in p["providers"]),
        )
        for n, p in enumerate(raw["pass_plans"])
    )
    categories = tuple(
        ClassCategory(n + 1, str(c["name"]), str(c["slug"]), str(c["description"]))
        for n, c in enumerate(raw["class_categories"])
    )
    category_of_name = {
        str(name): n + 1 for n, c in enumerate(raw["class_categories"]) for name in c.get("services", [])
    }
    return Programme(
        resellers=resellers,
        issuers=tuple(
            Issuer(n + 1, str(i["name"]), str(i["identifier"])) for n, i in enumerate(raw["issuers"])
        ),
        pass_plans=plans,
        credit_packages=tuple(
            CreditPackage(n + 1, str(c["name"]), int(c["credits"]), int(c["price_minor"]), currency)
            for n, c in enumerate(raw["credit_packages"])
        ),
        copay_packages=tuple(
            CopayPackage(n + 1, str(c["name"]), int(c["visits"]), int(c["price_minor"]), currency)
            for n, c in enumerate(raw["copay_packages"])
        ),
        categories=categories,
        service_categories=category_of_name,
        credit_value_minor=int(raw["credit_value_minor"]),
        currency=currency,
    )


def seed_programme(
    template: ProgrammeTemplate,
    fake: Faker,
    *,
    currency: str,
    providers: int,
    customer_ids: list[int],
) -> SeededProgramme:
    programme = catalogue(template, currency, providers)
    shape = template.clients
    reseller_count = len(programme.resellers)
    clients: list[SeedClient] = []
    passes: list[SeedIssuedPass] = []
    for n, customer_id in enumerate(customer_ids):
        reseller = programme.resellers[n % reseller_count]
        rank = n // reseller_count
        of_reseller = -(-(len(customer_ids) - reseller.id + 1) // reseller_count)
        issuer = programme.issuers[n % len(programme.issuers)]
        client = SeedClient(
            customer_id=customer_id,
            reseller_id=reseller.id,
            user_id=f"{reseller.slug}-user-{rank + 1:03d}",
            issuer_id=issuer.id,
            member_number=fake.bothify("M#######") if issuer.identifier == "member_number" else None,
            credits=shape.credits[rank % len(shape.credits)],
            lookup_enabled=rank < of_reseller - shape.lookup_disabled,
        )
        clients.append(client)
        plans = programme.plans_of(reseller.id)
        if rank < shape.with_pass and plans:
            plan = plans[rank % len(plans)]
            # The last pass holder of each reseller has a pass that ran out yesterday.
            expired = rank == shape.with_pass - 1
            passes.append(
                SeedIssuedPass(
                    id=len(passes) + 1,
                    reseller_id=reseller.id,
                    client_id=customer_id,
                    user_id=client.user_id,
                    pass_id=plan.id,
                    status=PassState.ACTIVE,
                    started_days_ago=plan.duration_days + 1 if expired else fake.random_int(1, 10),
                    valid_days=plan.duration_days,
                )
            )
    return SeededProgramme(programme, tuple(clients), tuple(passes))
