"""Bardge's rules under a race: clients asking at one moment for a class's or a spa slot's last
places, and two retries sent at once with one ``Idempotency-Key``."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import Any

from contract_tests.kit import race
from contract_tests.kit.client import Api, ok
from contract_tests.kit.codes import names
from contract_tests.rules.bardge_reseller import Reseller, code_of, gone, spa_slots, utc_day

# More clients than places, each on a connection of its own, all at once, in several rounds
# (a vendor's window between check and write is brief).
LAST_SPOTS = 2
MORE_CLIENTS = 3
ROUNDS = 2


def test_race_the_last_spots_of_a_class_go_to_no_more_clients_than_there_are(reseller: Reseller) -> None:
    for _ in range(ROUNDS):
        instance = min(reseller.instances(), key=lambda i: i["spots_left"])
        left = instance["spots_left"]
        while left > LAST_SPOTS:
            reseller.booked(reseller.second_client(), instance)
            left -= 1
        clients = [reseller.second_client() for _ in range(left + MORE_CLIENTS)]
        calls = [functools.partial(_initiate_as, reseller, client, instance) for client in clients]
        answers = race.at_once([reseller.api] * len(calls), calls)
        race.exactly(answers, left, f"class instance {instance['id']}", _refused(reseller, "class_full"))
        listed = ok(reseller.api.get(f"/classes/{instance['class_id']}", params=_around(instance)))
        now = next((i for i in listed["instances"] if i["id"] == instance["id"]), None)
        assert now is None or now["spots_left"] == 0, f"the full instance shows {now}"


def test_race_the_last_places_of_a_spa_slot_go_to_no_more_clients_than_there_are(reseller: Reseller) -> None:
    provider_id, service_id, slots = spa_slots(reseller)
    slot = min(slots, key=lambda s: s["spots_left"])
    body = {"provider_id": provider_id, "service_id": service_id, "slot_id": slot["slot_id"]}
    left = slot["spots_left"]
    while left > LAST_SPOTS:
        _spa_as(reseller, body, reseller.second_client(), reseller.api)
        left -= 1
    clients = [reseller.second_client() for _ in range(left + MORE_CLIENTS)]
    calls = [functools.partial(_spa_as, reseller, body, client) for client in clients]
    answers = race.at_once([reseller.api] * len(calls), calls)
    race.exactly(answers, left, f"spa slot {slot['slot_id']}", _refused(reseller, ""))
    params = {"service_id": service_id, "date": utc_day(slot["starts_at"])}
    offered = ok(reseller.api.get(f"/providers/{provider_id}/availability", params=params))["slots"]
    assert slot["slot_id"] not in [s["slot_id"] for s in offered], "the full slot is still offered"


def test_race_two_retries_at_once_with_one_key_make_one_booking(reseller: Reseller) -> None:
    for _ in range(ROUNDS):
        client, instance = reseller.client(), reseller.instances()[0]
        key = {"Idempotency-Key": f"kit-{secrets.token_hex(8)}"}
        calls = [functools.partial(_initiate_as, reseller, client, instance, headers=key) for _ in range(2)]
        answers = race.at_once([reseller.api] * 2, calls)
        made = [answer for answer in answers if answer.status_code == 201]
        assert made, f"neither of two requests with one key booked ({race.tally(answers)})"
        assert len({answer.json()["booking_id"] for answer in made}) == 1, (
            f"two requests sent at once with one Idempotency-Key made {len(made)} bookings: "
            + ", ".join(answer.json()["booking_id"] for answer in made)
        )
        assert all(answer.json() == made[0].json() for answer in made), "the retry's answer differs"
        for answer in answers:
            if answer.status_code != 201:
                # A retry may be told the first is still in progress; never that it is a new
                # request that found the first one's booking in its way.
                assert answer.status_code == 409, answer.text
                said = code_of(answer)[1]
                assert not any(names(said, code) for code in ("duplicate_booking", "class_full")), (
                    f"the retry was handled as a new request: {answer.text}"
                )


def _initiate_as(
    reseller: Reseller,
    client: str,
    instance: dict[str, Any],
    caller: Api,
    headers: dict[str, str] | None = None,
) -> Any:
    body = {
        "provider_id": instance["provider_id"],
        "class_instance_id": instance["id"],
        "client_token": client,
    }
    response = caller.post("/bookings/class", json=body, headers=headers)
    _tidy(reseller, response)
    return response


def _spa_as(reseller: Reseller, body: dict[str, Any], client: str, caller: Api) -> Any:
    response = caller.post("/bookings/spa", json={**body, "client_token": client})
    _tidy(reseller, response)
    return response


def _tidy(reseller: Reseller, response: Any) -> None:
    if response.status_code == 201:
        booking_id = response.json()["booking_id"]
        reseller.tidy.later(
            functools.partial(reseller.api.post, f"/bookings/{booking_id}/cancel"), *gone(booking_id)
        )


def _around(instance: dict[str, Any]) -> dict[str, Any]:
    return {"start_date": utc_day(instance["starts_at"]), "days": 1}


def _refused(reseller: Reseller, full_code: str) -> Callable[[Any], None]:
    """The documented refusal of a full class or slot: 409, with a code naming ``full_code``
    where the spec infers one."""

    def check(answer: Any) -> None:
        if full_code:
            reseller.refused(answer, 409, full_code)
        else:
            assert answer.status_code == 409, answer.text

    return check
