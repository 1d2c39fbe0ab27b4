"""The reseller programme's records, in the core's vocabulary."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from mockserver.domain.kernel.model import Provider, Service
from mockserver.domain.slots.model import Booking


class VisitStatus(enum.StrEnum):
    INITIATED = "initiated"
    """Initiated, holding its place until confirmed or the hold runs out."""
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    RESCHEDULED = "rescheduled"
    """Moved: closed, with a new booking created in its place."""
    EXPIRED = "expired"
    """Initiated but never confirmed before the hold ran out."""


class Flow(enum.StrEnum):
    SPA = "spa"
    CLASS = "class"

    def offers(self, service: Service) -> bool:
        """Spas book appointments; classes are the group services."""
        return service.is_group is (self is Flow.CLASS)


class PaymentMethod(enum.StrEnum):
    PASS = "pass"
    CREDITS = "credits"
    COPAY = "copay"
    FREE = "free"


class PassState(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


class LookupState(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    FAILED = "failed"


class PurchaseKind(enum.StrEnum):
    CREDITS = "credits"
    SPA_QUOTE = "spa_copay_quote"
    SPA_COPAY = "spa_copay"
    GYM_COPAY = "gym_copay"
    COPAY_PACKAGE = "copay_package"


class PurchaseState(enum.StrEnum):
    QUOTED = "quoted"
    PAID = "paid"
    USED = "used"
    REFUNDED = "refunded"


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
    service_categories: Mapping[int, int]
    """Category id of each class service, by service id."""
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


@dataclass(frozen=True)
class Client:
    """A person in a reseller's programme; ``id`` is their core customer id."""

    id: int
    uuid: str
    reseller_id: int
    user_id: str | None
    """The reseller's own reference for the person (set when a pass is issued)."""
    issuer_id: int | None
    member_number: str | None
    name: str | None
    email: str | None
    credits: int
    copay_visits: int
    lookup_enabled: bool
    created_at: datetime


@dataclass(frozen=True)
class IssuedPass:
    id: int
    reseller_id: int
    client_id: int
    user_id: str
    pass_id: int
    status: PassState
    starts_at: datetime
    expires_at: datetime
    created_at: datetime
    updated_at: datetime

    def valid_at(self, instant: datetime) -> bool:
        return self.status is PassState.ACTIVE and self.starts_at <= instant < self.expires_at


@dataclass(frozen=True)
class Lookup:
    id: int
    public_id: str
    reseller_id: int
    issuer_id: int
    client_id: int
    status: LookupState
    attempts: int
    expires_at: datetime
    client_token: str | None
    token_expires_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class Visit:
    """A reseller's booking: who it is for, how it is paid, and its place in the core."""

    id: int
    public_id: str
    booking_id: int
    """The core slot booking that holds the place."""
    reseller_id: int
    client_id: int
    flow: Flow
    status: VisitStatus
    payment_method: PaymentMethod | None
    credits_charged: int
    copay_purchase_id: int | None
    hold_expires_at: datetime | None
    rescheduled_from: str | None
    rescheduled_to: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Purchase:
    id: int
    public_id: str
    reseller_id: int
    client_id: int
    kind: PurchaseKind
    status: PurchaseState
    amount_minor: int
    currency: str
    credits: int = 0
    visits: int = 0
    visit_id: int | None = None
    package_id: int | None = None
    expires_at: datetime | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class AccessCode:
    id: int
    reseller_id: int
    client_id: int
    provider_id: int
    code: str
    expires_at: datetime
    used_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class VisitView:
    """Everything a reseller sees of one booking."""

    visit: Visit
    booking: Booking
    service: Service
    provider: Provider
    client: Client
    refund: Refund | None = None


@dataclass(frozen=True)
class Refund:
    credits: int
    amount_minor: int
    currency: str
    reason: str
    copay_purchase: str | None = None


@dataclass(frozen=True)
class Coverage:
    """Who can pay for one visit, worked out before it is confirmed."""

    credits_cost: int
    covered_by_pass: bool
    copay_minor: int
    """What the client pays on top of their pass (the whole price without one)."""
    credits_available: int
    copay_visits_available: int
    options: tuple[CopayOffer, ...] = field(default=())

    @property
    def default_method(self) -> PaymentMethod | None:
        if self.credits_cost == 0:
            return PaymentMethod.FREE
        if self.covered_by_pass:
            return PaymentMethod.PASS
        if self.credits_available >= self.credits_cost:
            return PaymentMethod.CREDITS
        return None


@dataclass(frozen=True)
class CopayOffer:
    id: str
    kind: str
    """``single`` (this visit only) or ``package`` (prepaid class co-pays)."""
    name: str
    amount_minor: int
    currency: str
    visits: int
