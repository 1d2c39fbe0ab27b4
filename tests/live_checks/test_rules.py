"""Each passive rule, on hand-made traffic: the broken sequence gives exactly its finding, the
correct one gives none, and another caller's ids never mix with the first's."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mockserver.documents.har import Exchange
from mockserver.rule_engine.vocabulary import FAMILIES
from tests.live_checks.traffic import check_all, exchange, rk_booking

CANCEL = {"status": "cancelled", "cancel_reason": "changed plans"}
OTHER = "Bearer ********#bbbbbbbb"
LATER = "2027-01-06T15:00:01Z"
FIVE_ON = "2027-01-06T15:00:05Z"


def found(api: str, traffic: Sequence[Exchange]) -> list[tuple[str, int]]:
    """The documents' rules found; the invariants a break also breaks (a revived booking is also
    a final one changed) are ``test_invariants.py``'s to test, and only ever beside them."""
    findings = check_all(api, traffic).findings
    named = [(finding.rule, finding.index) for finding in findings if not _family(finding.rule)]
    assert named or not findings, [finding.line() for finding in findings]
    return named


def _family(rule: str) -> bool:
    return any(rule.endswith(family) for family in FAMILIES)


RESERVEKIT = {
    "RK-CREATE-PENDING": (
        [
            exchange(
                "POST",
                "/v1/bookings",
                201,
                rk_booking(status="confirmed"),
                sent={"date": "2027-01-11", "time_slot_id": 3},
            )
        ],
        [exchange("POST", "/v1/bookings", 201, rk_booking(), sent={"date": "2027-01-11", "time_slot_id": 3})],
    ),
    "RK-DELETE": (
        [
            exchange("DELETE", "/v1/bookings/7", 200, {"data": "ok"}),
            exchange("GET", "/v1/bookings/7", 200, rk_booking()),
        ],
        [
            exchange("DELETE", "/v1/bookings/7", 200, {"data": "ok"}),
            exchange("GET", "/v1/bookings/7", 404, {"data": None, "error": "booking not found"}),
        ],
    ),
    "RK-CANCEL-ONCE": (
        [
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(**CANCEL), sent=CANCEL),
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(**CANCEL, updated_at=LATER), sent=CANCEL),
        ],
        [
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(**CANCEL), sent=CANCEL),
            exchange(
                "PATCH",
                "/v1/bookings/7",
                400,
                {"data": None, "error": "booking is already cancelled"},
                sent=CANCEL,
            ),
        ],
    ),
    "RK-STATUS-FORWARD": (
        [
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(**CANCEL), sent=CANCEL),
            exchange(
                "PATCH",
                "/v1/bookings/7",
                200,
                rk_booking(status="confirmed", updated_at=LATER),
                sent={"status": "confirmed"},
            ),
        ],
        [exchange("PATCH", "/v1/bookings/7", 200, rk_booking(**CANCEL), sent=CANCEL)],
    ),
    "RK-READ-AFTER-WRITE": (
        [
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(message="moved"), sent={"message": "moved"}),
            exchange("GET", "/v1/bookings/7", 200, rk_booking(message="hello")),
        ],
        [
            exchange("PATCH", "/v1/bookings/7", 200, rk_booking(message="moved"), sent={"message": "moved"}),
            exchange("GET", "/v1/bookings/7", 200, rk_booking(message="moved")),
        ],
    ),
    # A booking made five seconds later shows the clock has passed the first's stamp.
    "RK-TIMESTAMPS updated_at": (
        [
            exchange("GET", "/v1/bookings/7", 200, rk_booking()),
            exchange(
                "GET", "/v1/bookings/8", 200, rk_booking(8, created_at=FIVE_ON, updated_at=FIVE_ON), at=1
            ),
            exchange(
                "PATCH", "/v1/bookings/7", 200, rk_booking(message="moved"), sent={"message": "moved"}, at=2
            ),
        ],
        [
            exchange("GET", "/v1/bookings/7", 200, rk_booking()),
            exchange("GET", "/v1/bookings/8", 200, rk_booking(8, created_at=FIVE_ON, updated_at=FIVE_ON)),
            exchange(
                "PATCH",
                "/v1/bookings/7",
                200,
                rk_booking(message="moved", updated_at=FIVE_ON),
                sent={"message": "moved"},
            ),
        ],
    ),
    "RK-TIMESTAMPS": (
        [
            exchange("GET", "/v1/bookings/7", 200, rk_booking()),
            exchange("GET", "/v1/bookings/7", 200, rk_booking(created_at="2027-01-06T16:00:00Z")),
        ],
        [
            exchange("GET", "/v1/bookings/7", 200, rk_booking()),
            exchange("GET", "/v1/bookings/7", 200, rk_booking(updated_at="2027-01-06T16:00:00Z")),
        ],
    ),
}


@pytest.mark.parametrize("rule", RESERVEKIT)
def test_each_reservekit_rule_finds_its_break_and_nothing_else(rule: str) -> None:
    broken, correct = RESERVEKIT[rule]
    assert found("reservekit-v1", broken) == [(rule.split(maxsplit=1)[0], len(broken))]
    assert found("reservekit-v1", correct) == []


def test_another_callers_booking_of_the_same_id_is_another_booking() -> None:
    # Ids are per account: a deleted booking 7 of one key says nothing of another key's 7.
    traffic = [
        exchange("DELETE", "/v1/bookings/7", 200, {"data": "ok"}),
        exchange("GET", "/v1/bookings/7", 200, rk_booking(), caller=OTHER),
    ]
    assert found("reservekit-v1", traffic) == []


def bg_booking(status: str) -> dict[str, object]:
    return {"object": "booking", "id": "bkg_1", "status": status}


def bg_error(status: int, code: str) -> dict[str, object]:
    return {"object": "error", "status": status, "code": code, "message": code, "errors": []}


def priced(price: int, credits: int) -> dict[str, object]:
    service = {"id": "svc_1", "duration_minutes": 60, "price": price, "currency": "USD", "credits": credits}
    return {**bg_booking("confirmed"), "service": service}


WORTH = {"object": "credits", "client_id": "cl_1", "balance": 20, "credit_value": 500, "currency": "USD"}
REQUEST_ID = {"X-Request-Id": "req_1"}
KEY = {"Idempotency-Key": "retry-1"}
CLASS = {"client_token": "ctok_1", "class_instance_id": "ci_1"}

BARDGE = {
    "BG-CANCEL-IDEMPOTENT": (
        [
            exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID),
            exchange("POST", "/bookings/bkg_1/cancel", 409, bg_error(409, "conflict"), answered=REQUEST_ID),
        ],
        [
            exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID),
            exchange(
                "POST", "/bookings/bkg_1/cancel", 403, bg_error(403, "permission_denied"), answered=REQUEST_ID
            ),
        ],
    ),
    "BG-CANCEL-SHOWN": (
        [
            exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID),
            exchange("GET", "/bookings/bkg_1/status", 200, bg_booking("confirmed"), answered=REQUEST_ID),
        ],
        [
            exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID),
            exchange("GET", "/bookings/bkg_1/status", 200, bg_booking("cancelled"), answered=REQUEST_ID),
        ],
    ),
    "BG-CANCEL-IRREVERSIBLE": (
        [
            exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID),
            exchange(
                "POST",
                "/bookings/bkg_1/reschedule",
                201,
                bg_booking("confirmed"),
                sent={},
                answered=REQUEST_ID,
            ),
        ],
        [exchange("POST", "/bookings/bkg_1/cancel", 200, bg_booking("cancelled"), answered=REQUEST_ID)],
    ),
    "BG-IDEMPOTENCY": (
        [
            exchange(
                "POST",
                "/bookings/class",
                201,
                bg_booking("held"),
                sent=CLASS,
                headers=KEY,
                answered=REQUEST_ID,
            ),
            exchange(
                "POST",
                "/bookings/class",
                409,
                bg_error(409, "conflict"),
                sent=CLASS,
                headers=KEY,
                answered=REQUEST_ID,
            ),
        ],
        [
            exchange(
                "POST",
                "/bookings/class",
                201,
                bg_booking("held"),
                sent=CLASS,
                headers=KEY,
                answered=REQUEST_ID,
            ),
            exchange(
                "POST",
                "/bookings/class",
                201,
                bg_booking("held"),
                sent=CLASS,
                headers=KEY,
                answered=REQUEST_ID,
            ),
        ],
    ),
    "BG-REQUEST-ID": (
        [exchange("GET", "/bookings/bkg_1", 200, bg_booking("confirmed"))],
        [exchange("GET", "/bookings/bkg_1", 200, bg_booking("confirmed"), answered=REQUEST_ID)],
    ),
    # A price in dollars: 20 costs one credit of 500, not the four it is shown to cost. (A
    # service shown before the credit's worth is known is judged once it is, at its showing.)
    "BG-CREDITS-PRICE": (
        [
            exchange("GET", "/clients/cl_1/credits", 200, WORTH, answered=REQUEST_ID),
            exchange("GET", "/bookings/bkg_1", 200, priced(20, 4), answered=REQUEST_ID),
        ],
        [
            exchange("GET", "/bookings/bkg_1", 200, priced(2000, 4), answered=REQUEST_ID),
            exchange("GET", "/clients/cl_1/credits", 200, WORTH, answered=REQUEST_ID),
            exchange("GET", "/bookings/bkg_1", 200, priced(2001, 5), answered=REQUEST_ID),
        ],
    ),
    "BG-ERROR-STATUS": (
        [exchange("GET", "/bookings/bkg_9", 404, bg_error(400, "not_found"), answered=REQUEST_ID)],
        [exchange("GET", "/bookings/bkg_9", 404, bg_error(404, "not_found"), answered=REQUEST_ID)],
    ),
}


@pytest.mark.parametrize("rule", BARDGE)
def test_each_bardge_rule_finds_its_break(rule: str) -> None:
    broken, correct = BARDGE[rule]
    assert (rule, len(broken)) in found("bardge-v3", broken)
    assert rule not in {name for name, _ in found("bardge-v3", correct)}


LC_ERROR = {
    "errors": [{"status": "404", "code": "not_found", "title": "Not Found", "detail": "booking not found"}]
}


def test_lifecycle_error_status_and_a_cancel_shown() -> None:
    wrong = {"errors": [{**LC_ERROR["errors"][0], "status": "400"}]}
    assert ("LC-ERROR-STATUS", 1) in found("lifecycle", [exchange("GET", "/api/v1/bookings/x", 404, wrong)])
    assert "LC-ERROR-STATUS" not in {
        r for r, _ in found("lifecycle", [exchange("GET", "/api/v1/bookings/x", 404, LC_ERROR)])
    }
    shown = {"data": {"type": "bookings", "id": "b1", "attributes": {"status": "accepted"}}}
    traffic = [
        exchange("GET", "/api/v1/bookings/b1/cancel", 200, {}),
        exchange("GET", "/api/v1/bookings/b1", 200, shown),
    ]
    assert ("LC-CANCEL-SHOWN", 2) in found("lifecycle", traffic)


def test_merchant_cancel_once_and_a_created_booking_readable() -> None:
    twice = [
        exchange("DELETE", "/bookings/customer/5", 200, {}),
        exchange("DELETE", "/bookings/merchant/5", 200, {}),
    ]
    assert ("MR-CANCEL-ONCE", 2) in found("merchant", twice)
    created = exchange(
        "POST", "/bookings/customer", 201, {}, sent={}, answered={"Location": "/merchant/bookings/customer/5"}
    )
    lost = exchange("GET", "/merchant/bookings/customer/5", 404, {})
    assert ("MR-CREATED-READABLE", 2) in found("merchant", [created, lost])


def test_a_customer_leaving_a_group_leaves_the_merchant_its_session() -> None:
    """A customer's cancel of a group is the customer's leaving: the merchant may still move the
    session and cancel it (the explorer met both in the sandbox, which is right)."""
    group = {"from_date": "2027-02-02T19:00:00Z", "to_date": "2027-02-02T20:00:00Z", "is_cancelled": True}
    moved = {**group, "from_date": "2027-02-02T21:00:00Z", "to_date": "2027-02-02T22:00:00Z"}
    body = {"merchant_note": "n", "from_date": moved["from_date"], "to_date": moved["to_date"]}

    def traffic(shown: dict[str, object], then: dict[str, object]) -> list[Exchange]:
        return [
            exchange("DELETE", "/bookings/customer/5", 200, {}),
            exchange("GET", "/bookings/customer/5", 200, shown),
            exchange("PATCH", "/bookings/merchant/5", 200, {}, sent=body),
            exchange("GET", "/bookings/customer/5", 200, then),
            exchange("DELETE", "/bookings/merchant/5", 200, {}),
        ]

    def merchant_rules(shown: dict[str, object], then: dict[str, object]) -> set[str]:
        findings = check_all("merchant", traffic(shown, then)).findings
        return {finding.rule for finding in findings if finding.rule.startswith("MR-")}

    heads = {"current_participants": 0}
    assert merchant_rules({**group, **heads}, {**moved, **heads}) == set()
    # An appointment the customer cancelled is over: the merchant's move and cancel are not.
    assert merchant_rules(group, moved) == {"MR-TERMINAL-EVERY-SPELLING", "MR-CANCEL-ONCE"}


def test_what_says_nothing_of_a_resource_is_not_judged() -> None:
    # A request refused for its credential, throttled or failed by the server proves no rule.
    for status in (401, 429, 503):
        traffic = [
            exchange("DELETE", "/v1/bookings/7", 200, {"data": "ok"}),
            exchange("GET", "/v1/bookings/7", status, {"data": None, "error": "x"}),
        ]
        assert "RK-DELETE" not in {rule for rule, _ in found("reservekit-v1", traffic)}


def test_every_passive_rule_is_an_inventory_rule_of_its_api() -> None:
    from contract_tests.kit.inventory import load  # noqa: PLC0415
    from mockserver.rule_engine.rules import RULES  # noqa: PLC0415

    for api, rules in RULES.items():
        known = {rule.id for rule in load().of(api)}
        assert set(rules.ids) <= known, set(rules.ids) - known


def test_a_service_shown_before_the_credits_worth_is_judged_at_its_showing() -> None:
    traffic = [
        exchange("GET", "/bookings/bkg_1", 200, priced(20, 4), answered=REQUEST_ID),
        exchange("GET", "/clients/cl_1/credits", 200, WORTH, answered=REQUEST_ID),
    ]
    assert ("BG-CREDITS-PRICE", 1) in found("bardge-v3", traffic)


def test_a_location_urllib_cannot_read_is_judged_as_no_path_never_a_crash() -> None:
    """A vendor's header is the vendor's to spell: ``http://[x/…`` made urllib raise inside the
    rule engine, which stopped the proxy's and the kit's judging of every exchange after it."""
    created = exchange(
        "POST",
        "/bookings/merchant",
        201,
        sent={"service_id": 1, "timestamp": "2027-01-11T09:00:00Z", "customers": [{"first_name": "A"}]},
        answered={"Location": "http://[x/bookings/customer/5", "X-Booking-Id": "5"},
    )
    assert check_all("merchant", [created]).findings is not None
