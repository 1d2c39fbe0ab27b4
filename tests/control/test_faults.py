"""Fault rules: matched by API, method and path; error bodies in the API's own shape; per sandbox."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.conftest import API_KEY, OTHER_KEY, ApiClient

SERVICES = "/v1/services*"


def add(control: Any, **rule: Any) -> dict[str, Any]:
    return control(API_KEY).ok("POST", "/faults", json=rule)  # type: ignore[no-any-return]


def test_an_error_rule_answers_in_the_api_s_own_error_shape_then_is_spent(
    api: ApiClient, control: Any
) -> None:
    rule = add(control, api="reservekit-v1", method="GET", path=SERVICES, kind="error", status=503, count=1)
    injected = api.get("/services")
    assert injected.status_code == 503
    assert injected.json() == {"data": None, "error": "service unavailable"}
    assert api.get("/services").status_code == 200
    assert control(API_KEY).ok("GET", f"/faults/{rule['id']}")["fired"] == 1


def test_a_rule_added_counts_at_the_next_request_and_is_read_without_a_thread(
    api: ApiClient, control: Any, hops: list[str]
) -> None:
    # On PostgreSQL every request reads the rules (no counter keeps them): on the event loop.
    for _ in range(3):
        assert api.get("/services").status_code == 200
    add(control, method="GET", path=SERVICES, kind="error", status=503)
    assert api.get("/services").status_code == 503
    assert not [hop for hop in hops if hop.startswith("FaultBook.rules")], hops


def test_rules_match_method_and_path_only(api: ApiClient, control: Any) -> None:
    add(control, method="POST", path="/v1/bookings", kind="error", status=500)
    assert api.get("/services").status_code == 200
    assert api.book().status_code == 500


def test_a_path_written_with_its_mount_matches_as_one_below_it(api: ApiClient, control: Any) -> None:
    """``faults add --path /reservekit/v1/services`` was taken, listed, and never fired: a rule's
    path is below the mount, a journal filter's with or below it, and a person writes either."""
    add(control, path="/reservekit/v1/services", kind="error", status=503, count=1)
    add(control, path="/merchant/*", kind="error", status=500)  # another API's mount: not this one's
    assert api.get("/bookings/1").status_code != 503
    assert api.get("/services").status_code == 503
    assert api.get("/services").status_code == 200


def test_faults_belong_to_one_sandbox(api: ApiClient, other_api: ApiClient, control: Any) -> None:
    add(control, kind="error", status=502)
    assert api.get("/services").status_code == 502
    assert other_api.get("/services").status_code == 200


def test_a_rate_limit_answers_429_with_retry_after_past_its_limit(api: ApiClient, control: Any) -> None:
    add(control, path="/v1/services", kind="rate_limit", limit=2, window_seconds=60)
    assert [api.get("/services").status_code for _ in range(3)] == [200, 200, 429]
    limited = api.get("/services")
    assert limited.json() == {"data": None, "error": "rate limit exceeded"}
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # ReserveKit's own rate-limit headers, as its rate-limits guide lists them.
    assert (limited.headers["X-RateLimit-Limit"], limited.headers["X-RateLimit-Remaining"]) == ("2", "0")
    reset = int(limited.headers["X-RateLimit-Reset"]) - time.time()
    assert abs(reset - int(limited.headers["Retry-After"])) <= 1


def test_every_answer_a_rate_limit_counts_says_where_it_stands(api: ApiClient, control: Any) -> None:
    """ReserveKit's guide: "the response headers include information about your current rate limit
    status". A client that throttles itself reads them from every answer; only a 429 had them."""
    add(control, path="/v1/services", kind="rate_limit", limit=3, window_seconds=60)
    answers = [api.get("/services") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"3"}
    assert len({a.headers["X-RateLimit-Reset"] for a in answers}) == 1, "one window"
    assert 58 <= int(answers[0].headers["X-RateLimit-Reset"]) - time.time() <= 61
    assert "Retry-After" not in answers[0].headers
    assert "X-RateLimit-Limit" not in api.get("/services/1").headers, "a path the rule does not match"
    journaled = control(API_KEY).ok("GET", "/journal", params={"limit": 10})["entries"]
    served = [e for e in journaled if e["path"].endswith("/v1/services") and e["status"] == 200]
    assert len(served) == 3, journaled
    assert all("x-ratelimit-remaining" in map(str.lower, e["response"]["headers"]) for e in served)


def test_where_two_rate_limits_count_a_request_its_answer_speaks_of_the_tighter(
    api: ApiClient, control: Any
) -> None:
    """The user's loose limit first, a tight one after (the kit's RK-RATE-LIMIT adds one to a
    sandbox that may have its own): the 429 the tight one gave said 38 remaining of 40."""
    add(control, path="/v1/services", kind="rate_limit", limit=40, window_seconds=60)
    add(control, path="/v1/services", kind="rate_limit", limit=2, window_seconds=60)
    answers = [api.get("/services") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    said = [(a.headers["X-RateLimit-Limit"], a.headers["X-RateLimit-Remaining"]) for a in answers]
    assert said == [("2", "1"), ("2", "0"), ("2", "0")]


def test_a_rate_limit_window_reopens(api: ApiClient, control: Any) -> None:
    # A window of real seconds: long enough that two requests fit in it on a loaded machine
    # (0.3 s did not always, nor 1 s while the first request also seeded the sandbox's world),
    # short enough to wait out.
    assert api.get("/services").status_code == 200  # seeded before the window opens
    add(control, path="/v1/services", kind="rate_limit", limit=1, window_seconds=2)
    assert [api.get("/services").status_code for _ in range(2)] == [200, 429]
    time.sleep(2.05)
    assert api.get("/services").status_code == 200


def test_fixed_latency_delays_the_answer(api: ApiClient, control: Any) -> None:
    add(control, kind="latency", distribution="fixed", ms=250)
    started = time.perf_counter()
    assert api.get("/services").status_code == 200
    assert time.perf_counter() - started >= 0.25


@pytest.mark.parametrize(
    "rule",
    [
        {"distribution": "uniform", "min_ms": 50, "max_ms": 80},
        {"distribution": "lognormal", "median_ms": 60, "sigma": 0.1},
    ],
)
def test_random_latencies_stay_in_their_range(api: ApiClient, control: Any, rule: dict[str, Any]) -> None:
    add(control, kind="latency", **rule)
    started = time.perf_counter()
    api.get("/services")
    assert 0.04 <= time.perf_counter() - started < 1.5


def test_probability_zero_never_fires(api: ApiClient, control: Any) -> None:
    rule = add(control, kind="error", status=500, probability=0)
    assert all(api.get("/services").status_code == 200 for _ in range(5))
    assert control(API_KEY).ok("GET", f"/faults/{rule['id']}")["fired"] == 0


def test_rules_are_listed_removed_one_by_one_and_cleared(control: Any) -> None:
    first = add(control, kind="drop")
    second = add(control, kind="error", status=500)
    ctl = control(API_KEY)
    assert [f["id"] for f in ctl.ok("GET", "/faults")["faults"]] == [first["id"], second["id"]]
    assert ctl.delete(f"/faults/{first['id']}").status_code == 204
    assert [f["id"] for f in ctl.ok("GET", "/faults")["faults"]] == [second["id"]]
    assert control(OTHER_KEY).delete(f"/faults/{second['id']}").status_code == 404
    assert ctl.delete("/faults").status_code == 204
    assert ctl.ok("GET", "/faults")["faults"] == []


@pytest.mark.parametrize(
    ("rule", "field", "reason"),
    [
        ({"kind": "error"}, "status", "required by an error rule"),
        ({"kind": "latency"}, "distribution", "latency needs a distribution: fixed with ms; uniform with"),
        # Two distributions' parameters: which one is meant is not guessed.
        ({"kind": "latency", "ms": 5, "sigma": 1}, "distribution", "lognormal with median_ms and sigma"),
        ({"kind": "latency", "distribution": "uniform", "min_ms": 9, "max_ms": 3}, "min_ms", ""),
        ({"kind": "rate_limit", "limit": 3}, "window_seconds", "required by a rate limit rule"),
        ({"kind": "drop", "status": 500}, "status", "not used by a drop rule"),
        ({"kind": "error", "status": 500, "path": "v1/services"}, "path", ""),
    ],
)
def test_bad_rules_name_the_field_and_add_nothing(
    control: Any, rule: dict[str, Any], field: str, reason: str
) -> None:
    refused = control(API_KEY).post("/faults", json=rule)
    assert refused.status_code == 422, refused.text
    reasons = {p["name"]: p["reason"] for p in refused.json()["invalid_params"]}
    assert reason in reasons[field]
    assert control(API_KEY).ok("GET", "/faults")["faults"] == []


@pytest.mark.parametrize(
    ("given", "distribution"),
    [
        ({"ms": 250}, "fixed"),
        ({"min_ms": 5, "max_ms": 9}, "uniform"),
        ({"median_ms": 60, "sigma": 0.1}, "lognormal"),
    ],
)
def test_a_latency_given_one_distributions_parameters_is_that_distribution(
    control: Any, given: dict[str, Any], distribution: str
) -> None:
    """``faults add --kind latency --ms 250`` was refused twice over: no distribution, and ``ms``
    "not used by a latency rule", where the flag's help says it is the fixed delay."""
    added = add(control, kind="latency", **given)
    assert added["distribution"] == distribution
    assert {name: added[name] for name in given} == given
    assert control(API_KEY).ok("GET", f"/faults/{added['id']}")["distribution"] == distribution


def test_schema_errors_are_400_problem_details(control: Any) -> None:
    refused = control(API_KEY).post("/faults", json={"kind": "explode"})
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"


def test_an_error_after_handling_makes_the_change_and_loses_its_answer(api: ApiClient, control: Any) -> None:
    """The failure a client's retry must survive: the vendor booked, and the answer never came
    back. ``when: before`` (the default) changes nothing."""
    page = {"service_id": 1, "page": 1, "page_size": 100}
    count = api.get("/bookings", params=page).json()["data"]["pagination"]["total_count"]
    before = add(control, method="POST", path="/v1/bookings", kind="error", status=503, count=1)
    refused = api.book(slot_id=2, customer_email="lost@example.com")
    assert (refused.status_code, refused.json()) == (503, {"data": None, "error": "service unavailable"})
    assert api.get("/bookings", params=page).json()["data"]["pagination"]["total_count"] == count
    assert control(API_KEY).request("DELETE", f"/faults/{before['id']}").status_code == 204

    add(control, method="POST", path="/v1/bookings", kind="error", status=503, count=1, when="after")
    lost = api.book(slot_id=2, customer_email="lost@example.com")
    assert (lost.status_code, lost.json()) == (503, {"data": None, "error": "service unavailable"})
    listed = api.get("/bookings", params=page).json()["data"]
    assert listed["pagination"]["total_count"] == count + 1, "the change was made"
    assert listed["bookings"][-1]["customer"]["email"] == "lost@example.com"
    retried = api.book(slot_id=2, customer_email="lost@example.com")
    assert (retried.status_code, retried.json()["error"]) == (400, "duplicate booking"), retried.text
    entry = next(e for e in control(API_KEY).ok("GET", "/journal")["entries"] if e["status"] == 503)
    assert entry["fault"]["kind"] == "error"
    assert entry["response"]["body"] == '{"data": null, "error": "service unavailable"}'
    assert "lost@example.com" in entry["request"]["body"], "the request's body, as the handler read it"


def test_when_is_said_of_error_and_drop_rules_only(control: Any) -> None:
    latency = control(API_KEY).post(
        "/faults", json={"kind": "latency", "distribution": "fixed", "ms": 1, "when": "after"}
    )
    assert latency.status_code == 422
    assert latency.json()["invalid_params"] == [
        {"name": "when", "reason": "not used by a fixed latency rule"}
    ]
    wrong = control(API_KEY).post("/faults", json={"kind": "drop", "when": "later"})
    assert wrong.status_code == 400, wrong.text
    assert add(control, kind="drop", when="after")["when"] == "after"


PROBE = "SCHEMATHESIS-INVALID-VALUE"  # Schemathesis' credential for "is authentication enforced?"
# Each API's index read, and a token of that API's own form carrying the probe's key.
API_READS = {
    "/reservekit/v1/services": None,  # a ReserveKit key is its whole token: the probe is none
    "/merchant/bookings/calendar/events?start=2027-01-11T00:00:00Z&end=2027-01-12T00:00:00Z": (
        f"merchant.nobody.{PROBE}"
    ),
    "/lifecycle/api/v1/services": f"customer.00000000-0000-4000-8000-000000000000.{PROBE}",
    "/bardge/v3/classes": f"reseller.nobody.{PROBE}",
}


@pytest.mark.parametrize("path", API_READS)
def test_a_token_not_of_the_apis_form_opens_no_sandbox_whose_rules_could_fire(
    http: Any, control: Any, path: str
) -> None:
    """The control API reads any bearer as a sandbox's key, Schemathesis' invalid credential
    too: Schemathesis run against it added a drop rule to that sandbox, and every later "is
    authentication enforced?" probe of an API was dropped unanswered, a kit run on a correct
    sandbox failed on every operation. An API reads its own token's form: the probe is its 401.
    (A drop rule did it; an error rule is what an in-process client can see fire.)"""
    control(PROBE).ok("POST", "/faults", json={"kind": "error", "status": 503})
    probed = http.get(path, headers={"Authorization": f"Bearer {PROBE}"})
    assert probed.status_code == 401, probed.text
    assert control(PROBE).ok("GET", "/journal")["entries"] == []
    assert control(PROBE).ok("GET", "/faults")["faults"][0]["fired"] == 0
    # A token of the API's form names the sandbox, whatever the API makes of the rest of it.
    if (token := API_READS[path]) is not None:
        assert http.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 503
