"""MONEY-ADDS-UP (``rule_engine/money.py``) on hand-made traffic: what one answer shows adds up,
and a booking's price moves only with a change that may reprice it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from mockserver.documents.har import Exchange
from tests.live_checks.traffic import check_all, exchange

LC = "/api/v1/bookings/6f1c1a52-0d3e-4c8e-9a57-2f1a7c9b1e10"
CLOCK = "/_sandbox/clock/advance"


def money(traffic: Sequence[Exchange], api: str = "lifecycle") -> list[tuple[str, int]]:
    return [(f.rule, f.index) for f in check_all(api, traffic).findings if f.rule.endswith("MONEY-ADDS-UP")]


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "USD"}


def lc_booking(
    total: str = "85.00", *, lines: list[tuple[str, str]] | None = None, **order: Any
) -> dict[str, Any]:
    """A lifecycle booking document whose order shows ``total``, paid in full at booking."""
    lines = lines or [("charge", total), ("payment", total)]
    attributes = {
        "total": usd(total),
        "paid": usd(total),
        "refunded": usd("0.00"),
        "balance_due": usd("0.00"),
    }
    attributes.update(order)
    return {
        "data": {
            "type": "bookings",
            "id": LC.rsplit("/", 1)[1],
            "attributes": {
                "status": "accepted",
                "start_date": "2027-02-01T10:00:00Z",
                "end_date": "2027-02-01T11:00:00Z",
                "check_in_until": "2027-02-01T10:15:00Z",
                "participants": [],
            },
            "relationships": {"order": {"data": {"type": "orders", "id": "INV-000025"}}},
            "links": {"self": LC},
        },
        "included": [
            {
                "type": "orders",
                "id": "INV-000025",
                "attributes": {
                    "invoice_number": "INV-000025",
                    "currency": "USD",
                    **attributes,
                    "lines": [
                        {
                            "kind": kind,
                            "description": kind,
                            "amount": usd(amount),
                            "created_at": "2027-01-06T15:00:00Z",
                        }
                        for kind, amount in lines
                    ],
                },
            }
        ],
    }


def test_an_order_whose_totals_are_not_its_lines_breaks_money_once_per_caller() -> None:
    wrong = lc_booking("85.00", lines=[("charge", "85.00"), ("add_on", "10.00"), ("payment", "85.00")])
    read = exchange("GET", LC, 200, wrong)
    assert money([read, read]) == [("LC-MONEY-ADDS-UP", 1)]
    unpaid = lc_booking(balance_due=usd("10.00"))
    assert money([exchange("GET", LC, 200, unpaid)]) == [("LC-MONEY-ADDS-UP", 1)]


def test_an_order_that_adds_up_breaks_nothing_whichever_sign_its_refunds_carry() -> None:
    for refund in ("-68.00", "68.00"):
        lines = [("charge", "85.00"), ("payment", "85.00"), ("adjustment", "-68.00"), ("refund", refund)]
        refunded = lc_booking("17.00", lines=lines, paid=usd("85.00"), refunded=usd("68.00"))
        assert money([exchange("GET", LC, 200, refunded)]) == []


def test_a_change_that_prices_nothing_must_not_reprice_and_one_that_does_may() -> None:
    first, dearer = (
        exchange("GET", LC, 200, lc_booking("85.00")),
        exchange("GET", LC, 200, lc_booking("95.00")),
    )
    personalized = exchange("POST", f"{LC}/personalization", 200, lc_booking("85.00"), sent={"name": "Ada"})
    assert money([first, personalized, dearer]) == [("LC-MONEY-ADDS-UP", 3)]
    assert money([first, dearer]) == [("LC-MONEY-ADDS-UP", 2)]
    # A refused repricing changes nothing either.
    refused = exchange("POST", f"{LC}/edit-service-options", 422, {"errors": []}, sent={"addons": []})
    assert money([first, refused, dearer]) == [("LC-MONEY-ADDS-UP", 3)]
    added = exchange("POST", f"{LC}/edit-service-options", 200, lc_booking("95.00"), sent={"addons": []})
    assert money([first, added, dearer]) == []
    # A clock moved may have changed anything.
    moved = exchange(
        "POST", CLOCK, 200, {"now": "2027-01-07T15:00:00Z", "frozen": True}, sent={"duration": "P1D"}
    )
    assert money([first, moved, dearer]) == []


def test_a_cancellation_preview_amounts_are_its_bookings() -> None:
    def preview(refund: str) -> dict[str, Any]:
        covered = [
            {
                "booking_id": "a",
                "number": "1",
                "start_date": "2027-02-01T10:00:00Z",
                "fee_amount": usd("17.00"),
                "refund_amount": usd("68.00"),
            },
            {
                "booking_id": "b",
                "number": "2",
                "start_date": "2027-02-08T10:00:00Z",
                "fee_amount": usd("17.00"),
                "refund_amount": usd("68.00"),
            },
        ]
        attributes = {"refund_amount": usd(refund), "total_fee_amount": usd("34.00"), "bookings": covered}
        return {"data": {"type": "cancellation-previews", "id": "p1", "attributes": attributes}}

    assert money([exchange("GET", f"{LC}/cancellation-preview", 200, preview("136.00"))]) == []
    assert money([exchange("GET", f"{LC}/cancellation-preview", 200, preview("68.00"))]) == [
        ("LC-MONEY-ADDS-UP", 1)
    ]


def test_a_formatted_merchant_price_says_its_amount_in_minor_units() -> None:
    def calendar(amount: int, formatted: str, currency: str = "USD") -> Exchange:
        price = {"amount": amount, "currency": currency, "formatted": formatted}
        shown = {
            "id": 5,
            "from_date": "2027-02-01T10:00:00Z",
            "to_date": "2027-02-01T11:00:00Z",
            "price": price,
            "cost": price,
        }
        return exchange(
            "GET", "/bookings/calendar/events?start=a&end=b", 200, {"bookings": [shown], "blocked_times": []}
        )

    assert money([calendar(8500, "$85.00"), calendar(2500, "€25")], "merchant") == []
    assert money([calendar(85, "$85.00")], "merchant") == [("MR-MONEY-ADDS-UP", 1)]
    # A currency's own decimals: a yen has none, so 7200 is ¥7,200 and never ¥72; a dinar three.
    assert money([calendar(7200, "¥7,200", "JPY"), calendar(7200, "KWD7.200", "KWD")], "merchant") == []
    assert money([calendar(7200, "¥72", "JPY")], "merchant") == [("MR-MONEY-ADDS-UP", 1)]


def bg_booking(status: str, charged: int, refund: dict[str, Any] | None = None) -> dict[str, Any]:
    shown = {
        "object": "booking",
        "id": "bkg_1",
        "status": status,
        "service": {"id": "s", "price": 2000, "currency": "USD", "credits": 4},
        "starts_at": "2027-02-01T10:00:00Z",
        "ends_at": "2027-02-01T11:00:00Z",
        "credits_charged": charged,
    }
    return {**shown, "refund": refund} if refund is not None else shown


def test_a_bardge_refund_is_all_or_none_of_what_was_charged() -> None:
    def cancelled(credits: int, amount: int = 0) -> Exchange:
        refund = {
            "credits": credits,
            "amount": amount,
            "currency": "USD",
            "reason": "r",
            "copay_purchase_id": None,
        }
        return exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled", 4, refund), sent={})

    assert money([cancelled(4)], "bardge-v3") == []
    assert money([cancelled(0)], "bardge-v3") == []
    assert money([cancelled(2)], "bardge-v3") == [("BG-MONEY-ADDS-UP", 1)]
    assert money([cancelled(0, 2500)], "bardge-v3") == [("BG-MONEY-ADDS-UP", 1)]


def test_what_a_bardge_booking_was_charged_moves_only_when_it_is_confirmed() -> None:
    read = exchange("GET", "/bookings/bkg_1", 200, bg_booking("confirmed", 4))
    cheaper = exchange("GET", "/bookings/bkg_1", 200, bg_booking("cancelled", 0))
    cancelled = exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled", 0), sent={})
    assert money([read, cancelled], "bardge-v3") == [("BG-MONEY-ADDS-UP", 2)]
    assert money([read, cheaper], "bardge-v3") == [("BG-MONEY-ADDS-UP", 2)]
    confirmed = exchange("POST", "/bookings/class/bkg_1/confirm", 200, bg_booking("confirmed", 4), sent={})
    held = exchange(
        "GET", "/bookings/bkg_1", 200, {**bg_booking("confirmed", 0), "ends_at": "2027-02-01T11:00:00Z"}
    )
    assert money([held, confirmed, read], "bardge-v3") == []


def lc_preview(
    fee: str, *, after: str | None = "70.00", bookings: int = 1, refund: str = "0.00"
) -> dict[str, Any]:
    """A lifecycle cancellation preview of ``LC``'s booking (and ``bookings - 1`` more of its
    series), quoting ``fee`` each, and ``after`` once its tier's deadline passes."""
    own = LC.rsplit("/", 1)[1]
    covered = [
        {"booking_id": booking, "fee_amount": usd(fee), "refund_amount": usd(refund)}
        for booking in [own, *(f"{own}-{n}" for n in range(1, bookings))]
    ]
    attributes = {
        "scope": "booking" if bookings == 1 else "series",
        "fee_type": "percentage",
        "fee_percentage": 50,
        "fee_amount": usd(fee),
        "refund_amount": usd(str(sum(float(refund) for _ in covered))),
        "total_fee_amount": usd(str(sum(float(fee) for _ in covered))),
        "deadline": "2027-01-30T10:00:00Z",
        "next_tier": None if after is None else {"fee_type": "amount", "fee_amount": usd(after)},
        "bookings": covered,
    }
    return {"data": {"type": "cancellation-previews", "id": own, "attributes": attributes}}


def test_a_cancel_settles_its_booking_at_the_fee_its_preview_quoted() -> None:
    def cancel(total: str, query: str = "") -> Exchange:
        return exchange("GET", f"{LC}/cancel{query}", 200, lc_booking(total))

    preview = exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("42.50"))
    # The quoted fee, or the next tier's (its deadline may pass between the two).
    assert money([preview, cancel("42.50")]) == []
    assert money([preview, cancel("70.00")]) == []
    # A fee taken on something else, or none at all.
    assert money([preview, cancel("85.00")]) == [("LC-MONEY-ADDS-UP", 2)]
    assert money([preview, cancel("0.00")]) == [("LC-MONEY-ADDS-UP", 2)]
    # The last tier names no next one; a series' next-tier fee is not each booking's.
    assert money([exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("70.00", after=None))]) == []
    for last in (lc_preview("42.50", after=None), lc_preview("42.50", bookings=2)):
        quoted = exchange("GET", f"{LC}/cancellation-preview", 200, last)
        assert money([quoted, cancel("70.00")]) == [("LC-MONEY-ADDS-UP", 2)]
    # Read or personalized between: still the quote; a preview read again quotes anew.
    read = exchange("GET", LC, 200, lc_booking("85.00"))
    personalized = exchange("POST", f"{LC}/personalization", 200, lc_booking("85.00"), sent={})
    assert money([preview, read, personalized, cancel("85.00")]) == [("LC-MONEY-ADDS-UP", 4)]
    again = exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("85.00", after=None))
    assert money([preview, again, cancel("85.00")]) == []


def test_a_quote_holds_only_until_something_may_reprice_its_booking() -> None:
    preview = exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("42.50"))
    settled = exchange("GET", f"{LC}/cancel", 200, lc_booking("85.00"))
    edited = exchange("POST", f"{LC}/edit-service-options", 200, lc_booking("95.00"), sent={"addons": []})
    refused = exchange("POST", f"{LC}/edit-service-options", 422, {"errors": []}, sent={"addons": []})
    assert money([preview, edited, settled]) == []
    assert money([preview, refused, settled]) == [("LC-MONEY-ADDS-UP", 3)]
    # A clock moved still within the quoted tier (its deadline 2027-01-30T10:00Z), or past it.
    for now, found in (("2027-01-30T10:00:00Z", [("LC-MONEY-ADDS-UP", 3)]), ("2027-01-30T10:00:01Z", [])):
        moved = exchange("POST", CLOCK, 200, {"now": now, "frozen": True}, sent={})
        assert money([preview, moved, settled]) == found
    # Moved by another credential (a control token): the caller's time is not known.
    controlled = exchange("POST", CLOCK, 200, {"now": "2027-01-08T00:00:00Z"}, sent={}, caller="Bearer c")
    assert money([preview, controlled, settled]) == []
    # Only the caller's own quote, for the cancel asked as the preview was.
    theirs = exchange("GET", f"{LC}/cancel", 200, lc_booking("85.00"), caller="Bearer b")
    assert money([preview, theirs]) == []
    scoped = exchange("GET", f"{LC}/cancel?scope=series", 200, lc_booking("85.00"))
    assert money([preview, scoped]) == []
    # A cancel uses its quote up: a second cancel is judged by nothing.
    assert money([preview, settled, settled]) == [("LC-MONEY-ADDS-UP", 2)]


def test_a_cancel_priced_as_quoted_keeps_the_fee_and_gives_back_the_rest() -> None:
    """ "The refund amount": a cancel settled at the quoted fee, where the preview quoted a refund,
    keeps the fee of what was paid. A vendor refunding what was paid at booking, forgetting a
    refund an edit made before, keeps less; its order still adds up."""
    preview = exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("42.50", refund="42.50"))

    def settled(refund: str) -> Exchange:
        lines = [
            ("charge", "85.00"),
            ("payment", "85.00"),
            ("adjustment", "-42.50"),
            ("refund", f"-{refund}"),
        ]
        due = str(Decimal("42.50") - Decimal("85.00") + Decimal(refund))
        order = lc_booking(
            "42.50", lines=lines, paid=usd("85.00"), refunded=usd(refund), balance_due=usd(due)
        )
        return exchange("GET", f"{LC}/cancel", 200, order)

    assert money([preview, settled("42.50")]) == []
    assert money([preview, settled("85.00")]) == [("LC-MONEY-ADDS-UP", 2)]
    said = [f.message for f in check_all("lifecycle", [preview, settled("85.00")]).findings]
    assert any("kept 0.00 of what booking" in one and "said 42.50" in one for one in said), said
    # Where the preview quoted no refund (nothing paid beyond the fee), what is kept is not judged.
    unrefunded = exchange("GET", f"{LC}/cancellation-preview", 200, lc_preview("42.50"))
    assert money([unrefunded, settled("85.00")]) == []
