"""ReserveKit's paged lists of services and time slots, as the vendor's guides describe them:
walked page by page each item is listed once, as many as ``total_count`` says, and the three
ways to read a service's time slots agree."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import Api, ok

# A walk of one item a page stops here on an account holding thousands.
PAGES_WALKED = 60


def test_pages_services_and_time_slots_walk_each_item_once(api: Api) -> None:
    services = _walk(api, "/v1/services", "services", {}, page_size=1)
    if not services:
        pytest.skip("the account lists no services to walk")
    service = services[0]["id"]
    slots = _walk(api, "/v1/time-slots", "time_slots", {"service_id": service}, page_size=2)
    with rule("RK-LIST-PAGES"):
        assert {slot["service_id"] for slot in slots} <= {service}, "time slots of another service listed"


def test_time_slots_the_paged_unpaged_and_per_service_lists_agree(api: Api) -> None:
    services = ok(api.get("/v1/services", params={"page": 1, "page_size": 5}))["data"]["services"]
    if not services:
        pytest.skip("the account lists no services")
    for service in services[:2]:
        query = {"service_id": service["id"]}
        walked = _walk(api, "/v1/time-slots", "time_slots", query, page_size=3)
        unpaged = ok(api.get("/v1/time-slots", params={**query, "no_pagination": "true"}))["data"][
            "time_slots"
        ]
        alternative = ok(api.get(f"/v1/services/{service['id']}/time-slots"))["data"]
        with rule("RK-TIME-SLOTS-AGREE"):
            ids = sorted(slot["id"] for slot in walked)
            assert sorted(slot["id"] for slot in unpaged) == ids, (
                "no_pagination=true lists other slots than the pages"
            )
            assert sorted(slot["id"] for slot in alternative) == ids, (
                f"/v1/services/{service['id']}/time-slots lists other slots than ?service_id="
            )
            assert {slot["service_id"] for slot in (*unpaged, *alternative)} <= {service["id"]}


def _walk(api: Api, path: str, field: str, query: dict[str, Any], *, page_size: int) -> list[dict[str, Any]]:
    """Every item of the list, page by page, each page and the whole held to ``pagination``."""
    seen: list[dict[str, Any]] = []
    page, pages = 1, 1
    while page <= min(pages, PAGES_WALKED):
        body = ok(api.get(path, params={**query, "page": page, "page_size": page_size}))["data"]
        paging, items = body["pagination"], body[field]
        with rule("RK-LIST-PAGES"):
            assert (paging["current_page"], paging["page_size"]) == (page, page_size), paging
            assert paging["total_pages"] == -(-paging["total_count"] // page_size), paging
            expected = max(0, min(page_size, paging["total_count"] - page_size * (page - 1)))
            assert len(items) == expected, (
                f"page {page} of {path} holds {len(items)}, pagination says {paging}"
            )
            again = {item["id"] for item in items} & {item["id"] for item in seen}
            assert not again, f"{path}: listed again on page {page}: {sorted(again)}"
        seen += items
        pages, page = paging["total_pages"], page + 1
    if pages <= PAGES_WALKED:
        with rule("RK-LIST-PAGES"):
            total = paging["total_count"]
            assert len(seen) == total, (
                f"{path}: total_count says {total}; walked to its end, it has {len(seen)}"
            )
    return seen
