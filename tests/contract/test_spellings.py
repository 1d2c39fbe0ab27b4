"""The explorer's bodies keep to what their schema documents, and name what the booking they are
sent to can take (hand-made schemas)."""

from __future__ import annotations

from random import Random
from typing import Any

from contract_tests.explorer.bodies import body_of
from contract_tests.explorer.spellings import Schemas, Speller, laid_over
from contract_tests.explorer.steps import Step

# Bardge's reschedule: one way of naming the new time, never both.
ONE_OF_TWO: dict[str, Any] = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": 1,
    "properties": {"slot_id": {"type": "string"}, "class_instance_id": {"type": "string"}},
}
UNBOUNDED: dict[str, Any] = {k: v for k, v in ONE_OF_TWO.items() if not k.endswith("Properties")}


def _bodies(schema: dict[str, Any]) -> list[dict[str, Any]]:
    speller = Speller(Schemas({}), {}, ["a@example.com"])
    return [speller.body(Random(seed), schema) for seed in range(200)]


def test_a_body_bounded_to_one_field_names_exactly_one() -> None:
    assert {len(body) for body in _bodies(ONE_OF_TWO)} == {1}
    # Each way is drawn: the bound picks one, it does not always pick the same.
    assert {next(iter(body)) for body in _bodies(ONE_OF_TWO)} == {"slot_id", "class_instance_id"}


def test_an_unbounded_body_draws_none_one_or_both() -> None:
    assert {len(body) for body in _bodies(UNBOUNDED)} == {0, 1, 2}


def test_a_real_value_laid_over_a_bounded_body_takes_the_place_of_the_drawn_field() -> None:
    real = {"class_instance_id": "ci_1_20270106"}
    assert laid_over(ONE_OF_TWO, {"slot_id": "drawn"}, real) == real
    # Within the bounds, or with none, the drawn fields stay beside it.
    assert laid_over(ONE_OF_TWO, {"class_instance_id": "drawn"}, real) == real
    assert laid_over(UNBOUNDED, {"slot_id": "drawn"}, real) == {"slot_id": "drawn", **real}


def test_a_described_string_is_drawn_as_a_string() -> None:
    # The merchant's note: a string schema wrapped in allOf to carry its own description.
    document = {"components": {"schemas": {"Note": {"type": "string", "maxLength": 2000}}}}
    note = {"allOf": [{"$ref": "#/components/schemas/Note"}], "description": "Internal notes"}
    body = {"type": "object", "required": ["merchant_note"], "properties": {"merchant_note": note}}
    schemas = Schemas(document)
    drawn = [Speller(schemas, {}, []).body(Random(seed), body)["merchant_note"] for seed in range(50)]
    assert all(isinstance(value, str) for value in drawn), drawn


def test_a_booking_named_in_a_body_takes_the_type_its_field_documents() -> None:
    # The walk keeps ids as the path shows them; merchant's customer cancel wants an integer.
    body = {
        "type": "object",
        "required": ["booking_id", "reference"],
        "properties": {"booking_id": {"type": "integer"}, "reference": {"type": "string"}},
    }
    speller = Speller(Schemas({}), {"booking_id": ["58"], "reference": ["58"]}, [])
    assert speller.body(Random(1), body) == {"booking_id": 58, "reference": "58"}
    # A target's id that only str.isdigit() calls a number ("²") stays the target's text.
    speller = Speller(Schemas({}), {"booking_id": ["²"], "reference": ["58"]}, [])
    assert speller.body(Random(1), body) == {"booking_id": "²", "reference": "58"}


def test_a_move_names_its_new_place_the_way_the_booking_shows_its_own() -> None:
    """A spa booking is moved to a slot and a class booking to a class instance, each other than
    its own, whichever of the target's rows, the spec's examples or a drawn body the step takes
    (the data's rows and overlays name class instances only: every spa move was refused 400)."""
    known = {"slot_id": ["slot_1_20270106", "slot_2_20270106"], "class_instance_id": ["ci_7_20270106"]}
    step = Step(
        "POST",
        "/bookings/{booking_id}/reschedule",
        "reseller",
        ONE_OF_TWO,
        rows=({"class_instance_id": "ci_7_20270106"},),
        overlays=({"class_instance_id": "ci_7_20270106"},),
        examples=({"class_instance_id": "ci_8_20270107"},),
    )
    speller = Speller(Schemas({}), known, [])
    spa = {"type": "spa", "slot_id": "slot_1_20270106", "class_instance_id": None}
    moved = [
        body_of(Random(seed), step, "bkg_1", param="booking_id", speller=speller, shown=spa)
        for seed in range(100)
    ]
    assert {tuple(body.items()) for body in moved} == {(("slot_id", "slot_2_20270106"),)}
    group = {"type": "class", "slot_id": None, "class_instance_id": "ci_6_20270106"}
    moved = [
        body_of(Random(seed), step, "bkg_2", param="booking_id", speller=speller, shown=group)
        for seed in range(100)
    ]
    assert {next(iter(body)) for body in moved} == {"class_instance_id"}


def test_an_address_in_a_change_names_one_of_the_bookings_people_nearly_as_often_as_a_stranger() -> None:
    # Lifecycle's personalization answers for the participant its email names; one of the walk's
    # own addresses is refused unless it is a participant of that booking.
    body = {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}
    strangers = ["walk.0@example.com", "walk.1@example.com", "walk.2@example.com"]
    shown = {
        "owner": {"email": "owner@example.net"},
        "participants": [{"email": "owner@example.net"}, {"email": "guest@example.org"}],
    }
    speller = Speller(Schemas({}), {}, strangers).naming("booking_id", "b1", shown)
    drawn = [speller.body(Random(seed), body)["email"] for seed in range(400)]
    people = sum(address in ("owner@example.net", "guest@example.org") for address in drawn)
    assert set(drawn) == {"owner@example.net", "guest@example.org", *strangers}
    assert 0.4 < people / len(drawn) < 0.75, people
    # A create names nobody's booking: only the walk's own addresses.
    assert {Speller(Schemas({}), {}, strangers).body(Random(s), body)["email"] for s in range(50)} <= set(
        strangers
    )


PAYING: dict[str, Any] = {
    "type": "object",
    "properties": {
        "payment_method": {"type": "string", "enum": ["pass", "credits", "copay", "free"]},
        "note": {"type": "string"},
    },
}


def test_a_field_of_documented_words_is_sent_as_each_beside_the_targets_own() -> None:
    """Bardge's spa confirmations name ``credits`` (bought for them), and the walk sent every
    class confirmation ``credits`` too: a client holding a pass was refused each (402)."""
    speller = Speller(Schemas({}), {"payment_method": ["credits"], "note": ["kit"]}, ["a@example.com"])
    sent = {speller.body(Random(seed), PAYING).get("payment_method") for seed in range(200)}
    assert sent - {None} == {"pass", "credits", "copay", "free"}
    # A field of no listed words keeps the target's own.
    assert {speller.body(Random(seed), PAYING).get("note") for seed in range(200)} - {None} == {"kit"}
    # The spec's example keeps its own word beside the target's.
    confirm = Step(
        "POST",
        "/bookings/class/{booking_id}/confirm",
        "reseller",
        PAYING,
        examples=({"payment_method": "pass"},),
    )
    examples = [
        body_of(Random(seed), confirm, None, param="booking_id", speller=speller) for seed in range(300)
    ]
    assert {"pass", "credits"} <= {body.get("payment_method") for body in examples}


def test_the_walks_own_rows_go_to_the_bookings_they_made_and_the_rest_to_the_others() -> None:
    """Lifecycle's finder gives the walk a group's instant bookings, an invitation of its guest and
    the group's form answers (``RealIds.walk_bodies``): an appointment refuses a second person,
    and the appointment's answers name none of the group's fields. A booking one of those rows
    made takes the walk's rows, always where the change was drawn to lead to another; any other
    booking the rest; a create any."""
    schema = {"type": "object", "properties": {"participants": {"type": "array"}}}
    everyone = {"participants": []}
    invited = {"participants": [{"email": "guest@example.com"}]}
    step = Step(
        "POST",
        "/bookings/{booking_id}/edit-participants",
        "customer",
        schema,
        rows=(everyone, invited),
        walk_rows=(invited,),
    )
    speller = Speller(Schemas({}), {}, [])

    def sent(walked: bool, leads: bool = False) -> list[Any]:
        drawn = (
            body_of(
                Random(seed), step, "bkg_1", param="booking_id", speller=speller, walked=walked, leads=leads
            )
            for seed in range(200)
        )
        return [body for body in drawn if body in (everyone, invited)]

    assert {str(body) for body in sent(walked=True)} == {str(invited)}
    assert {str(body) for body in sent(walked=False)} == {str(everyone)}
    # An invitation sent to lead to its answer (``links.preceded``) is the guest's, every time;
    # drawn for itself, half the time whole, and a drawn spelling the rest.
    assert sent(walked=True, leads=True) == [invited] * 200
    assert 60 < len(sent(walked=True)) < 140
    # Any other booking is not the guest's to be invited to: its rows are drawn as ever.
    assert sent(walked=False, leads=True) == sent(walked=False)
    created = [body_of(Random(seed), step, None, param="booking_id", speller=speller) for seed in range(200)]
    assert {str(everyone), str(invited)} <= {str(body) for body in created}
