"""Hand-made exchanges for the traffic checks' tests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from mockserver.documents.har import Exchange
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.findings import Report

START = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)


def exchange(
    method: str,
    path: str,
    status: int,
    answer: Any = None,
    *,
    sent: Any = None,
    headers: dict[str, str] | None = None,
    answered: dict[str, str] | None = None,
    caller: str = "Bearer ********#aaaaaaaa",
    at: int = 0,
) -> Exchange:
    """One exchange with a JSON request and answer, sent by ``caller`` (a fingerprinted token)."""
    return Exchange(
        started=START + timedelta(seconds=at),
        method=method,
        url=f"https://staging.vendor.example{path}",
        request_headers={"Authorization": caller, "Content-Type": "application/json", **(headers or {})},
        request_body=b"" if sent is None else json.dumps(sent).encode(),
        status=status,
        reason="",
        response_headers={"Content-Type": "application/json", **(answered or {})},
        response_body=b"" if answer is None else json.dumps(answer).encode(),
        duration_ms=1.0,
    )


def nested_answer(levels: int) -> str:
    """A booking's answer whose data holds an object in an object ``levels`` deep."""
    return '{"data": ' + '{"a": ' * levels + "1" + "}" * levels + "}"


def rk_booking(booking_id: int = 7, **fields: Any) -> dict[str, Any]:
    """A ReserveKit booking as its spec shows one."""
    return {
        "data": {
            "id": booking_id,
            "service_id": 1,
            "date": "2027-01-11",
            "time_slot_id": 3,
            "status": "pending",
            "message": "hello",
            "created_at": "2027-01-06T15:00:00Z",
            "updated_at": "2027-01-06T15:00:00Z",
            "customer": {
                "id": 9,
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "phone": "+12025550123",
                "created_at": "2027-01-06T15:00:00Z",
                "updated_at": "2027-01-06T15:00:00Z",
            },
            **fields,
        }
    }


def check_all(api: str, exchanges: Iterable[Exchange]) -> Report:
    """One trace of ``exchanges``, held to ``api``'s spec and rules."""
    check = TrafficCheck(api)
    for exchange in exchanges:
        check.observe(exchange)
    return check.report()
