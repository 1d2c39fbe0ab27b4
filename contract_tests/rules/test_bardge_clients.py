"""Bardge's rules about clients: only a verified lookup makes a client token that books, and a
client's bookings walk page by page, each once."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import ok
from contract_tests.rules.bardge_reseller import Reseller

# A walk of one booking a page stops here on a target holding thousands for the client.
PAGES_WALKED = 100


def test_verified_only_a_verified_lookup_makes_a_client_token(reseller: Reseller) -> None:
    code = str(reseller.run.data.of("bardge-v3").get("verification_code") or "")
    if not code:
        pytest.skip("needs a lookup the kit can verify: add bardge-v3.verification_code to --target-data")
    instance = reseller.instances()[0]
    lookup = reseller.lookup()
    wrong = "".join("1" if digit != "1" else "2" for digit in code)
    # The engine reads every lookup answered here for BG-TOKEN-AFTER-VERIFY.
    with rule("BG-VERIFIED-CLIENT"):
        refused = reseller.api.post(f"/lookup/{lookup}/verify", json={"code": wrong})
        assert refused.status_code in (400, 403, 422), f"a wrong code verified the lookup: {refused.text}"
        assert "client_token" not in refused.json(), f"a wrong code was given a client token: {refused.text}"
        forged = reseller.initiate(f"ctok_{'0' * 32}", instance)
        assert forged.status_code in (400, 401, 403, 404, 422), (
            f"a made-up client token booked: {forged.text}"
        )
        verified = ok(reseller.api.post(f"/lookup/{lookup}/verify", json={"code": code}))
        reseller.booked(verified["client_token"], instance)


def test_list_a_clients_bookings_page_by_page_each_once(reseller: Reseller) -> None:
    client, instances = reseller.client(), reseller.instances()
    made = [reseller.booked(client, instance) for instance in instances[:3]]
    client_id = ok(reseller.api.get(f"/bookings/{made[0]}"))["client_id"]
    path, params = f"/clients/{client_id}/bookings", {"limit": 1}
    seen: list[str] = []
    for _ in range(PAGES_WALKED):
        page = ok(reseller.api.get(path, params=params))
        assert len(page["data"]) <= 1, f"a page of limit 1 holds {len(page['data'])}"
        again = [booking["id"] for booking in page["data"] if booking["id"] in seen]
        assert not again, f"listed again on page {len(seen) + 1}, after {params}: {again}"
        seen += [booking["id"] for booking in page["data"]]
        if not page["has_more"]:
            break
        assert page["data"], "an empty page says more follow"
        params = {"limit": 1, "starting_after": page["data"][-1]["id"]}
    else:
        pytest.skip(f"the client holds more than {PAGES_WALKED} bookings: the walk stopped there")
    assert set(made) <= set(seen), f"never listed: {sorted(set(made) - set(seen))}"
    ok(reseller.api.post(f"/bookings/{made[0]}/cancel"))
    cancelled = ok(reseller.api.get(path, params={"status": "cancelled", "limit": 100}))["data"]
    assert made[0] in [b["id"] for b in cancelled], "a cancelled booking is missing from status=cancelled"
    assert {b["status"] for b in cancelled} <= {"cancelled"}, _statuses(cancelled)


def _statuses(bookings: list[dict[str, Any]]) -> str:
    return "status=cancelled lists " + ", ".join(f"{b['id']} ({b['status']})" for b in bookings)
