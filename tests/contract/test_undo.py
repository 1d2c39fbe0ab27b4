"""What Schemathesis creates is undone at the run's end, as the role that created it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from schemathesis.core.transport import Response

from contract_tests.kit.tidy import Tidy
from contract_tests.kit.undo import Creations


def created(
    path: str, status: int, body: Any = b"", headers: dict[str, list[str]] | None = None, sent: Any = None
) -> Response:
    request = requests.Request(
        "POST", f"https://vendor.example{path}", json=sent, headers={"Authorization": "Bearer owner"}
    )
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Response(status, headers or {}, content, request.prepare(), 0.01, True)


class Sent(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str, Any, str]] = []

    def request(self, method: str, url: str, **kwargs: Any) -> Any:  # type: ignore[override]
        self.calls.append((method, url, kwargs.get("json"), kwargs["headers"].get("Authorization")))
        answer = requests.Response()
        answer.status_code = 200
        answer.request = requests.Request(method, url).prepare()
        return answer


@pytest.mark.parametrize(
    ("api", "response", "undo"),
    [
        (
            "reservekit-v1",
            created("/v1/bookings", 201, {"data": {"id": 41}}),
            ("DELETE", "/v1/bookings/41", None),
        ),
        (
            "merchant",
            created(
                "/bookings/customer", 201, headers={"x-booking-id": ["7"]}, sent={"merchant_name": "spa"}
            ),
            ("DELETE", "/bookings/customer/7", {"booking_id": 7, "merchant_name": "spa"}),
        ),
        (
            "merchant",
            created("/bookings/merchant", 201, headers={"x-booking-id": ["8"]}),
            ("DELETE", "/bookings/merchant/8", {"cancellation_reason": "contract kit"}),
        ),
        (
            "lifecycle",
            created("/api/v1/bookings/instant", 201, {"data": {"id": "b-1"}}),
            ("GET", "/api/v1/bookings/b-1/cancel", None),
        ),
        (
            "bardge-v3",
            created("/bookings/class", 201, {"booking_id": "bkg_1"}),
            ("POST", "/bookings/bkg_1/cancel", None),
        ),
        (
            "bardge-v3",
            # A reschedule's answer is the new booking itself: its id, not the original's.
            created(
                "/bookings/bkg_1/reschedule",
                201,
                {"id": "bkg_2", "rescheduled_from": "bkg_1", "object": "booking"},
            ),
            ("POST", "/bookings/bkg_2/cancel", None),
        ),
    ],
)
def test_each_apis_create_is_undone_as_its_creator(
    api: str, response: Response, undo: tuple[str, str, Any]
) -> None:
    session = Sent()
    creations = Creations(api, "https://vendor.example/base", session)
    path = response.request.url.removeprefix("https://vendor.example")
    creations.seen("post", path, response)
    creations.seen("post", path, created(path, 400, {"error": "no"}))  # refused: nothing to undo
    creations.seen("get", path, created(path, 200, {"data": {"id": 1}}))  # a read creates nothing
    tidy = Tidy()
    creations.undo_all(tidy)
    method, undo_path, body = undo
    assert session.calls == [(method, f"https://vendor.example/base{undo_path}", body, "Bearer owner")]
    assert tidy.leftovers == []


@pytest.mark.parametrize("body", [b"[" * 5000 + b"]" * 5000, b'{"data": {"id": NaN}}', b"\xff\xfe"])
def test_an_answer_that_is_no_json_document_leaves_nothing_to_undo(body: bytes) -> None:
    """A vendor's answer nested past what Python reads, a NaN, or not text: nothing is undone, and
    the run goes on (the first ended the kit with a traceback)."""
    session = Sent()
    creations = Creations("reservekit-v1", "https://vendor.example", session)
    creations.seen("post", "/v1/bookings", created("/v1/bookings", 201, body))
    creations.undo_all(Tidy())
    assert session.calls == []
