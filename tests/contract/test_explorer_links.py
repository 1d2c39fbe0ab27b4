"""The spec's links as the walk reads them (``contract_tests/explorer/links.py``): a read linked
to a write of its booking goes before it now and then, and a booking goes on by what its last
linking answer offers, or first by one of those that leads to what was drawn."""

from __future__ import annotations

from random import Random

from contract_tests.explorer.links import (
    FOLLOW,
    LINKED,
    PRECEDE,
    followed,
    follows,
    goes_on,
    linked_looks,
    preceded,
    reads_before,
)
from contract_tests.explorer.plan import plan
from contract_tests.explorer.steps import Step
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.real_ids import RealIds
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.rules import RULES


def test_a_read_the_spec_links_to_a_write_of_its_booking_goes_before_it_half_the_time() -> None:
    """Lifecycle's preview links to its cancel ("Before cancelling, check the cancellation
    policy"), for the booking its path names; no read of the other specs links to a write."""
    document = Spec("lifecycle").document
    cancel = "GET /api/v1/bookings/{booking_id}/cancel"
    assert reads_before(document, "booking_id") == {
        cancel: {"GET /api/v1/bookings/{booking_id}/cancellation-preview"}
    }
    for api, param in (
        ("reservekit-v1", "bookingID"),
        ("merchant", "booking_id"),
        ("bardge-v3", "booking_id"),
    ):
        assert reads_before(Spec(api).document, param) == {}
    # A link by another value than the read's own path (a list's first item) is none.
    listed = {"paths": {"/a": {"get": {"responses": {"200": {"links": {"L": {
        "operationId": "w", "parameters": {"booking_id": "$response.body#/data/0/id"}}}}}}},
        "/b/{booking_id}": {"post": {"operationId": "w"}}}}  # fmt: skip
    assert reads_before(listed, "booking_id") == {}
    words = RULES["lifecycle"].words
    assert words is not None
    ids = RealIds(path=[{"booking_id": "b1", "service_id": "s1"}])
    planned = plan(document, words, PROFILES["lifecycle"], ids)
    assert [look.step.name for look in planned.before[cancel]] == [
        "GET /api/v1/bookings/{booking_id}/cancellation-preview"
    ]
    assert all(not looks for name, looks in planned.before.items() if name != cancel)
    sent = [
        linked_looks(Random(n), planned.before[cancel], param="booking_id", booking="b2") for n in range(400)
    ]
    assert all(values == {"booking_id": "b2"} for one in sent for _, values in one)
    assert abs(sum(1 for one in sent if one) / 400 - LINKED) < 0.1
    assert linked_looks(Random(1), [], param="booking_id", booking="b2") == []


def test_a_booking_goes_on_by_what_its_last_linking_answer_offers_half_the_time() -> None:
    """Bardge's class create links to its class confirmation and its cancel, the spa create to
    the spa one's: a class booking was confirmed through the spa flow (400) as often as its own."""
    document = Spec("bardge-v3").document
    moves = [
        "POST /bookings/class/{booking_id}/confirm",
        "POST /bookings/spa/{booking_id}/confirm",
        "POST /bookings/{booking_id}/cancel",
        "POST /bookings/{booking_id}/reschedule",
    ]
    offered = follows(document, "booking_id", moves)
    assert offered["POST /bookings/class"] == [moves[0], moves[2]]
    assert offered["POST /bookings/spa"] == [moves[1], moves[2]]
    assert offered["POST /bookings/class/{booking_id}/confirm"] == [moves[2], moves[3]]
    # A change offered is sent as drawn; one not offered is drawn again from those, half the time.
    assert {followed(Random(n), moves[0], offered["POST /bookings/class"]) for n in range(50)} == {moves[0]}
    again = [followed(Random(n), moves[1], offered["POST /bookings/class"]) for n in range(400)]
    assert abs(again.count(moves[1]) / 400 - (1 - FOLLOW)) < 0.1
    assert set(again) == {moves[0], moves[1], moves[2]}
    assert followed(Random(1), moves[1], []) == moves[1]


def test_a_change_the_booking_is_not_ready_for_is_preceded_by_one_that_leads_to_it_half_the_time() -> None:
    """A reschedule drawn for a Bardge class booking just made (its create offers the class
    confirmation, whose answer offers the reschedule) is that confirmation first, half the time;
    never the spa one, which the class create does not offer. A lifecycle guest's answer drawn for
    a booking just made is the invitation that leads to it (the finder's ``walk_follows``)."""
    document = Spec("bardge-v3").document
    confirm_class, confirm_spa, cancel, reschedule = (
        "POST /bookings/class/{booking_id}/confirm",
        "POST /bookings/spa/{booking_id}/confirm",
        "POST /bookings/{booking_id}/cancel",
        "POST /bookings/{booking_id}/reschedule",
    )
    offered = follows(document, "booking_id", [confirm_class, confirm_spa, cancel, reschedule])
    made = offered["POST /bookings/class"]
    drawn = [preceded(Random(n), reschedule, made, offered) for n in range(400)]
    assert set(drawn) == {reschedule, confirm_class}
    assert abs(drawn.count(confirm_class) / 400 - PRECEDE) < 0.1
    # Offered, or led to by nothing offered, or nothing offered at all: sent as drawn.
    assert {preceded(Random(n), cancel, made, offered) for n in range(50)} == {cancel}
    assert {preceded(Random(n), confirm_spa, made, offered) for n in range(50)} == {confirm_spa}
    assert {preceded(Random(n), reschedule, [], offered) for n in range(50)} == {reschedule}

    invite = "POST /api/v1/bookings/{booking_id}/edit-participants"
    accept = "POST /api/v1/bookings/{booking_id}/accept-invite"
    words = RULES["lifecycle"].words
    assert words is not None
    ids = RealIds(path=[{"booking_id": "b1", "service_id": "s1"}], walk_follows={invite: [accept]})
    planned = plan(Spec("lifecycle").document, words, PROFILES["lifecycle"], ids)
    instant = planned.follows["POST /api/v1/bookings/instant"]
    assert {preceded(Random(n), accept, instant, planned.follows) for n in range(50)} == {accept, invite}
    # Without the finder's follow, nothing the create offers leads to an answer.
    alone = plan(Spec("lifecycle").document, words, PROFILES["lifecycle"], RealIds(path=ids.path))
    assert {preceded(Random(n), accept, instant, alone.follows) for n in range(50)} == {accept}


def test_an_invitation_leads_to_its_answer_only_where_it_invites_the_finders_guest() -> None:
    """An invitation of someone else (the spec's example's Jane, or nobody) is answered by no one
    the walk holds a token for: the booking does not go on to the guest's answers."""
    invited = {"participants": [{"email": "guest@example.com"}]}
    invite = Step(
        "POST",
        "/bookings/{booking_id}/edit-participants",
        "customer",
        {},
        rows=(invited,),
        walk_rows=(invited,),
    )
    assert goes_on(invite, {"participants": [{"email": "guest@example.com"}]})
    assert not goes_on(invite, {"participants": [{"email": "jane@example.com"}]})
    assert not goes_on(invite, {"participants": []})
    assert not goes_on(invite, None)
    # A change the finder gave no rows of the walk's own goes on by the spec's links, whatever it sent.
    confirm = Step("POST", "/bookings/class/{booking_id}/confirm", "reseller", {}, rows=({"a": 1},))
    assert goes_on(confirm, {"payment_method": "credits"})
    assert goes_on(confirm, None)
