"""An integrator's suite whose every request is noted beside the sandbox's own counts: run by
tests/plugin/test_coverage.py, which holds the plugin's coverage report to these notes."""

import json
import os

import httpx

MONDAY = "2027-01-11"


def client(sandbox):
    notes = os.environ["COVERAGE_NOTES"]

    def note(response):
        template = response.request.extensions.get("template")
        with open(notes, "a", encoding="utf-8") as out:
            out.write(json.dumps([f"{response.request.method} {template}", response.status_code]) + "\n")

    return httpx.Client(
        base_url=sandbox.url("reservekit"), headers=sandbox.headers(), event_hooks={"response": [note]}
    )


def call(http, method, path, template, **kwargs):
    return http.request(method, path, extensions={"template": template}, **kwargs)


def test_a_booking_and_a_full_slot(sandbox):
    with client(sandbox) as http:
        call(http, "GET", "/v1/services", "/v1/services")
        body = {"date": MONDAY, "time_slot_id": 99, "customer_email": "ada@example.com"}
        made = call(http, "POST", "/v1/bookings?service_id=3", "/v1/bookings", json=body)
        assert made.status_code == 201
        call(http, "GET", f"/v1/bookings/{made.json()['data']['id']}", "/v1/bookings/{bookingID}")


def test_a_missing_booking(sandbox):
    with client(sandbox) as http:
        assert call(http, "GET", "/v1/bookings/424242", "/v1/bookings/{bookingID}").status_code == 404
        call(http, "GET", "/v1/services", "/v1/services")
