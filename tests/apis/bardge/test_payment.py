"""Who pays: the pass, credits, or a co-pay (spa quote then purchase, gym purchase, package); refunds."""

from __future__ import annotations

from .conftest import Reseller, Seeded

# Seed 42, fitperks: client 1 holds Gym Basic (classes, 4 credits a visit) and 20 credits;
# client 3 holds Wellness Premium (classes and spa up to 13 credits) and 0 credits;
# client 9 holds no pass and 0 credits. Deep Tissue costs 17 credits (8500 at 500 a credit).


def _spa(reseller: Reseller, seeded: Seeded, customer: int) -> dict[str, object]:
    deep = seeded.service(1, "Deep Tissue Massage")
    slot = reseller.spa_slot(1, deep, skip=customer % 3)
    response = reseller.initiate_spa(reseller.client_token(seeded.email_of(customer)), 1, deep, slot)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_credits_pay_when_the_pass_does_not_cover_the_flow(reseller: Reseller, seeded: Seeded) -> None:
    started = _spa(reseller, seeded, 1)
    assert (started["covered_by"], started["credits_required"], started["copay_amount"]) == (
        "credits",
        17,
        8500,
    )
    refused = reseller.post(f"/bookings/spa/{started['booking_id']}/confirm", json={"payment_method": "pass"})
    assert (refused.status_code, refused.json()["code"]) == (402, "payment_required")
    confirmed = reseller.ok("POST", f"/bookings/spa/{started['booking_id']}/confirm")
    assert (confirmed["payment_method"], confirmed["credits_charged"]) == ("credits", 17)
    assert reseller.ok("GET", f"/clients/{seeded.uuid_of(1)}/credits")["balance"] == 3


def test_spa_copay_is_quoted_purchased_and_used_to_confirm(reseller: Reseller, seeded: Seeded) -> None:
    started = _spa(reseller, seeded, 3)  # the pass covers 13 of 17 credits
    assert (started["covered_by"], started["copay_required"], started["copay_amount"]) == (None, True, 2000)
    booking_id = started["booking_id"]
    unpaid = reseller.post(f"/bookings/spa/{booking_id}/confirm")
    assert (unpaid.status_code, unpaid.json()["code"]) == (402, "payment_required")

    quote = reseller.ok("POST", "/co-pay/spa/quote", 201, json={"booking_id": booking_id})
    assert (quote["amount"], quote["status"]) == (2000, "quoted")
    bought = reseller.ok("POST", "/co-pay/spa/purchase", 201, json={"quote_id": quote["id"]})
    assert (bought["status"], bought["booking_id"]) == ("paid", booking_id)
    again = reseller.post("/co-pay/spa/purchase", json={"quote_id": quote["id"]})
    assert again.status_code == 409

    body = {"payment_method": "copay", "copay_purchase_id": bought["id"]}
    confirmed = reseller.ok("POST", f"/bookings/spa/{booking_id}/confirm", json=body)
    assert confirmed["payment_method"] == "copay"
    refund = reseller.ok("POST", f"/bookings/{booking_id}/cancel")["refund"]
    assert (refund["amount"], refund["copay_purchase_id"]) == (2000, bought["id"])


def test_gym_copay_and_copay_packages_pay_for_classes(reseller: Reseller, seeded: Seeded) -> None:
    token = reseller.client_token(seeded.email_of(9))  # no pass, no credits
    yoga = seeded.service(1, "Vinyasa Yoga")
    first = reseller.initiate_class(token, reseller.class_instance(yoga)).json()
    assert (first["copay_required"], first["copay_amount"]) == (True, 2000)
    assert {o["type"] for o in first["copay_options"]} == {"single", "package"}
    bought = reseller.ok("POST", "/co-pay/gym/purchase", 201, json={"booking_id": first["booking_id"]})
    confirmed = reseller.ok(
        "POST", f"/bookings/class/{first['booking_id']}/confirm", json={"copay_purchase_id": bought["id"]}
    )
    assert confirmed["payment_method"] == "copay"

    client = seeded.uuid_of(9)
    package = reseller.ok(
        "POST", "/co-pay/packages/purchase", 201, json={"client_id": client, "package_id": 1}
    )
    assert package["copay_visits"] == 5
    second = reseller.initiate_class(token, reseller.class_instance(yoga, skip=1)).json()
    paid = reseller.ok(
        "POST", f"/bookings/class/{second['booking_id']}/confirm", json={"payment_method": "copay"}
    )
    assert paid["payment_method"] == "copay"
    assert reseller.ok("GET", f"/clients/{client}/credits")["copay_visits"] == 4


def test_purchased_credits_pay_for_a_visit(reseller: Reseller, seeded: Seeded) -> None:
    client = seeded.uuid_of(9)
    purchase = reseller.ok("POST", "/credits/purchase", 201, json={"client_id": client, "package_id": 2})
    assert (purchase["credits"], purchase["balance"], purchase["amount"]) == (25, 25, 11500)
    started = _spa(reseller, seeded, 9)
    assert started["covered_by"] == "credits"
    reseller.ok("POST", f"/bookings/spa/{started['booking_id']}/confirm")
    assert reseller.ok("GET", f"/clients/{client}/credits")["balance"] == 8
