"""Bardge's catalogue lists, a page at a time: walked one item a page with ``starting_after``,
each list gives each item once and in the order one long page gives them, and ``has_more`` is
false exactly on the last page."""

from __future__ import annotations

from typing import Any

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import Api, ok
from contract_tests.rules.bardge_reseller import Reseller

# The lists that take `limit` and `starting_after` and need no id of another resource.
LISTS = ("/passes", "/providers", "/classes/categories", "/classes", "/credits/packages", "/lookup/issuers")
# The most any documented page holds (`limit`'s maximum); a longer list is walked that far.
LONGEST_PAGE = 100


def test_pages_every_catalogue_list_walked_one_at_a_time_lists_each_item_once(reseller: Reseller) -> None:
    for path in LISTS:
        whole = ok(reseller.api.get(path, params={"limit": LONGEST_PAGE}))
        expected = [item["id"] for item in whole["data"]]
        walked = _walk(reseller.api, path, steps=len(expected) + 1)
        with rule("BG-LIST-PAGES"):
            assert len(expected) <= LONGEST_PAGE, (
                f"{path}: a page of limit {LONGEST_PAGE} holds {len(expected)}"
            )
            if whole["has_more"]:
                assert len(expected) == LONGEST_PAGE, f"{path}: has_more on a short page of {len(expected)}"
                walked = walked[:LONGEST_PAGE]
            assert walked == expected, (
                f"{path}: one a page lists {walked}; one page of {LONGEST_PAGE}: {expected}"
            )


def _walk(api: Api, path: str, *, steps: int) -> list[Any]:
    seen: list[Any] = []
    params: dict[str, Any] = {"limit": 1}
    for _ in range(min(steps, LONGEST_PAGE + 1)):
        page = ok(api.get(path, params=params))
        ids = [item["id"] for item in page["data"]]
        with rule("BG-LIST-PAGES"):
            assert len(ids) <= 1, f"{path}: a page of limit 1 holds {len(ids)}"
            again = [i for i in ids if i in seen]
            assert not again, (
                f"{path}: listed again after starting_after={params.get('starting_after')}: {again}"
            )
        seen += ids
        if not page["has_more"]:
            break
        with rule("BG-LIST-PAGES"):
            assert ids, f"{path}: an empty page says more follow"
        params = {"limit": 1, "starting_after": ids[-1]}
    return seen
