"""What a reseller's programme offers: pass plans, credit and co-pay packages, issuers, class categories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mockserver.domain.reseller.model import Flow


@dataclass(frozen=True)
class Reseller:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class Issuer:
    """Who vouches for a client's identity in a lookup: by email, or by member number."""

    id: int
    name: str
    identifier: str
    """``email`` or ``member_number``: what a lookup through this issuer asks for."""


@dataclass(frozen=True)
class PassPlan:
    """A pass a reseller sells; it covers visits at its providers up to a credit value each."""

    id: int
    reseller_id: int
    name: str
    description: str
    covers_spa: bool
    covers_class: bool
    max_credits_per_visit: int
    price_minor: int
    currency: str
    duration_days: int
    provider_ids: tuple[int, ...]

    def covers(self, flow: Flow) -> bool:
        return self.covers_spa if flow is Flow.SPA else self.covers_class


@dataclass(frozen=True)
class CreditPackage:
    id: int
    name: str
    credits: int
    price_minor: int
    currency: str


@dataclass(frozen=True)
class CopayPackage:
    """Prepaid co-pays for classes: each covers one class visit's co-pay."""

    id: int
    name: str
    visits: int
    price_minor: int
    currency: str


@dataclass(frozen=True)
class ClassCategory:
    id: int
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class Programme:
    """The read-only part of the programme, from the seeded world."""

    resellers: tuple[Reseller, ...]
    issuers: tuple[Issuer, ...]
    pass_plans: tuple[PassPlan, ...]
    credit_packages: tuple[CreditPackage, ...]
    copay_packages: tuple[CopayPackage, ...]
    categories: tuple[ClassCategory, ...]
    service_categories: Mapping[str, int]
    """Category id of each class service, by the service's name, as the world names them: an
    imported state that gives the services other ids keeps their categories."""
    credit_value_minor: int
    """What one credit is worth, in minor units."""
    currency: str

    def reseller_by_slug(self, slug: str) -> Reseller | None:
        return next((r for r in self.resellers if r.slug == slug), None)

    def plan(self, plan_id: int) -> PassPlan | None:
        return next((p for p in self.pass_plans if p.id == plan_id), None)

    def plans_of(self, reseller_id: int) -> tuple[PassPlan, ...]:
        return tuple(p for p in self.pass_plans if p.reseller_id == reseller_id)

    def issuer(self, issuer_id: int) -> Issuer | None:
        return next((i for i in self.issuers if i.id == issuer_id), None)

    def credit_package(self, package_id: int) -> CreditPackage | None:
        return next((p for p in self.credit_packages if p.id == package_id), None)

    def copay_package(self, package_id: int) -> CopayPackage | None:
        return next((p for p in self.copay_packages if p.id == package_id), None)

    def category(self, category_id: int) -> ClassCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)
