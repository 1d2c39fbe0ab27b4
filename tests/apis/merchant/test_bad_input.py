"""Bad input to the merchant API: a 4xx in the vendor's error body, and the calendar unchanged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mockserver.seeding.world import World

from .conftest import Calendar, Caller

pytestmark = pytest.mark.sqlite_only(
    "malformed input is refused by the HTTP layer and the handler's reading of the wire, before "
    "any storage is reached; that a refusal inside a write leaves nothing behind is proven on both "
    "backends by the other modules here (a series all or nothing, a status not cancelable)"
)

SEEDED_BOOKING = 1
MERCHANT_CASES: list[tuple[str, str, str, dict[str, Any], int]] = [
    # (label, method, path, request kwargs, expected status)
    ("malformed json", "POST", "/bookings/merchant", {"content": b'{"service_id": '}, 400),
    ("not utf-8", "POST", "/bookings/merchant", {"content": b'{"merchant_note": "\xff"}'}, 400),
    ("json array", "PATCH", f"/bookings/merchant/{SEEDED_BOOKING}", {"content": b"[]"}, 400),
    ("plain text", "DELETE", f"/bookings/merchant/{SEEDED_BOOKING}", {"content": b"x", "text": True}, 415),
    ("no reason field", "DELETE", f"/bookings/merchant/{SEEDED_BOOKING}", {"json": {}}, 400),
    (
        "update without dates",
        "PATCH",
        f"/bookings/merchant/{SEEDED_BOOKING}",
        {"json": {"merchant_note": ""}},
        400,
    ),
    (
        "update with an impossible date",
        "PATCH",
        f"/bookings/merchant/{SEEDED_BOOKING}",
        {
            "json": {
                "merchant_note": "",
                "from_date": "2027-02-30T10:00:00Z",
                "to_date": "2027-03-01T10:00:00Z",
            }
        },
        400,
    ),
    (
        "year 1 with an offset",
        "PATCH",
        f"/bookings/merchant/{SEEDED_BOOKING}",
        {
            "json": {
                "merchant_note": "",
                "from_date": "0001-01-01T00:00:00+14:00",
                "to_date": "0001-01-01T01:00:00Z",
            }
        },
        400,
    ),
    (
        "unknown weekday in a rule",
        "POST",
        "/bookings/merchant",
        {
            "json": {
                "service_id": 3,
                "timestamp": "2027-03-15T14:00:00Z",
                "customers": [{"first_name": "A"}],
                "is_recurring": True,
                "recurrence_rule": {
                    "frequency": "WEEKLY",
                    "weekdays": ["XX"],
                    "until": "2027-04-15T14:00:00Z",
                },
            }
        },
        400,
    ),
    (
        "rule ending before it starts",
        "POST",
        "/bookings/merchant",
        {
            "json": {
                "service_id": 3,
                "timestamp": "2099-03-15T14:00:00Z",
                "customers": [{"first_name": "A"}],
                "is_recurring": True,
                "recurrence_rule": {"frequency": "DAILY", "until": "2099-03-01T14:00:00Z"},
            }
        },
        400,
    ),
    (
        "customer id not a uuid",
        "POST",
        "/bookings/merchant",
        {
            "json": {
                "service_id": 1,
                "timestamp": "2099-03-15T14:00:00Z",
                "customers": [{"id": "7"}],
                "is_recurring": False,
            }
        },
        400,
    ),
    ("calendar without end", "GET", "/bookings/calendar/events?start=2027-01-01T00:00:00Z", {}, 400),
    (
        "calendar with a date only",
        "GET",
        "/bookings/calendar/events?start=2027-01-01&end=2027-01-02",
        {},
        400,
    ),
    ("non-numeric booking id", "PATCH", "/bookings/merchant/abc", {"json": {}}, 404),
    ("unsupported method", "PUT", f"/bookings/merchant/{SEEDED_BOOKING}", {"json": {}}, 405),
]


@pytest.mark.parametrize(
    ("label", "method", "path", "kwargs", "status"), MERCHANT_CASES, ids=[c[0] for c in MERCHANT_CASES]
)
def test_bad_merchant_input_is_a_problem_and_changes_nothing(
    merchant: Caller, label: str, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    before = _calendar(merchant)
    kwargs = dict(kwargs)
    content_type = "text/plain" if kwargs.pop("text", False) else "application/json"
    if "content" in kwargs:
        kwargs["headers"] = {"Content-Type": content_type}
    response = merchant.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(response.json()) == {"error"}, "the vendor's body: one error object"
    assert error["message"]
    assert error["code"]
    assert _calendar(merchant) == before


def test_a_wrong_role_is_403_before_anything_is_read(customers: list[Caller], world: World) -> None:
    response = customers[0].patch(f"/bookings/merchant/{SEEDED_BOOKING}", json={"merchant_note": ""})
    # Schema validation runs first: a wrong role with a bad body is still a 400...
    assert response.status_code == 400
    good = {"merchant_note": "", "from_date": "2099-01-01T10:00:00Z", "to_date": "2099-01-01T11:00:00Z"}
    # ...and with a good body, a 403 in the problem shape.
    refused = customers[0].patch(f"/bookings/merchant/{SEEDED_BOOKING}", json=good)
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "forbidden")


def _calendar(merchant: Caller) -> Any:
    now = Calendar.now()
    return merchant.calendar(now - timedelta(days=1), now + timedelta(days=60)).json()
