"""The Bardge reseller API's rules, through its documented operations only.

Booking needs a client token from a verified lookup. Where the target data names a
verification code the target accepts (a booking-sandbox's is documented), the kit makes
its clients itself by issuing passes to new users; elsewhere pass ``--token client=TOKEN``
and the scenarios that need a second client are skipped.
"""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import Api, ok
from contract_tests.kit.run import Run
from contract_tests.rules.bardge_reseller import Reseller, code_of, gone, spa_slots, utc_day


def test_capacity_a_full_class_refuses_the_next_client(reseller: Reseller) -> None:
    instance = min(reseller.instances(), key=lambda i: i["spots_left"])
    reseller.fill(instance)
    full = reseller.initiate(reseller.client(), instance)
    reseller.refused(full, 409, "class_full")


def test_cancel_frees_a_spot_in_a_full_class(reseller: Reseller) -> None:
    instance = min(reseller.instances(), key=lambda i: i["spots_left"])
    taken = reseller.fill(instance)
    ok(reseller.api.post(f"/bookings/{taken[0]}/cancel"))
    reseller.booked(reseller.client(), instance)


def test_duplicate_one_client_cannot_book_an_instance_twice(reseller: Reseller) -> None:
    client, instance = reseller.client(), reseller.instances()[0]
    reseller.booked(client, instance)
    reseller.refused(reseller.initiate(client, instance), 409, "duplicate_booking")


def test_double_cancel_is_refused_and_changes_nothing(reseller: Reseller) -> None:
    booking_id = reseller.booked(reseller.client(), reseller.instances()[0])
    # Read before the cancel too, as a client checking on its booking does: a read served from
    # what it answered first would show the old status after the cancel.
    ok(reseller.api.get(f"/bookings/{booking_id}/status"))
    cancelled = ok(reseller.api.post(f"/bookings/{booking_id}/cancel"))["status"]
    with rule("BG-CANCEL-SHOWN"):
        shown = {
            "the cancel": cancelled,
            "GET /bookings/{id}": ok(reseller.api.get(f"/bookings/{booking_id}"))["status"],
            "GET /bookings/{id}/status": ok(reseller.api.get(f"/bookings/{booking_id}/status"))["status"],
        }
        assert set(shown.values()) == {"cancelled"}, f"after the cancel: {shown}"
    with rule("BG-CANCEL-IDEMPOTENT"):
        before = ok(reseller.api.get(f"/bookings/{booking_id}"))
        again = reseller.api.post(f"/bookings/{booking_id}/cancel")
        assert code_of(again)[1] == "permission_denied", again.text  # the document's own words
        assert ok(reseller.api.get(f"/bookings/{booking_id}")) == before


def test_idempotency_a_retry_replays_and_a_changed_body_conflicts(reseller: Reseller) -> None:
    client, instances = reseller.client(), reseller.instances()
    key = {"Idempotency-Key": f"kit-{secrets.token_hex(8)}"}
    first = reseller.initiate(client, instances[0], **key)
    replay = reseller.initiate(client, instances[0], **key)
    assert (first.status_code, replay.status_code) == (201, 201), replay.text
    assert replay.json() == first.json()
    assert replay.headers.get("Idempotent-Replayed") == "true"
    conflict = reseller.initiate(client, instances[1], **key)
    reseller.refused(conflict, 409, "idempotency_conflict")


def test_idempotency_a_rescheduling_retry_replays_and_moves_nothing_twice(reseller: Reseller) -> None:
    instances = reseller.instances()
    booking_id = reseller.booked(reseller.client(), instances[0])
    ok(reseller.api.post(f"/bookings/class/{booking_id}/confirm"))
    path, body = f"/bookings/{booking_id}/reschedule", {"class_instance_id": instances[1]["id"]}
    key = {"Idempotency-Key": f"kit-{secrets.token_hex(8)}"}
    moved = ok(reseller.api.post(path, json=body, headers=key), 201)
    reseller.tidy.later(lambda: reseller.api.post(f"/bookings/{moved['id']}/cancel"), *gone(moved["id"]))
    retried = reseller.api.post(path, json=body, headers=key)
    assert retried.status_code == 201, f"a retry of the reschedule was answered otherwise: {retried.text}"
    assert retried.json() == moved, "the retry's answer differs from the first's"
    original = ok(reseller.api.get(f"/bookings/{booking_id}"))
    assert (original["status"], original["rescheduled_to"]) == ("rescheduled", moved["id"])


def test_errors_each_error_names_its_own_http_status(reseller: Reseller, run: Run) -> None:
    client, instances = reseller.client(), reseller.instances()
    booking_id = reseller.booked(client, instances[0])
    ok(reseller.api.post(f"/bookings/{booking_id}/cancel"))
    reseller.booked(client, instances[1])
    answers = [
        run.api(None).get(f"/bookings/{booking_id}"),  # no token
        reseller.api.get(f"/bookings/bkg_{'0' * 24}"),  # no such booking
        reseller.api.post(f"/bookings/{booking_id}/cancel"),  # a second cancel
        reseller.initiate(client, instances[1]),  # the client's second booking of one instance
        reseller.api.post("/bookings/class", json={"provider_id": instances[0]["provider_id"]}),
    ]
    for answer in answers:
        assert answer.status_code >= 400, (
            f"{answer.request.method} {answer.url} was not refused: {answer.text}"
        )
        said = answer.json().get("status", answer.status_code)  # where the body names one
        assert said == answer.status_code, (
            f"a {answer.status_code} whose body says status {said}: {answer.text}"
        )


def test_transitions_a_confirmed_booking_cannot_be_confirmed_again(reseller: Reseller) -> None:
    booking_id = reseller.booked(reseller.client(), reseller.instances()[0])
    assert ok(reseller.api.post(f"/bookings/class/{booking_id}/confirm"))["status"] == "confirmed"
    reseller.refused(reseller.api.post(f"/bookings/class/{booking_id}/confirm"), 409, "invalid_state")
    ok(reseller.api.post(f"/bookings/{booking_id}/cancel"))
    assert reseller.api.post(f"/bookings/class/{booking_id}/confirm").status_code == 409


def test_reschedule_closes_the_original(reseller: Reseller) -> None:
    instances = reseller.instances()
    booking_id = reseller.booked(reseller.client(), instances[0])
    ok(reseller.api.post(f"/bookings/class/{booking_id}/confirm"))
    body = {"class_instance_id": instances[1]["id"]}
    moved = ok(reseller.api.post(f"/bookings/{booking_id}/reschedule", json=body), 201)
    reseller.tidy.later(lambda: reseller.api.post(f"/bookings/{moved['id']}/cancel"), *gone(moved["id"]))
    assert (moved["rescheduled_from"], moved["class_instance_id"]) == (booking_id, instances[1]["id"])
    original = ok(reseller.api.get(f"/bookings/{booking_id}"))
    assert (original["status"], original["rescheduled_to"]) == ("rescheduled", moved["id"])
    assert reseller.api.post(f"/bookings/{booking_id}/cancel").status_code in (403, 409)


def test_isolation_another_reseller_cannot_see_or_cancel_a_booking(reseller: Reseller, run: Run) -> None:
    other: Api = run.api("other")
    booking_id = reseller.booked(reseller.client(), reseller.instances()[0])
    assert other.get(f"/bookings/{booking_id}").status_code in (403, 404)
    assert other.post(f"/bookings/{booking_id}/cancel").status_code in (403, 404)
    assert ok(reseller.api.get(f"/bookings/{booking_id}"))["status"] == "initiated"


@pytest.mark.moves_clock
def test_deadline_an_unconfirmed_hold_expires_and_frees_its_spot(reseller: Reseller, run: Run) -> None:
    run.controls.require("needs time to pass")
    instance = min(reseller.instances(), key=lambda i: i["spots_left"])
    held = reseller.fill(instance)
    run.controls.advance_clock(run.control_token(), timedelta(minutes=16))
    assert ok(reseller.api.get(f"/bookings/{held[0]}/status"))["status"] == "expired"
    reseller.booked(reseller.client(), instance)


@pytest.mark.moves_clock
def test_completed_a_visit_is_completed_once_its_class_is_over(reseller: Reseller, run: Run) -> None:
    run.controls.require("needs time to pass")
    instance = reseller.instances()[0]
    booking_id = reseller.booked(reseller.client(), instance)
    ok(reseller.api.post(f"/bookings/class/{booking_id}/confirm"))
    ends = datetime.fromisoformat(instance["ends_at"].replace("Z", "+00:00"))
    run.controls.set_clock(run.control_token(), ends + timedelta(minutes=1))
    assert ok(reseller.api.get(f"/bookings/{booking_id}/status"))["status"] == "completed"
    assert ok(reseller.api.get(f"/bookings/{booking_id}"))["status"] == "completed"


def test_spa_a_slot_from_availability_books_until_full_then_is_gone(reseller: Reseller) -> None:
    provider_id, service_id, slots = spa_slots(reseller)
    slot = min(slots, key=lambda s: s["spots_left"])
    body = {"provider_id": provider_id, "service_id": service_id, "slot_id": slot["slot_id"]}
    for _ in range(slot["spots_left"]):
        made = ok(
            reseller.api.post("/bookings/spa", json={**body, "client_token": reseller.second_client()}), 201
        )
        reseller.tidy.later(
            functools.partial(reseller.api.post, f"/bookings/{made['booking_id']}/cancel"),
            *gone(made["booking_id"]),
        )
    day = utc_day(slot["starts_at"])
    params = {"service_id": service_id, "date": day}
    left = ok(reseller.api.get(f"/providers/{provider_id}/availability", params=params))["slots"]
    assert slot["slot_id"] not in [s["slot_id"] for s in left], "a full slot is still offered"
    again = reseller.api.post("/bookings/spa", json={**body, "client_token": reseller.client()})
    assert again.status_code == 409, again.text


def test_flows_a_class_instance_is_not_a_spa_slot(reseller: Reseller) -> None:
    instance = reseller.instances()[0]
    as_slot = "slot_" + instance["id"].removeprefix("ci_")
    body = {
        "provider_id": instance["provider_id"],
        "service_id": instance["class_id"],
        "slot_id": as_slot,
        "client_token": reseller.client(),
    }
    mixed = reseller.api.post("/bookings/spa", json=body)
    if mixed.status_code == 201:
        reseller.tidy.later(
            functools.partial(reseller.api.post, f"/bookings/{mixed.json()['booking_id']}/cancel")
        )
    assert mixed.status_code in (400, 404, 409, 422), mixed.text


def test_request_id_every_answer_names_its_own_request(reseller: Reseller, run: Run) -> None:
    """Success and refusal alike carry an ``X-Request-Id``: the caller's own where it sent a
    plain one, else one of the target's that no other answer shares."""
    mine = f"kit-{secrets.token_hex(8)}"
    answers = [
        reseller.api.get("/passes"),
        reseller.api.get(f"/bookings/bkg_{'0' * 24}"),  # no such booking: 404
        run.api(None).get("/passes"),  # no token: 401
        reseller.api.post("/lookup", json={}),  # no issuer: 400
        reseller.api.get("/passes"),
    ]
    echoed = reseller.api.get("/passes", headers={"X-Request-Id": mine})
    ids = [answer.headers.get("X-Request-Id", "") for answer in answers]
    for answer, request_id in zip(answers, ids, strict=True):
        assert request_id, f"{answer.request.method} {answer.url} -> {answer.status_code} has no X-Request-Id"
    assert len(set(ids)) == len(ids), f"answers to different requests share a request id: {ids}"
    assert echoed.headers.get("X-Request-Id") == mine, (
        f"sent X-Request-Id {mine}, the answer names {echoed.headers.get('X-Request-Id')!r}"
    )
