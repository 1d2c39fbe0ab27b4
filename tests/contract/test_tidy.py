"""Tidying up: an undo that meets its thing gone is fine; any other refusal is a leftover."""

from __future__ import annotations

import requests

from contract_tests.kit.tidy import Leftover, Tidy


def answer(
    status: int, method: str = "DELETE", url: str = "https://vendor.example/v1/bookings/7"
) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.request = requests.Request(method, url).prepare()
    return response


def test_removed_or_already_gone_leaves_nothing() -> None:
    tidy = Tidy()
    for status in (200, 204, 404, 409, 410, 422):
        tidy.later(lambda status=status: answer(status), f"booking {status}")
    tidy.run_all()
    assert tidy.leftovers == []


def test_a_refused_undo_is_listed_with_how_to_remove_it() -> None:
    leftovers: list[Leftover] = []
    tidy = Tidy(leftovers)
    tidy.later(lambda: answer(403, "GET", "https://vendor.example/api/v1/bookings/b1/cancel"), "booking b1")
    tidy.later(lambda: answer(500), "booking 7")

    def unreachable() -> requests.Response:
        raise requests.ConnectionError("refused")

    tidy.later(unreachable, "booking 9")
    tidy.run_all()
    assert leftovers == [
        Leftover("booking 9", "the target did not answer (ConnectionError)", "cancel or delete it by hand"),
        Leftover("booking 7", "answered 500", "DELETE https://vendor.example/v1/bookings/7"),
        Leftover("booking b1", "answered 403", "GET https://vendor.example/api/v1/bookings/b1/cancel"),
    ]


def test_an_api_may_name_its_own_already_gone() -> None:
    tidy = Tidy()
    tidy.later(lambda: answer(403, "POST"), "booking bkg_1", (404, 403))
    tidy.run_all()
    assert tidy.leftovers == []
