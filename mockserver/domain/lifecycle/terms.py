"""A service's booking terms: cancellation fee tiers, check-in window, add-ons, custom form.

These are what the customer booking lifecycle API enforces on top of a
service's calendar rules. Fee tiers are pure: a quote depends only on the
policy, the booking's start, the order and the instant asked about.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from mockserver.domain.kernel.errors import NotCancelable


@dataclass(frozen=True)
class FeeTier:
    """Cancelling at least ``hours_before`` the start costs ``percent`` of the total, or ``amount_minor``."""

    hours_before: int
    percent: int | None = None
    amount_minor: int | None = None

    def fee(self, total_minor: int) -> int:
        if self.percent is not None:
            # Half a cent rounds up, as invoices do.
            return (total_minor * self.percent + 50) // 100
        return min(self.amount_minor or 0, total_minor)


FREE_UNTIL_START = (FeeTier(0, percent=0),)


def fee_tiers_problem(tiers: tuple[FeeTier, ...]) -> str | None:
    """Why ``tiers`` cannot price a cancellation, or None: a quote walks them largest deadline
    first and needs one at 0 hours, which applies until the start; each costs one way."""
    hours = [tier.hours_before for tier in tiers]
    if not tiers or hours != sorted(set(hours), reverse=True) or hours[-1] != 0:
        return "fee tiers need distinct hours, largest first, ending at 0"
    if any((tier.percent is None) == (tier.amount_minor is None) for tier in tiers):
        return "each fee tier has a percent or an amount_minor"
    return None


@dataclass(frozen=True)
class ServiceTerms:
    service_id: int
    can_instant_book: bool
    can_edit_service_options: bool
    check_in_minutes: int
    """How long after its start a booking may still be checked in; after that it expires."""
    fee_tiers: tuple[FeeTier, ...] = FREE_UNTIL_START
    """Ordered by ``hours_before``, largest first; the last tier is at 0 hours."""

    def check_in_closes(self, starts_at: datetime) -> datetime:
        return starts_at + timedelta(minutes=self.check_in_minutes)


@dataclass(frozen=True)
class AddOn:
    id: int
    uuid: str
    service_id: int
    name: str
    price_minor: int
    max_quantity: int


class FieldKind(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    SELECT = "select"
    EMAIL = "email"


@dataclass(frozen=True)
class FormField:
    """One field of a service's custom form; answers are keyed by ``uuid``."""

    id: int
    uuid: str
    service_id: int
    label: str
    kind: FieldKind
    required: bool
    options: tuple[str, ...]
    position: int


@dataclass(frozen=True)
class CancellationQuote:
    tier: FeeTier
    fee_minor: int
    refund_minor: int
    tier_deadline: datetime
    """The last instant this tier applies; a moment later the next one does."""
    next_tier: FeeTier | None


def quote_cancellation(
    tiers: tuple[FeeTier, ...], starts_at: datetime, now: datetime, total_minor: int, paid_minor: int
) -> CancellationQuote:
    """What cancelling at ``now`` costs and refunds under ``tiers``.

    A tier applies up to and including its deadline (``hours_before`` the
    start). Once the booking has started nothing can be cancelled: it is
    attended or it expires.
    """
    if now >= starts_at:
        raise NotCancelable("booking not cancelable: it has already started")
    for index, tier in enumerate(tiers):
        deadline = starts_at - timedelta(hours=tier.hours_before)
        if now <= deadline:
            fee = tier.fee(total_minor)
            following = tiers[index + 1] if index + 1 < len(tiers) else None
            return CancellationQuote(tier, fee, max(0, paid_minor - fee), deadline, following)
    raise AssertionError("fee tiers end with a tier at 0 hours, which applies until the start")
