"""The two booking flows end to end: initiate/confirm, capacity, cancel, reschedule, completion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.conftest import TODAY, SandboxClocks

from .conftest import Reseller, Seeded

# Seed 42: client 1 (fitperks) holds Gym Basic (classes only, 4 credits a visit) and 20 credits;
# client 3 holds Wellness Premium (classes and spa up to 13 credits) and no credits.


def _class_booking(reseller: Reseller, seeded: Seeded, customer: int = 1, **kwargs: Any) -> dict[str, Any]:
    token = reseller.client_token(seeded.email_of(customer))
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"), **kwargs)
    response = reseller.initiate_class(token, instance)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_class_booking_is_initiated_then_confirmed_on_the_pass(reseller: Reseller, seeded: Seeded) -> None:
    started = _class_booking(reseller, seeded)
    assert started["status"] == "initiated"
    assert started["covered_by"] == "pass"
    assert started["copay_required"] is False
    booking_id = started["booking_id"]
    assert reseller.ok("GET", f"/bookings/{booking_id}/status")["status"] == "initiated"

    confirmed = reseller.ok("POST", f"/bookings/class/{booking_id}/confirm")
    assert (confirmed["status"], confirmed["payment_method"], confirmed["credits_charged"]) == (
        "confirmed",
        "pass",
        0,
    )
    again = reseller.post(f"/bookings/class/{booking_id}/confirm")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_state")


def test_the_flows_do_not_mix(reseller: Reseller, seeded: Seeded) -> None:
    token = reseller.client_token(seeded.email_of(1))
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    response = reseller.initiate_spa(
        token, 1, seeded.service(1, "Deep Tissue Massage"), {"slot_id": instance["id"]}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["param"] == "slot_id"
    started = _class_booking(reseller, seeded, skip=1)
    spa_confirm = reseller.post(f"/bookings/spa/{started['booking_id']}/confirm")
    assert (spa_confirm.status_code, spa_confirm.json()["code"]) == (400, "invalid_request")


def test_a_full_class_refuses_the_next_client_and_a_cancel_frees_a_spot(
    reseller: Reseller, seeded: Seeded
) -> None:
    yoga = seeded.service(1, "Vinyasa Yoga")
    instance = reseller.class_instance(yoga, weeks_ahead=3)
    # Fill the class: the same client cannot hold two places, so issue passes to new users.
    bookings = []
    for n in range(instance["spots_left"]):
        user = f"filler-{n}"
        email = f"filler{n}@example.com"
        reseller.ok("POST", "/passes/issue", 201, json={"pass_id": 1, "user_id": user, "email": email})
        response = reseller.initiate_class(reseller.client_token(email), instance)
        assert response.status_code == 201, response.text
        bookings.append(response.json()["booking_id"])
    full = reseller.initiate_class(reseller.client_token(seeded.email_of(1)), instance)
    assert (full.status_code, full.json()["code"]) == (409, "class_full")

    reseller.ok("POST", f"/bookings/{bookings[0]}/cancel")
    assert reseller.initiate_class(reseller.client_token(seeded.email_of(1)), instance).status_code == 201


def test_a_class_shows_each_instance_with_the_places_its_bookings_hold(
    reseller: Reseller, seeded: Seeded, clocks: SandboxClocks
) -> None:
    """A class's instances over two weeks count their places in one statement: each instance
    its own (the same slot a week later is another), a cancel frees its place, and a hold
    that ran out holds none."""
    yoga = seeded.service(1, "Vinyasa Yoga")
    start = (TODAY + timedelta(weeks=3)).isoformat()

    def spots() -> dict[str, int]:
        body = reseller.ok("GET", f"/classes/{yoga}", params={"start_date": start, "days": 14})
        return {instance["id"]: instance["spots_left"] for instance in body["instances"]}

    before = spots()
    first, second = (reseller.class_instance(yoga, weeks_ahead=3, skip=n) for n in range(2))
    confirmed = reseller.initiate_class(reseller.client_token(seeded.email_of(1)), first).json()
    reseller.ok("POST", f"/bookings/class/{confirmed['booking_id']}/confirm")
    assert reseller.initiate_class(reseller.client_token(seeded.email_of(3)), first).status_code == 201
    cancelled = reseller.initiate_class(reseller.client_token(seeded.email_of(1)), second).json()
    reseller.ok("POST", f"/bookings/{cancelled['booking_id']}/cancel")
    held = {**before, first["id"]: before[first["id"]] - 2}
    assert spots() == held, "a confirmed booking and a hold take a place each; the cancel frees its own"
    clocks.shift(timedelta(minutes=16))  # the hold runs out; the confirmed booking stays
    assert spots() == {**before, first["id"]: before[first["id"]] - 1}


def test_the_same_client_cannot_book_one_instance_twice(reseller: Reseller, seeded: Seeded) -> None:
    token = reseller.client_token(seeded.email_of(1))
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    assert reseller.initiate_class(token, instance).status_code == 201
    second = reseller.initiate_class(token, instance)
    assert (second.status_code, second.json()["code"]) == (409, "duplicate_booking")


def test_a_taken_spa_slot_is_slot_unavailable(reseller: Reseller, seeded: Seeded) -> None:
    deep = seeded.service(1, "Deep Tissue Massage")  # one place per slot
    slot = reseller.spa_slot(1, deep)
    assert reseller.initiate_spa(reseller.client_token(seeded.email_of(1)), 1, deep, slot).status_code == 201
    taken = reseller.initiate_spa(reseller.client_token(seeded.email_of(7)), 1, deep, slot)
    assert (taken.status_code, taken.json()["code"]) == (409, "slot_unavailable")


def test_cancel_is_irreversible_and_a_second_cancel_changes_nothing(
    reseller: Reseller, seeded: Seeded
) -> None:
    booking_id = _class_booking(reseller, seeded)["booking_id"]
    reseller.ok("POST", f"/bookings/class/{booking_id}/confirm", json={"payment_method": "credits"})
    client = seeded.uuid_of(1)
    assert reseller.ok("GET", f"/clients/{client}/credits")["balance"] == 16

    cancelled = reseller.ok("POST", f"/bookings/{booking_id}/cancel")
    assert cancelled["status"] == "cancelled"
    assert cancelled["refund"]["credits"] == 4
    before = reseller.ok("GET", f"/bookings/{booking_id}")
    second = reseller.post(f"/bookings/{booking_id}/cancel")
    assert (second.status_code, second.json()["code"]) == (403, "permission_denied")
    assert reseller.ok("GET", f"/bookings/{booking_id}") == before
    assert reseller.ok("GET", f"/clients/{client}/credits")["balance"] == 20
    confirm = reseller.post(f"/bookings/class/{booking_id}/confirm")
    assert confirm.status_code == 409
    # Every other spelling of a change: a cancel with a body, a confirm that names its payment,
    # a reschedule, a co-pay for it. Each is refused, and nothing moves.
    target = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"), skip=1)
    for path, body in [
        (f"/bookings/{booking_id}/cancel", {"reason": "again"}),
        (f"/bookings/class/{booking_id}/confirm", {"payment_method": "credits"}),
        (f"/bookings/{booking_id}/reschedule", {"class_instance_id": target["id"]}),
        ("/co-pay/gym/purchase", {"booking_id": booking_id}),
    ]:
        answer = reseller.post(path, json=body)
        assert 400 <= answer.status_code < 500, (path, answer.text)
        assert reseller.ok("GET", f"/bookings/{booking_id}") == before, path
    assert reseller.ok("GET", f"/clients/{client}/credits")["balance"] == 20


def test_reschedule_closes_the_original_and_creates_a_new_booking(reseller: Reseller, seeded: Seeded) -> None:
    booking_id = _class_booking(reseller, seeded)["booking_id"]
    reseller.ok("POST", f"/bookings/class/{booking_id}/confirm")
    target = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"), skip=1)
    moved = reseller.ok(
        "POST", f"/bookings/{booking_id}/reschedule", 201, json={"class_instance_id": target["id"]}
    )
    assert moved["id"] != booking_id
    assert (moved["status"], moved["rescheduled_from"], moved["class_instance_id"]) == (
        "confirmed",
        booking_id,
        target["id"],
    )
    original = reseller.ok("GET", f"/bookings/{booking_id}")
    assert (original["status"], original["rescheduled_to"]) == ("rescheduled", moved["id"])
    assert reseller.post(f"/bookings/{booking_id}/cancel").status_code == 403
    listed = reseller.ok("GET", f"/clients/{seeded.uuid_of(1)}/bookings", params={"status": "rescheduled"})
    assert [b["id"] for b in listed["data"]] == [booking_id]


def test_a_confirmed_booking_completes_when_its_time_has_passed(
    reseller: Reseller, seeded: Seeded, clocks: SandboxClocks
) -> None:
    booking_id = _class_booking(reseller, seeded)["booking_id"]
    reseller.ok("POST", f"/bookings/class/{booking_id}/confirm")
    clocks.shift(timedelta(weeks=5))
    assert reseller.ok("GET", f"/bookings/{booking_id}/status")["status"] == "completed"
    refused = reseller.post(f"/bookings/{booking_id}/cancel")
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_denied")


def test_an_unconfirmed_hold_expires_and_releases_its_place(
    reseller: Reseller, seeded: Seeded, clocks: SandboxClocks
) -> None:
    deep = seeded.service(1, "Deep Tissue Massage")
    slot = reseller.spa_slot(1, deep, weeks_ahead=3)
    booking_id = reseller.initiate_spa(reseller.client_token(seeded.email_of(1)), 1, deep, slot).json()[
        "booking_id"
    ]
    clocks.shift(timedelta(minutes=16))
    assert reseller.ok("GET", f"/bookings/{booking_id}")["status"] == "expired"
    late = reseller.post(f"/bookings/spa/{booking_id}/confirm")
    assert (late.status_code, late.json()["code"]) == (410, "expired")
    assert reseller.initiate_spa(reseller.client_token(seeded.email_of(7)), 1, deep, slot).status_code == 201


def test_idempotent_replay_and_key_conflict(reseller: Reseller, seeded: Seeded) -> None:
    token = reseller.client_token(seeded.email_of(1))
    yoga = seeded.service(1, "Vinyasa Yoga")
    instance = reseller.class_instance(yoga)
    key = {"Idempotency-Key": "retry-me-0001"}
    first = reseller.initiate_class(token, instance, **key)
    replay = reseller.initiate_class(token, instance, **key)
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json() == first.json()
    assert (first.headers["Idempotent-Replayed"], replay.headers["Idempotent-Replayed"]) == ("false", "true")
    listed = reseller.ok("GET", f"/clients/{seeded.uuid_of(1)}/bookings")
    assert [b["id"] for b in listed["data"]] == [first.json()["booking_id"]]

    other = reseller.class_instance(yoga, skip=1)
    conflict = reseller.initiate_class(token, other, **key)
    assert (conflict.status_code, conflict.json()["code"]) == (409, "idempotency_conflict")
    assert len(reseller.ok("GET", f"/clients/{seeded.uuid_of(1)}/bookings")["data"]) == 1


def test_another_resellers_bookings_and_clients_are_refused(
    http: Any, reseller: Reseller, seeded: Seeded
) -> None:
    booking_id = _class_booking(reseller, seeded)["booking_id"]
    other = Reseller(http, "wellbeing-works")
    assert other.get(f"/bookings/{booking_id}").json()["code"] == "permission_denied"
    assert other.post(f"/bookings/{booking_id}/cancel").status_code == 403
    assert other.get(f"/clients/{seeded.uuid_of(1)}").status_code == 403
    stranger = Reseller(http, sandbox="another_sandbox_key")
    assert stranger.get(f"/bookings/{booking_id}").status_code == 404
    assert reseller.ok("GET", f"/bookings/{booking_id}")["status"] == "initiated"


def test_every_response_carries_a_request_id(reseller: Reseller, http: Any) -> None:
    assert reseller.get("/providers").headers["X-Request-Id"].startswith("req_")
    assert (
        reseller.get("/providers", headers={"X-Request-Id": "trace-42"}).headers["X-Request-Id"] == "trace-42"
    )
    unauthenticated = http.get("/bardge/v3/providers")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["code"] == "authentication_required"
    assert unauthenticated.headers["X-Request-Id"]


def test_idempotency_keys_belong_to_one_reseller(http: Any, reseller: Reseller, seeded: Seeded) -> None:
    """Two resellers of one sandbox may use the same key: each gets its own booking, and a replay
    is still exact within each (keys are per account; one reseller learns nothing of another's)."""
    other = Reseller(http, "wellbeing-works")
    yoga = seeded.service(1, "Vinyasa Yoga")
    instance = reseller.class_instance(yoga)
    key = {"Idempotency-Key": "order-1001"}
    my_token = reseller.client_token(seeded.email_of(1))
    mine = reseller.initiate_class(my_token, instance, **key)
    theirs_token = other.client_token(seeded.email_of(4))
    theirs = other.initiate_class(theirs_token, instance, **key)
    assert (mine.status_code, theirs.status_code) == (201, 201), theirs.text
    assert theirs.headers["Idempotent-Replayed"] == "false"
    assert theirs.json()["booking_id"] != mine.json()["booking_id"]
    again = other.initiate_class(theirs_token, instance, **key)
    assert (again.status_code, again.headers["Idempotent-Replayed"]) == (201, "true")
    assert again.json() == theirs.json()
    assert reseller.initiate_class(my_token, instance, **key).json() == mine.json()


def test_a_create_whose_answer_was_lost_is_retried_under_its_key_to_the_one_booking(
    reseller: Reseller, seeded: Seeded, control: Any
) -> None:
    """What an Idempotency-Key is for: the first create booked, its answer lost on the way (a
    fault ``when: after``); the retry under the same key answers the booking made, and makes none."""
    faults = control(reseller.token)
    faults.ok(
        "POST",
        "/faults",
        json={
            "method": "POST",
            "path": "/bookings/class",
            "kind": "error",
            "status": 502,
            "count": 1,
            "when": "after",
        },
    )
    token = reseller.client_token(seeded.email_of(1))
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    key = {"Idempotency-Key": "lost-answer-0001"}
    lost = reseller.initiate_class(token, instance, **key)
    assert lost.status_code == 502, lost.text
    retried = reseller.initiate_class(token, instance, **key)
    assert retried.status_code == 201, retried.text
    assert retried.headers["Idempotent-Replayed"] == "true"
    listed = reseller.ok("GET", f"/clients/{seeded.uuid_of(1)}/bookings")
    assert [b["id"] for b in listed["data"]] == [retried.json()["booking_id"]]
