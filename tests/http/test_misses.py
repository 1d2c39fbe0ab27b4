"""A path no documented route matches is answered with where it was likely meant
(``http/operations/misses.py``), in the API's own error shape."""

from __future__ import annotations

import re
import sys
import time

import pytest
from connexion import AsyncApp

from mockserver.apis.adapters import mount_of
from mockserver.documents.resources import load_yaml, spec_path
from mockserver.http.operations.misses import nearest, outside, within
from mockserver.http.operations.routes import HTTP_METHODS, MethodIndex
from mockserver.server.settings import KNOWN_APIS
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

BOOKINGS = MethodIndex(
    {
        "/v1/bookings": {"get": {}, "post": {}},
        "/v1/bookings/{bookingID}": {"get": {}},
        "/v1/services/{serviceID}/time-slots": {"get": {}},
    }
)
CLASSES = MethodIndex({"/classes": {"get": {}}, "/bookings/{booking_id}/cancel": {"post": {}}})
APIS = [("/reservekit", BOOKINGS), ("/bardge/v3", CLASSES)]


@pytest.mark.parametrize(
    ("path", "meant"),
    [
        ("/v1/booking", "/v1/bookings"),
        ("/v1/Bookings", "/v1/bookings"),
        ("/v1/booking/31", "/v1/bookings/31"),
        ("/v1/services/7/timeslots", "/v1/services/7/time-slots"),
        ("/v2/bookings", "/v1/bookings"),
        ("/customers", None),
        ("/v1/bookings/31/history/all", None),
    ],
)
def test_the_nearest_documented_path_is_named_with_the_paths_own_ids(path: str, meant: str | None) -> None:
    assert nearest(BOOKINGS, path) == meant


LIFECYCLE = MethodIndex(
    {
        "/api/v1/bookings/{booking_id}": {"get": {}},
        "/api/v1/bookings/{booking_id}/cancel": {"post": {}},
        "/api/v1/bookings/{booking_id}/edit-participants": {"post": {}},
    }
)
MERCHANT = MethodIndex({"/bookings/customer": {"post": {}}, "/bookings/calendar/events": {"get": {}}})
CREDITS = MethodIndex(
    {"/classes": {"get": {}}, "/credits/packages": {"get": {}}, "/credits/purchase": {"post": {}}}
)


@pytest.mark.parametrize(
    ("index", "path", "meant"),
    [
        # A verb the path does not take: its booking (it was the booking's sibling, ``/customer``).
        (BOOKINGS, "/v1/bookings/31/cancel", "/v1/bookings/31"),
        (LIFECYCLE, "/api/v1/bookings/5/edit", "/api/v1/bookings/5"),  # it was ".../5/cancel"
        # The vendor's path without the API's own first segments (it was ".../bookings/cancel").
        (LIFECYCLE, "/v1/bookings/5/cancel", "/api/v1/bookings/5/cancel"),
        (MERCHANT, "/calendar/events", "/bookings/calendar/events"),
        (CREDITS, "/credits", "/credits/packages"),  # a collection named by its first word
        (LIFECYCLE, "/api/v1/bookings/5/participants", "/api/v1/bookings/5/edit-participants"),
        (BOOKINGS, "/v1/services/7/slots", "/v1/services/7/time-slots"),
        (MERCHANT, "/events", None),  # one segment is too little to place
    ],
)
def test_a_path_a_segment_off_a_documented_one_is_named_as_that_one(
    index: MethodIndex, path: str, meant: str | None
) -> None:
    assert nearest(index, path) == meant


def test_a_path_longer_than_any_meant_is_compared_with_nothing() -> None:
    assert nearest(BOOKINGS, "/v1/bookings" + "x" * 300) is None


def test_within_an_api_at_the_root_a_path_with_its_usual_mount_names_its_own() -> None:
    """``serve --root --api reservekit-v1``, called with the URLs the mounted server answers."""
    assert within("", BOOKINGS, "/reservekit/v1/bookings/31") == (
        "no path /reservekit/v1/bookings/31 in this API; did you mean /v1/bookings/31?"
    )
    assert (
        within("", CLASSES, "/bardge/v3/classes")
        == "no path /bardge/v3/classes in this API; did you mean /classes?"
    )


def test_within_an_api_the_miss_names_the_path_meant_or_the_apis_docs() -> None:
    assert within("/reservekit", BOOKINGS, "/v1/booking") == (
        "no path /reservekit/v1/booking in this API; did you mean /reservekit/v1/bookings?"
    )
    assert (
        within("/reservekit", BOOKINGS, "/v1")
        == "no path /reservekit/v1 in this API; its paths are listed at /reservekit/ui/"
    )


@pytest.mark.parametrize(("prefix", "path"), [("/reservekit", "/"), ("/reservekit", ""), ("", "/")])
def test_the_apis_root_is_said_to_be_its_base_url(prefix: str, path: str) -> None:
    """``serve``'s banner names each API at its base URL (``…/reservekit/``); opened, it had said
    "no path /reservekit/ in this API", as if the banner had named a wrong one."""
    assert within(prefix, BOOKINGS, path) == (
        f"{prefix}/ is this API's base URL, not one of its paths: they are listed at {prefix}/ui/"
        f" (its spec at {prefix}/openapi.json)"
    )


@pytest.mark.parametrize(
    ("path", "meant"),
    [
        ("/v1/bookings", "/reservekit/v1/bookings"),  # the vendor's own path, without the mount
        ("/v1/bookings/31", "/reservekit/v1/bookings/31"),
        ("/ReserveKit/v1/bookings", "/reservekit/v1/bookings"),
        ("/bardge/v2/classes", "/bardge/v3/classes"),
        ("/bardge/classes", "/bardge/v3/classes"),
        ("/v3/bookings/bkg_1/cancel", "/bardge/v3/bookings/bkg_1/cancel"),
    ],
)
def test_outside_every_mount_the_miss_names_the_api_path_meant(path: str, meant: str) -> None:
    assert outside(APIS, path) == f"no API is mounted at {path}; did you mean {meant}?"


def test_outside_every_mount_an_api_that_has_the_path_is_named_before_one_with_a_path_like_it() -> None:
    near, exact = MethodIndex({"/v1/booking": {"get": {}}}), MethodIndex({"/v1/bookings": {"get": {}}})
    said = outside([("/first", near), ("/second", exact)], "/v1/bookings")
    assert said == "no API is mounted at /v1/bookings; did you mean /second/v1/bookings?"


def test_outside_every_mount_with_nothing_near_the_mounts_are_listed() -> None:
    assert outside(APIS, "/favicon.ico", front_page=True) == (
        "no API is mounted at /favicon.ico; the APIs are at /reservekit/, /bardge/v3/ (GET / lists them, with their docs)"
    )
    # A server with no front page (vendor-only) sends nobody to its GET /, a 404 too.
    assert outside(APIS, "/favicon.ico", front_page=False).endswith("(each lists its paths at its ui/)")


def test_each_apis_404_for_a_miss_says_where_it_was_meant_in_its_own_shape(http: TestClient) -> None:
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    answers = {path: http.get(path, headers=bearer) for path in MISSES}
    for path, answer in answers.items():
        assert answer.status_code == 404, (path, answer.text)
        assert MISSES[path] in answer.text, (path, answer.text)
    # Each API's own word for a miss comes first, as before.
    assert answers["/reservekit/v1/booking"].json()["error"].startswith("not found: no path")
    assert answers["/merchant/booking/customer"].json()["error"]["code"] == "not_found"
    assert answers["/bardge/v3/clases"].json()["message"].startswith("no such endpoint: no path")
    assert answers["/v1/bookings"].headers["content-type"] == "application/problem+json"


MISSES = {
    "/reservekit/v1/booking": "did you mean /reservekit/v1/bookings?",
    "/reservekit/v1/services/1/timeslots": "did you mean /reservekit/v1/services/1/time-slots?",
    "/merchant/booking/customer": "did you mean /merchant/bookings/customer?",
    "/lifecycle/v1/bookings": "its paths are listed at /lifecycle/ui/",
    "/bardge/v3/clases": "did you mean /bardge/v3/classes?",
    "/v1/bookings": "no API is mounted at /v1/bookings; did you mean /reservekit/v1/bookings?",
    "/api/v1/bookings/instant": "did you mean /lifecycle/api/v1/bookings/instant?",
    "/bardge/v2/classes": "did you mean /bardge/v3/classes?",
    "/merchant/calendar/events": "did you mean /merchant/bookings/calendar/events?",
    "/reservekit/v1/bookings/1/cancel": "did you mean /reservekit/v1/bookings/1?",
    "/bardge/v3/credits": "did you mean /bardge/v3/credits/packages?",
}


def test_a_documented_path_answered_404_by_its_handler_is_not_called_a_miss(http: TestClient) -> None:
    answer = http.get("/reservekit/v1/bookings/999999", headers={"Authorization": f"Bearer {API_KEY}"})
    assert answer.json() == {"data": None, "error": "booking not found"}


def test_an_id_longer_than_python_reads_is_a_miss_on_every_path_never_a_500(
    app: AsyncApp, http: TestClient
) -> None:
    """Starlette's convertor took any run of digits as an integer id, then ``int()`` refused
    one past Python's 4,300 digits: a 500 on every path with an integer id, through the index
    and, with a final slash, through Starlette's routers. No route has such a path now."""
    longer = "9" * (sys.get_int_max_str_digits() + 1)
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    for api in app.middleware.apis:
        for template, operations in api.specification["paths"].items():
            path = api.base_path + re.sub(r"\{[^}]+\}", longer, template)
            for method in (m.upper() for m in operations if m in HTTP_METHODS) if "{" in template else ():
                for slash in ("", "/"):
                    answer = http.request(method, path + slash, headers=bearer)
                    assert answer.status_code < 500, (method, template, answer.text)
    answer = http.get(f"/reservekit/v1/bookings/{longer}", headers=bearer)
    assert (answer.status_code, answer.json()) == (404, {"data": None, "error": "not found"})
    answer = http.delete(f"/_sandbox/webhooks/{longer}", headers=bearer)
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found")


def test_a_miss_as_long_as_a_request_head_allows_is_answered_at_once(http: TestClient) -> None:
    began = time.perf_counter()
    answer = http.get("/v1/" + "booking" * 4000)
    assert answer.status_code == 404
    assert "the APIs are at" in answer.json()["detail"]
    assert time.perf_counter() - began < 2


def test_the_control_apis_misses_say_where_they_were_meant_and_its_pages_misses_do_not(
    http: TestClient,
) -> None:
    """A mistyped control path (``/_sandbox/clocks``, ``/_sandbox/clock/advanced``) was "no such
    control endpoint" and nothing more; the dashboard's and docs' own misses name no route."""
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    said = {
        path: http.request(method, path, headers=bearer, json={}).json()["detail"]
        for method, path in [
            ("GET", "/_sandbox/clocks"),
            ("POST", "/_sandbox/clock/advanced"),
            ("GET", "/_sandbox/Journal"),
            ("GET", "/_sandbox/webhook/3/delivery"),
            ("GET", "/_sandbox/nothing/like/it"),
            ("GET", "/_sandbox/dashbord"),  # a page, not a route: it was "listed at /_sandbox/ui/"
        ]
    }
    assert said == {
        "/_sandbox/clocks": "no such control endpoint: no path /_sandbox/clocks in this API; did you mean /_sandbox/clock?",
        "/_sandbox/clock/advanced": "no such control endpoint: no path /_sandbox/clock/advanced in this API; "
        "did you mean /_sandbox/clock/advance?",
        "/_sandbox/Journal": "no such control endpoint: no path /_sandbox/Journal in this API; did you mean /_sandbox/journal?",
        "/_sandbox/webhook/3/delivery": "no such control endpoint: no path /_sandbox/webhook/3/delivery in this API; "
        "did you mean /_sandbox/webhooks/3/deliveries?",
        "/_sandbox/nothing/like/it": "no such control endpoint: no path /_sandbox/nothing/like/it in this API; "
        "its paths are listed at /_sandbox/ui/",
        "/_sandbox/dashbord": "no such control endpoint: no path /_sandbox/dashbord in this API; "
        "did you mean /_sandbox/dashboard/?",
    }
    for page in ("/_sandbox/dashboard/nothing", "/_sandbox/ui/nothing"):
        answer = http.get(page)
        assert answer.status_code == 404, page
        assert "no path" not in answer.text, (page, answer.text)
    # It was "no such control endpoint" and nothing more.
    assert http.get("/_sandbox/dashboard/index.html").json()["detail"] == (
        "no such control endpoint: no page /_sandbox/dashboard/index.html in the dashboard, which is "
        "one page, at /_sandbox/dashboard/"
    )


def test_a_control_call_with_the_wrong_method_says_which_the_path_takes(http: TestClient) -> None:
    """``POST /_sandbox/state`` (an import is ``PUT``) said "method not allowed" and nothing more
    than its ``Allow`` header; the vendors' APIs keep their own words."""
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    imported = http.post("/_sandbox/state", headers=bearer, json={})
    assert (imported.status_code, imported.headers["allow"]) == (405, "GET, HEAD, PUT")
    assert imported.json()["detail"] == "POST is not a method of this path, which takes GET, HEAD, PUT"
    assert imported.json()["code"] == "method_not_allowed"
    vendor = http.put("/reservekit/v1/bookings", headers=bearer, json={})
    assert (vendor.status_code, vendor.json()) == (405, {"data": None, "error": "method not allowed"})


@pytest.mark.parametrize("api", [*KNOWN_APIS, "sandbox-control"])
def test_every_method_a_405s_allow_names_is_one_the_path_answers(http: TestClient, api: str) -> None:
    """``Allow`` listed the documented methods and not ``HEAD``, which every GET path answers:
    a client trusting it never learnt it could ask for a resource's headers alone (RFC 9110)."""
    bearer = {"Authorization": f"Bearer {API_KEY}"}
    mount = "/_sandbox" if api == "sandbox-control" else mount_of(api)
    for template in load_yaml(spec_path(api))["paths"]:
        path = mount + re.sub(r"\{[^}]+\}", "1", template)
        refused = next(
            answer
            for method in ("PATCH", "PUT", "DELETE", "POST", "GET")
            if (answer := http.request(method, path, headers=bearer)).status_code == 405
        )
        advertised = refused.headers["allow"].split(", ")
        assert ("HEAD" in advertised) is ("GET" in advertised), (path, advertised)
        for method in advertised:
            assert http.request(method, path, headers=bearer).status_code != 405, (path, method)
