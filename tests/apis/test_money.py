"""Prices on the wire in a world of another currency: each API writes a yen price as yen and a
dinar's with three decimals, as ISO 4217 gives them, and every answer still meets its spec
(the server checks each one it sends)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.resources import world_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START, TODAY

KEY = "money_sandbox_key_1"
# The default world's Deep Tissue Massage: 8500 minor units.
PRICE_MINOR = 8500


@pytest.fixture(params=["JPY", "KWD"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, TestClient]]:
    """A server whose world prices in ``request.param``: the default world, its currency changed."""
    currency = request.param
    world = tmp_path / "world.yaml"
    world.write_text(
        world_path().read_text(encoding="utf-8").replace("currency: USD", f"currency: {currency}")
    )
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "world": str(world), "start_at": START, "frozen": True},
        environ={},
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield currency, client


def _tokens(http: TestClient, api: str) -> dict[str, Any]:
    answer = http.get(
        "/_sandbox/target-data", params={"api": api}, headers={"Authorization": f"Bearer {KEY}"}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()[api]  # type: ignore[no-any-return]


def test_the_lifecycle_api_writes_major_units_at_the_currencys_decimals(
    served: tuple[str, TestClient],
) -> None:
    currency, http = served
    token = _tokens(http, "lifecycle")["tokens"]["customer"]
    listed = http.get("/lifecycle/api/v1/services", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200, listed.text
    price = listed.json()["data"][0]["attributes"]["price"]
    assert price == {"amount": {"JPY": "8500", "KWD": "8.500"}[currency], "currency": currency}


def test_the_merchant_api_formats_a_price_as_its_currency_is_read(served: tuple[str, TestClient]) -> None:
    currency, http = served
    data = _tokens(http, "merchant")
    customer = {"Authorization": f"Bearer {data['tokens']['customer']}"}
    service = next(s for s in data["services"] if s["kind"] == "appointment")
    day = TODAY + timedelta(days=(7 - TODAY.weekday()) % 7 + 14)
    for hour in range(14, 22):
        body = {
            "merchant_name": data["merchant_name"],
            "service_id": service["id"],
            "location_id": service["location_id"],
            "timeStamp": f"{day.isoformat()}T{hour:02d}:00:00Z",
        }
        made = http.post("/merchant/bookings/customer", json=body, headers=customer)
        if made.status_code == 201:
            break
    assert made.status_code == 201, made.text
    shown = http.get(made.headers["Location"], headers=customer)
    assert shown.status_code == 200, shown.text
    assert shown.json()["price"] == {
        "amount": PRICE_MINOR,
        "currency": currency,
        "formatted": {"JPY": "¥8,500", "KWD": "KWD8.500"}[currency],
    }
