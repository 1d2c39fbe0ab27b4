"""NaN, ±Infinity and numbers no column holds are refused where a body is parsed: a 4xx naming
the field, in the API's own error shape, and nothing stored, so every later read is valid JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.asgi_client import TestClient

CONTROL = {"Authorization": "Bearer non_finite_key_1", "Content-Type": "application/json"}
NOT_FINITE = ("NaN", "Infinity", "-Infinity", "1e400", "-1e400", "123456789012345678901234567890")
FAULTS = (
    ('{"kind": "error", "status": 503, "probability": %s}', "probability"),
    ('{"kind": "latency", "ms": %s}', "ms"),
    ('{"kind": "latency", "distribution": "uniform", "min_ms": %s, "max_ms": 5}', "min_ms"),
    ('{"kind": "latency", "distribution": "lognormal", "median_ms": 5, "sigma": %s}', "sigma"),
    ('{"kind": "rate_limit", "limit": 5, "window_seconds": %s}', "window_seconds"),
)


def strict_json(text: str) -> Any:
    """JSON as a strict reader takes it: NaN and Infinity are not JSON."""

    def refuse(literal: str) -> Any:
        raise ValueError(f"{literal} in an answer")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("literal", NOT_FINITE)
@pytest.mark.parametrize(("template", "field"), FAULTS, ids=[f for _, f in FAULTS])
def test_a_fault_rule_with_a_number_out_of_range_is_refused_and_not_stored(
    http: TestClient, template: str, field: str, literal: str
) -> None:
    answer = http.post("/_sandbox/faults", content=(template % literal).encode(), headers=CONTROL)
    assert answer.status_code == 400, answer.text
    assert f"'{field}'" in answer.json()["detail"], answer.text
    listed = http.get("/_sandbox/faults", headers=CONTROL)
    assert strict_json(listed.text) == {"faults": []}
    assert http.get("/reservekit/v1/services", headers=CONTROL).status_code == 401  # still answering


def test_the_clock_is_not_moved_by_nan(http: TestClient) -> None:
    before = http.get("/_sandbox/clock", headers=CONTROL).json()
    for literal in NOT_FINITE:
        answer = http.post(
            "/_sandbox/clock/advance", content=b'{"seconds": %s}' % literal.encode(), headers=CONTROL
        )
        assert answer.status_code == 400, answer.text
        assert "'seconds'" in answer.json()["detail"]
    assert strict_json(http.get("/_sandbox/clock", headers=CONTROL).text) == before


def test_finite_numbers_are_still_taken(http: TestClient) -> None:
    body = b'{"kind": "latency", "distribution": "uniform", "min_ms": 0.5, "max_ms": 1.5e0}'
    assert http.post("/_sandbox/faults", content=body, headers=CONTROL).status_code == 201


@pytest.mark.parametrize(
    ("path", "token", "body", "field", "error_of"),
    [
        (
            "/reservekit/v1/bookings",
            "sk_rsv_non_finite_key_1",
            '{"date": "2027-01-04", "time_slot_id": %s}',
            "time_slot_id",
            lambda body: body["error"],
        ),
        (
            "/bardge/v3/bookings/class",
            "reseller.fitperks.non_finite_key_1",
            (
                '{"provider_id": %s, "class_instance_id": "ci_1_20270104", "client_token": "ctok_'
                + "0" * 32
                + '"}'
            ),
            "provider_id",
            lambda body: body["message"],
        ),
        (
            "/lifecycle/api/v1/bookings/instant",
            "customer.00000000-0000-4000-8000-000000000000.non_finite_key_1",
            '{"service_id": "00000000-0000-4000-8000-000000000000", "start_date": %s, '
            '"end_date": "2027-01-04T10:00:00Z"}',
            "start_date",
            lambda body: body["errors"][0]["detail"],
        ),
    ],
    ids=["reservekit", "bardge", "lifecycle"],
)
def test_each_api_refuses_it_in_its_own_error_shape(
    http: TestClient, path: str, token: str, body: str, field: str, error_of: Any
) -> None:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for literal in NOT_FINITE:
        answer = http.post(path, content=(body % literal).encode(), headers=headers)
        assert answer.status_code == 400, answer.text
        assert f"'{field}'" in error_of(answer.json()), answer.text
