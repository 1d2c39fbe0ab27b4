"""Cancellation terms: fee tiers at their boundaries, refunds on the order, recurring series."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import SandboxClocks

from .conftest import DEEP_TISSUE, MEDITATION, Seeded, error_code, instant, order_of

TICK = timedelta(microseconds=1)


@pytest.fixture
def massage(as_customer: Any, seeded: Seeded) -> tuple[Any, dict[str, Any]]:
    """An accepted Deep Tissue booking (moderate policy: 72 h free, 24 h 50%, then 70.00), paid 85.00."""
    customer = as_customer(2)
    return customer, customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]


# (moment relative to the start, fee type, percentage, fee, refund, deadline relative to the start)
TIERS = [
    (-timedelta(hours=100), "percentage", 0, "0.00", "85.00", -timedelta(hours=72)),
    (-timedelta(hours=72), "percentage", 0, "0.00", "85.00", -timedelta(hours=72)),
    (-timedelta(hours=72) + TICK, "percentage", 50, "42.50", "42.50", -timedelta(hours=24)),
    (-timedelta(hours=24), "percentage", 50, "42.50", "42.50", -timedelta(hours=24)),
    (-timedelta(hours=24) + TICK, "amount", None, "70.00", "15.00", timedelta(0)),
    (-TICK, "amount", None, "70.00", "15.00", timedelta(0)),
]


@pytest.mark.parametrize(("moment", "fee_type", "percentage", "fee", "refund", "deadline"), TIERS)
def test_the_fee_tier_that_applies_now(
    massage: tuple[Any, dict[str, Any]],
    clocks: SandboxClocks,
    moment: timedelta,
    fee_type: str,
    percentage: int | None,
    fee: str,
    refund: str,
    deadline: timedelta,
) -> None:
    customer, booking = massage
    start = instant(booking["attributes"]["start_date"])
    clocks.freeze(start + moment)

    preview = customer.get(f"/bookings/{booking['id']}/cancellation-preview")

    assert preview.status_code == 200, preview.text
    terms = preview.json()["data"]["attributes"]
    assert (terms["fee_type"], terms["fee_percentage"]) == (fee_type, percentage)
    assert (terms["fee_amount"]["amount"], terms["refund_amount"]["amount"]) == (fee, refund)
    assert instant(terms["deadline"]) == start + deadline

    cancelled = customer.get(f"/bookings/{booking['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    order = order_of(cancelled.json())
    assert order["refunded"]["amount"] == refund
    assert order["total"]["amount"] == fee
    assert order["balance_due"]["amount"] == "0.00"


def test_no_cancellation_once_the_booking_has_started(
    massage: tuple[Any, dict[str, Any]], clocks: SandboxClocks
) -> None:
    customer, booking = massage
    clocks.freeze(instant(booking["attributes"]["start_date"]))
    for path in ("cancellation-preview", "cancel"):
        response = customer.get(f"/bookings/{booking['id']}/{path}")
        assert response.status_code == 422
        assert error_code(response) == "booking_not_cancelable"
    assert customer.booking(booking["id"])["data"]["attributes"]["status"] == "accepted"


def test_preview_names_the_next_tier(massage: tuple[Any, dict[str, Any]], clocks: SandboxClocks) -> None:
    customer, booking = massage
    start = instant(booking["attributes"]["start_date"])
    clocks.freeze(start - timedelta(hours=48))
    terms = customer.get(f"/bookings/{booking['id']}/cancellation-preview").json()["data"]["attributes"]
    assert terms["next_tier"]["fee_type"] == "amount"
    assert terms["next_tier"]["fee_amount"]["amount"] == "70.00"
    assert instant(terms["next_tier"]["applies_after"]) == start - timedelta(hours=24)


def test_the_refund_shows_on_the_order_lines(
    massage: tuple[Any, dict[str, Any]], clocks: SandboxClocks
) -> None:
    customer, booking = massage
    clocks.freeze(instant(booking["attributes"]["start_date"]) - timedelta(hours=30))
    order = order_of(customer.get(f"/bookings/{booking['id']}/cancel").json())
    lines = [(line["kind"], line["amount"]["amount"]) for line in order["lines"]]
    assert lines == [
        ("charge", "85.00"),
        ("payment", "85.00"),
        ("adjustment", "-42.50"),
        ("refund", "-42.50"),
    ]


def test_a_free_policy_refunds_everything_until_the_start(
    as_customer: Any, seeded: Seeded, clocks: SandboxClocks
) -> None:
    customer = as_customer(3)
    booking = customer.book_instantly(seeded.service_uuid(MEDITATION))["data"]
    clocks.freeze(instant(booking["attributes"]["start_date"]) - TICK)
    terms = customer.get(f"/bookings/{booking['id']}/cancellation-preview").json()["data"]["attributes"]
    assert (terms["fee_percentage"], terms["next_tier"]) == (0, None)


def test_a_recurring_booking_cancels_its_whole_series(seeded: Seeded, owner_of: Any) -> None:
    series = seeded.series()
    customer = owner_of(series[0])
    first = customer.booking(series[0].uuid)["data"]
    assert first["attributes"]["booking_type"] == "recurring"
    assert [x["id"] for x in first["relationships"]["series"]["data"]] == [f.uuid for f in series]

    preview = customer.get(f"/bookings/{series[0].uuid}/cancellation-preview").json()["data"]["attributes"]
    assert preview["scope"] == "series"
    assert [b["booking_id"] for b in preview["bookings"]] == [f.uuid for f in series]

    assert customer.get(f"/bookings/{series[0].uuid}/cancel").status_code == 200
    assert {customer.booking(f.uuid)["data"]["attributes"]["status"] for f in series} == {"canceled"}


def test_scope_booking_cancels_one_occurrence(seeded: Seeded, owner_of: Any) -> None:
    series = seeded.series()
    customer = owner_of(series[1])

    response = customer.get(f"/bookings/{series[1].uuid}/cancel", params={"scope": "booking"})

    assert response.status_code == 200
    statuses = [customer.booking(f.uuid)["data"]["attributes"]["status"] for f in series]
    assert statuses == ["accepted", "canceled", "accepted", "accepted"]


def test_any_occurrence_cancels_the_entire_series(seeded: Seeded, owner_of: Any) -> None:
    series = seeded.series()
    customer = owner_of(series[2])
    preview = customer.get(f"/bookings/{series[2].uuid}/cancellation-preview").json()["data"]["attributes"]
    assert [b["booking_id"] for b in preview["bookings"]] == [
        series[2].uuid,
        series[0].uuid,
        series[1].uuid,
        series[3].uuid,
    ]
    assert customer.get(f"/bookings/{series[2].uuid}/cancel").status_code == 200
    statuses = [customer.booking(f.uuid)["data"]["attributes"]["status"] for f in series]
    assert statuses == ["canceled"] * 4


def test_scope_series_on_a_single_booking_is_refused(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.one("confirmed")
    response = owner_of(folio).get(f"/bookings/{folio.uuid}/cancel", params={"scope": "series"})
    assert response.status_code == 422
    assert errors_pointer(response) == "/scope"
    assert owner_of(folio).booking(folio.uuid)["data"]["attributes"]["status"] == "accepted"


def errors_pointer(response: Any) -> str:
    return response.json()["errors"][0]["source"]["pointer"]  # type: ignore[no-any-return]
