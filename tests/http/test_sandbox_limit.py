"""A server at its sandbox cap answers a new key with 503 in each API's own error shape.

Response validation is on, so each answer also matches the 503 its spec documents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

IDLE = 3600
NEW_KEY = "limit_newcomer_key_1"
# One read per API, as the newcomer; and where its error code sits in that API's body.
READS: dict[str, tuple[str, str, Any]] = {
    "reservekit-v1": (
        "/reservekit/v1/services",
        f"sk_rsv_{NEW_KEY}",
        lambda body: "at most 1 sandboxes" in body["error"],
    ),
    "merchant": (
        "/merchant/bookings/calendar/events?start=2027-01-04T00:00:00Z&end=2027-01-11T00:00:00Z",
        f"merchant.nobody.{NEW_KEY}",
        lambda body: body["error"]["code"] == "sandbox_limit",
    ),
    "lifecycle": (
        "/lifecycle/api/v1/services",
        f"customer.00000000-0000-4000-8000-000000000000.{NEW_KEY}",
        lambda body: body["errors"][0]["code"] == "sandbox_limit",
    ),
    "bardge-v3": (
        "/bardge/v3/passes",
        f"reseller.fitperks.{NEW_KEY}",
        lambda body: body["code"] == "sandbox_limit",
    ),
    "sandbox-control": ("/_sandbox/clock", NEW_KEY, lambda body: body["code"] == "sandbox_limit"),
}


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = Path(tmp_path_factory.mktemp("limit")) / "sandbox.db"
    settings = Settings.load(
        {"db": str(db), "start_at": START, "frozen": True, "max_sandboxes": 1, "evict_idle_after": IDLE},
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        kept = client.get("/_sandbox/state", headers={"Authorization": "Bearer limit_kept_key"})
        assert kept.status_code == 200
        yield client, kept.content


@pytest.mark.parametrize("api", READS)
def test_a_new_key_at_the_cap_gets_a_503_in_the_apis_own_shape(full: Any, api: str) -> None:
    client, _ = full
    path, token, names_the_limit = READS[api]
    answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 503, answer.text
    assert names_the_limit(answer.json()), answer.text
    # The kept sandbox was used moments ago, so it goes idle in about IDLE seconds.
    assert IDLE - 60 <= int(answer.headers["Retry-After"]) <= IDLE


def test_the_kept_sandbox_is_untouched_and_the_newcomer_left_nothing(full: Any) -> None:
    client, exported = full
    for path, token, _ in READS.values():
        client.get(path, headers={"Authorization": f"Bearer {token}"})
    again = client.get("/_sandbox/state", headers={"Authorization": "Bearer limit_kept_key"})
    assert again.content == exported
    assert client.get("/_sandbox/state", headers={"Authorization": f"Bearer {NEW_KEY}"}).status_code == 503
