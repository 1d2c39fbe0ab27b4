"""The target data a sandbox serves about itself is true: every token, id and status in it is
what the APIs themselves answer for that sandbox, in each API's own words."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mockserver.documents.resources import target_data_schema_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START, BearerClient

KEY = "target_data_sandbox_1"


def served(http: TestClient, key: str = KEY) -> dict[str, Any]:
    response = http.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    schema = json.loads(target_data_schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    return document


def test_the_tokens_name_the_sandbox_and_every_one_is_accepted(http: TestClient) -> None:
    document = served(http)
    probes = {
        "reservekit-v1": ("/reservekit", "/v1/services", {}),
        "merchant": (
            "/merchant",
            "/bookings/calendar/events",
            {"start": "2027-01-06T00:00:00Z", "end": "2027-01-07T00:00:00Z"},
        ),
        "lifecycle": ("/lifecycle", "/api/v1/services", {}),
        "bardge-v3": ("/bardge/v3", "/passes", {}),
    }
    for api, (mount, path, query) in probes.items():
        for role, token in document[api]["tokens"].items():
            # ReserveKit's other account is another sandbox of its own (the key, then "_other").
            assert KEY in token, (api, role, token)
            if api == "merchant" and role.endswith("customer"):
                continue  # a customer reads no calendar; their token is checked by booking below
            answer = BearerClient(http, token, mount).get(path, params=query)
            assert answer.status_code == 200, (api, role, answer.text)
    assert served(http, "another_sandbox_2")["merchant"]["tokens"]["merchant"].endswith("another_sandbox_2")


def test_each_lifecycle_booking_reads_as_described_by_its_owner(http: TestClient) -> None:
    lifecycle = served(http)["lifecycle"]
    assert {booking["status"] for booking in lifecycle["bookings"]} >= {"accepted", "rejected", "canceled"}
    for booking in lifecycle["bookings"]:
        owner = BearerClient(http, booking["owner_token"], "/lifecycle")
        read = owner.get(f"/api/v1/bookings/{booking['id']}")
        assert read.status_code == 200, read.text
        attributes = read.json()["data"]["attributes"]
        assert attributes["status"] == booking["status"], booking
        assert attributes["number"] == booking["number"], booking
        by_number = owner.get("/api/v1/bookings/by-number", params={"number": booking["number"]})
        assert by_number.json()["data"]["id"] == booking["id"]
        participants = {p["id"]: p["status"] for p in attributes["participants"]}
        for guest in booking["invited"]:
            assert participants[guest["participant_id"]] == "invited", booking
            seen = BearerClient(http, guest["token"], "/lifecycle").get(f"/api/v1/bookings/{booking['id']}")
            assert seen.status_code == 200, seen.text


def test_the_merchants_services_book_in_its_hours_for_its_customers(http: TestClient) -> None:
    merchant = served(http)["merchant"]
    appointment = next(s for s in merchant["services"] if s["kind"] == "appointment")
    hours = next(h for h in merchant["bookable_hours"] if 2 in h["weekdays"])  # a Wednesday
    location = next(loc for loc in merchant["locations"] if loc["id"] == appointment["location_id"])
    assert location["timezone"] == "America/New_York"
    customer = BearerClient(http, merchant["tokens"]["customer"], "/merchant")
    body = {
        "merchant_name": merchant["merchant_name"],
        "service_id": appointment["id"],
        "location_id": location["id"],
        # 2027-02-03 is a Wednesday; the hours are New York's, five hours behind UTC in February.
        "timeStamp": f"2027-02-03T{int(hours['from'][:2]) + 5 + 2:02d}:00:00Z",
    }
    booked = customer.post("/bookings/customer", json=body)
    assert booked.status_code == 201, booked.text
    for_customer = BearerClient(http, merchant["tokens"]["merchant"], "/merchant").post(
        "/bookings/merchant",
        json={
            "service_id": appointment["id"],
            "timestamp": f"2027-02-03T{int(hours['from'][:2]) + 5 + 4:02d}:00:00Z",
            "customers": [{"id": merchant["customer_ids"]["other_customer"]}],
            "is_recurring": False,
        },
    )
    assert for_customer.status_code == 201, for_customer.text


@pytest.mark.parametrize("seed", [42, 1, 7, 2027])
def test_a_booking_described_as_paid_has_a_payment_in_its_order(seed: int, tmp_path: Path) -> None:
    """``paid`` is what a rule on refunds relies on: a free service's booking is settled with
    nothing paid, which some seeds give a rejected booking (seed 42 does not)."""
    settings = Settings.load({"db": str(tmp_path / "s.db"), "seed": seed, "start_at": START}, environ={})
    with TestClient(create_app(settings)) as http:
        for booking in served(http)["lifecycle"]["bookings"]:
            owner = BearerClient(http, booking["owner_token"], "/lifecycle")
            document = owner.get(f"/api/v1/bookings/{booking['id']}").json()
            order = next(x["attributes"] for x in document["included"] if x["type"] == "orders")
            assert booking["paid"] == (Decimal(order["paid"]["amount"]) > 0), (seed, booking, order)


def test_asked_for_one_api_the_document_holds_its_part_and_seeds_no_other(http: TestClient) -> None:
    """The kit asks for its API's part at each fresh sandbox: the merchant's calendar, read for
    its blocked times, is not seeded to answer a ReserveKit run."""
    whole = served(http)
    for api in ("reservekit-v1", "merchant", "lifecycle", "bardge-v3"):
        key = f"one_api_{api.replace('-', '_')}"
        response = http.get(
            "/_sandbox/target-data", params={"api": api}, headers={"Authorization": f"Bearer {key}"}
        )
        assert response.status_code == 200, response.text
        document = response.json()
        assert set(document) == {"target_data", api}
        # The same part as in the whole document, but for the key the tokens name.
        assert json.dumps(document[api]).replace(key, KEY) == json.dumps(whole[api])
        state = http.get("/_sandbox/sandbox", headers={"Authorization": f"Bearer {key}"}).json()
        assert state["apis"] == (["merchant"] if api == "merchant" else []), state
    unknown = http.get(
        "/_sandbox/target-data", params={"api": "reservekit-v2"}, headers={"Authorization": f"Bearer {KEY}"}
    )
    assert unknown.status_code == 400, unknown.text


def test_a_server_of_one_api_names_that_api_alone_and_refuses_another(tmp_path: Path) -> None:
    """A server serving ReserveKit alone answered the merchant's, the lifecycle's and Bardge's
    parts too: tokens and ids no call there reaches (a kit run on them meets 404s), and the
    merchant's calendar seeded to read its blocked times."""
    settings = Settings.load(
        {"db": str(tmp_path / "s.db"), "apis": ["reservekit-v1"], "start_at": START}, environ={}
    )
    with TestClient(create_app(settings)) as http:
        auth = {"Authorization": f"Bearer {KEY}"}
        whole = http.get("/_sandbox/target-data", headers=auth)
        assert whole.status_code == 200, whole.text
        assert set(whole.json()) == {"target_data", "reservekit-v1"}
        other = http.get("/_sandbox/target-data", params={"api": "merchant"}, headers=auth)
        assert other.status_code == 422, other.text
        assert other.json()["invalid_params"] == [
            {"name": "api", "reason": "not served here (serving reservekit-v1)"}
        ]
        assert http.get("/_sandbox/sandbox", headers=auth).json()["apis"] == [], "nothing seeded"
        # A fault rule for it, and a state export of it, are refused in the same words.
        fault = http.post(
            "/_sandbox/faults", json={"kind": "error", "status": 503, "api": "merchant"}, headers=auth
        )
        exported = http.get("/_sandbox/state", params={"api": "merchant"}, headers=auth)
        for refused in (fault, exported):
            assert refused.status_code == 422, refused.text
            assert refused.json()["invalid_params"] == other.json()["invalid_params"]


@pytest.mark.sqlite_only("which sandbox a token names is read from the token, before any storage")
@pytest.mark.parametrize("key", ["sk_rsv_target_data_sandbox_3", "target_data_sandbox_3"])
def test_under_a_reservekit_key_every_token_names_the_sandbox_and_under_another_reservekits_does_not(
    http: TestClient, key: str
) -> None:
    """As the control spec's target data says: a ReserveKit key is a sandbox key whole, so only
    a key of that form names one sandbox on all four APIs. A stranger's bare key got a ReserveKit
    key whose clock and webhooks were another sandbox's, which nothing said."""
    document = served(http, key)
    moved = http.post(
        "/_sandbox/clock/advance", headers={"Authorization": f"Bearer {key}"}, json={"duration": "1d"}
    )
    assert moved.status_code == 200, moved.text
    for api in ("reservekit-v1", "merchant", "lifecycle", "bardge-v3"):
        for role, token in document[api]["tokens"].items():
            clock = http.get("/_sandbox/clock", headers={"Authorization": f"Bearer {token}"})
            assert clock.status_code == 200, clock.text
            same = clock.json()["now"] == moved.json()["now"]
            # ReserveKit's other account is a sandbox of its own under every key.
            expected = api != "reservekit-v1" or (key.startswith("sk_rsv_") and role != "other")
            assert same == expected, (key, api, role, clock.json(), moved.json())


@pytest.mark.sqlite_only("the keys handed are read from the key, before any storage")
@pytest.mark.parametrize(
    "key",
    ["team-01-ci", "k" * 130, "sk_rsv_" + "x" * 114 + "_other"],
    ids=["with a dash", "the longest", "the longest ReserveKit key ending in _other"],
)
def test_every_reservekit_key_handed_is_one_reservekit_takes(http: TestClient, key: str) -> None:
    """A sandbox key may hold '-' and run to 130 characters, a ReserveKit key neither: the
    target data of ``team-01-ci`` handed ``sk_rsv_team-01-ci``, which ReserveKit refused with
    401, and the longest keys' "other" account ran past a key's length."""
    tokens = served(http, key)["reservekit-v1"]["tokens"]
    assert len(set(tokens.values())) == 2, tokens
    for role, token in tokens.items():
        answer = BearerClient(http, token, "/reservekit").get("/v1/services")
        assert answer.status_code == 200, (key, role, token, answer.text)
