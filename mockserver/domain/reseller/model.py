"""The reseller programme's records, in the core's vocabulary."""

from __future__ import annotations

import enum
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
class VisitByPublicId:
    """A booking named by the id (``bkg_...``) a request's path gives."""

    public_id: str


@dataclass(frozen=True)
class ClientToken:
    """A verified lookup's client token, as a booking's body gives it."""

    token: str


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
