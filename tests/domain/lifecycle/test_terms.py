"""Fee tiers, order repricing and custom form answers, on small hand-made inputs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mockserver.domain.kernel.errors import InvalidInput, NotCancelable
from mockserver.domain.lifecycle.forms import checked_answers
from mockserver.domain.lifecycle.orders import EntryKind, Order, reprice
from mockserver.domain.lifecycle.terms import FeeTier, FieldKind, FormField, quote_cancellation

START = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
TIERS = (FeeTier(48, percent=0), FeeTier(6, percent=25), FeeTier(0, amount_minor=3000))


@pytest.mark.parametrize(
    ("before_start", "fee", "refund", "deadline_hours"),
    [
        (timedelta(hours=48), 0, 10000, 48),
        (timedelta(hours=48) - timedelta(microseconds=1), 2500, 7500, 6),
        (timedelta(hours=6), 2500, 7500, 6),
        (timedelta(hours=6) - timedelta(microseconds=1), 3000, 7000, 0),
        (timedelta(microseconds=1), 3000, 7000, 0),
    ],
)
def test_quote_at_tier_boundaries(
    before_start: timedelta, fee: int, refund: int, deadline_hours: int
) -> None:
    quote = quote_cancellation(TIERS, START, START - before_start, 10000, 10000)
    assert (quote.fee_minor, quote.refund_minor) == (fee, refund)
    assert quote.tier_deadline == START - timedelta(hours=deadline_hours)


def test_quote_refunds_only_what_was_paid() -> None:
    quote = quote_cancellation(TIERS, START, START - timedelta(hours=1), 10000, 2000)
    assert (quote.fee_minor, quote.refund_minor) == (3000, 0)


def test_a_fixed_fee_never_exceeds_the_total_and_percentages_round_half_up() -> None:
    assert FeeTier(0, amount_minor=3000).fee(1200) == 1200
    assert FeeTier(0, percent=25).fee(1) == 0
    assert FeeTier(0, percent=50).fee(1) == 1


def test_no_quote_once_started() -> None:
    with pytest.raises(NotCancelable):
        quote_cancellation(TIERS, START, START, 10000, 10000)


def test_reprice_refunds_the_excess_and_records_why() -> None:
    order = Order(1, "USD", "INV-1", 10000, 10000, 0, START, START)
    change = reprice(order, 4000, "cancellation", START)
    assert (change.order.total_minor, change.order.refunded_minor, change.order.balance_due_minor) == (
        4000,
        6000,
        0,
    )
    assert change.entries == (
        (EntryKind.ADJUSTMENT, "cancellation", -6000),
        (EntryKind.REFUND, "refund: cancellation", -6000),
    )
    higher = reprice(order, 12000, "longer", START)
    assert (higher.order.balance_due_minor, [kind for kind, _, _ in higher.entries]) == (
        2000,
        [EntryKind.ADJUSTMENT],
    )


FORM = [
    FormField(1, "a" * 8 + "-0000-4000-8000-" + "0" * 12, 1, "Size", FieldKind.SELECT, True, ("S", "M"), 0),
    FormField(2, "b" * 8 + "-0000-4000-8000-" + "0" * 12, 1, "Age", FieldKind.NUMBER, False, (), 1),
    FormField(3, "c" * 8 + "-0000-4000-8000-" + "0" * 12, 1, "Email", FieldKind.EMAIL, False, (), 2),
]
SIZE, AGE, EMAIL = (field.uuid for field in FORM)


def test_answers_are_checked_field_by_field() -> None:
    assert checked_answers(FORM, {SIZE: "M", AGE: 30}) == {SIZE: "M", AGE: 30}
    with pytest.raises(InvalidInput) as missing:
        checked_answers(FORM, {AGE: 30})
    assert [p.field for p in missing.value.problems] == [SIZE]
    with pytest.raises(InvalidInput) as wrong:
        checked_answers(FORM, {SIZE: "XL", AGE: True, EMAIL: "not-an-email", "stray": 1})
    assert {p.field for p in wrong.value.problems} == {SIZE, AGE, EMAIL, "stray"}
