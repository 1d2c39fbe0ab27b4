"""Bardge's chained operations, for the schema checks: each of their requests names what an
earlier answer gave (a spa initiation's booking, a quote, a generated code), so no generated
value and no catalogue id reaches them.

Each chain is walked here up to the step the schema checks take over, through documented
operations: a spa booking initiated, then confirmed (paid in credits the kit buys) or quoted;
a quote, then purchased; a code generated, then confirmed at its provider; a class initiated by
a client whose pass does not cover classes, then co-paid (one visit, or a package the
initiation offers). What the kit initiates is cancelled at the run's end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.rules.bardge_reseller import Reseller, gone, spa_slots

Row = Mapping[str, Any]
Key = tuple[str, str]

CONFIRM_SPA: Key = ("POST", "/bookings/spa/{booking_id}/confirm")
QUOTE: Key = ("POST", "/co-pay/spa/quote")
PURCHASE_SPA: Key = ("POST", "/co-pay/spa/purchase")
PURCHASE_GYM: Key = ("POST", "/co-pay/gym/purchase")
PURCHASE_PACKAGE: Key = ("POST", "/co-pay/packages/purchase")
CONFIRM_CODE: Key = ("POST", "/access-codes/confirm")
EACH = 2
"""Links of each chain made: a generated request may use one up (a purchase, a confirmation)."""


@dataclass
class Chains:
    """Bodies (sent whole: each names what one answer gave) and path rows that continue the
    chains the kit began."""

    bodies: dict[Key, list[Row]] = field(default_factory=dict)
    own_path: dict[Key, list[Row]] = field(default_factory=dict)
    unbegun: dict[str, str] = field(default_factory=dict)
    """``METHOD /path`` -> why no chain to it could begin on this target (not a refusal)."""


def chains(reseller: Reseller, client: str, client_id: str, instances: Sequence[dict[str, Any]]) -> Chains:
    """Every chain the target lets the kit begin, from the client's and the open class
    ``instances``; one it refuses is left out (its operation then says it got no 2xx)."""
    found = Chains()
    _codes(reseller, client_id, instances[0]["provider_id"], found)
    _spa(reseller, client, found)
    _class_copays(reseller, instances, found)
    return found


def _codes(reseller: Reseller, client_id: str, provider_id: int, found: Chains) -> None:
    """Codes to confirm at their provider (single use, valid five minutes: the schema checks run
    in far less)."""
    rows: list[Row] = []
    for _ in range(EACH):
        generated = reseller.api.post(
            "/access-codes", json={"client_id": client_id, "provider_id": provider_id}
        )
        if generated.status_code == 201:
            rows.append({"provider_id": provider_id, "code": generated.json()["code"]})
    found.bodies[CONFIRM_CODE] = rows


def _spa(reseller: Reseller, client: str, found: Chains) -> None:
    """Spa bookings initiated for the client: two to confirm in credits bought for them, one to
    quote, and two quoted, whose quotes are to purchase."""
    try:
        provider_id, service_id, slots = spa_slots(reseller)
    except pytest.skip.Exception:  # no spa slot, and so no spa chain
        return
    initiated = [
        _initiate_spa(reseller, provider_id, service_id, slots[n % len(slots)], client) for n in range(5)
    ]
    made = [answer for answer in initiated if answer is not None]
    confirming, quoting, purchasing = made[:EACH], made[EACH : EACH + 1], made[EACH + 1 :]
    if confirming and _credits_for(reseller, confirming):
        found.own_path[CONFIRM_SPA] = [{"booking_id": answer["booking_id"]} for answer in confirming]
        found.bodies[CONFIRM_SPA] = [{"payment_method": "credits"}]
    found.bodies[QUOTE] = [{"booking_id": answer["booking_id"]} for answer in quoting]
    quotes = [
        reseller.api.post("/co-pay/spa/quote", json={"booking_id": a["booking_id"]}) for a in purchasing
    ]
    found.bodies[PURCHASE_SPA] = [
        {"quote_id": quote.json()["id"]} for quote in quotes if quote.status_code == 201
    ]


def _initiate_spa(
    reseller: Reseller, provider_id: int, service_id: str, slot: Row, client: str
) -> dict[str, Any] | None:
    body = {
        "provider_id": provider_id,
        "service_id": service_id,
        "slot_id": slot["slot_id"],
        "client_token": client,
    }
    answer = reseller.api.post("/bookings/spa", json=body)
    if answer.status_code != 201:
        return None
    booking_id = answer.json()["booking_id"]
    reseller.tidy.later(lambda: reseller.api.post(f"/bookings/{booking_id}/cancel"), *gone(booking_id))
    return answer.json()  # type: ignore[no-any-return]


def _credits_for(reseller: Reseller, initiated: Sequence[Row]) -> bool:
    """Credits bought for the client until their balance pays every one of ``initiated``."""
    client_id = initiated[0]["booking"]["client_id"]
    needed = sum(answer["credits_required"] for answer in initiated)
    packages = ok(reseller.api.get("/credits/packages"))["data"]
    if not packages:
        return False
    biggest = max(packages, key=lambda package: package["credits"])
    for _ in range(needed // max(biggest["credits"], 1) + 2):
        if ok(reseller.api.get(f"/clients/{client_id}/credits"))["balance"] >= needed:
            return True
        ok(
            reseller.api.post(
                "/credits/purchase", json={"client_id": client_id, "package_id": biggest["id"]}
            ),
            201,
        )
    return False


def _class_copays(reseller: Reseller, instances: Sequence[dict[str, Any]], found: Chains) -> None:
    """Classes initiated by a client whose pass covers no class: each needs a co-pay, bought for
    the visit or from a package its initiation offers."""
    plan = next((p for p in reseller.plans if "class" not in p["covers"]), None)
    if plan is None:
        # Not the target's refusal: what it sells never leaves a class to co-pay.
        never = "every pass plan the reseller sells (GET /passes) covers classes, so no class co-pay is due"
        found.unbegun |= {
            f"{method} {path}": f"it needs a class co-pay, and {never}"
            for method, path in (PURCHASE_GYM, PURCHASE_PACKAGE)
        }
        return
    client = reseller.client(plan)
    initiated = [reseller.initiate(client, instance) for instance in instances[:EACH]]
    due = [
        answer.json() for answer in initiated if answer.status_code == 201 and answer.json()["copay_required"]
    ]
    found.bodies[PURCHASE_GYM] = [{"booking_id": answer["booking_id"]} for answer in due]
    found.bodies[PURCHASE_PACKAGE] = [
        {
            "client_id": answer["booking"]["client_id"],
            "package_id": int(option["id"].removeprefix("package_")),
        }
        for answer in due[:1]
        for option in answer["copay_options"]
        if option["id"].startswith("package_") and option["id"].removeprefix("package_").isdigit()
    ]
