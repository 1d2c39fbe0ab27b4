"""The invariants every booking API keeps (``rule_engine/invariants.py``), on hand-made ReserveKit
traffic: each family's broken sequence gives exactly its finding; the same sequence told right,
and the changes a document allows (a field the change names, a derived one, another caller's
bookings that share its ids), give none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

import pytest

from mockserver.documents.har import Exchange, fingerprint_of
from mockserver.live_checks.by_api import check_recording
from mockserver.rule_engine.callers import caller_of
from mockserver.rule_engine.checking import TrafficCheck
from tests.live_checks.traffic import check_all, exchange, rk_booking

B7 = "/v1/bookings/7"
B8 = "/v1/bookings/8"
CANCEL = {"status": "cancelled", "cancel_reason": "changed plans"}
OTHER = "Bearer ********#bbbbbbbb"
LATER = "2027-01-06T15:00:01Z"


def found(traffic: Sequence[Exchange]) -> list[tuple[str, int]]:
    return [(f.rule, f.index) for f in check_all("reservekit-v1", traffic).findings if "SPEC" not in f.rule]


def read(path: str, booking: int = 7, **fields: object) -> Exchange:
    return exchange("GET", path, 200, rk_booking(booking, **fields))


FAMILIES = {
    # A change that names the message moves the date too.
    "RK-WHOLE-READ-AFTER-WRITE": (
        [
            read(B7),
            exchange(
                "PATCH",
                B7,
                200,
                rk_booking(message="hi", date="2027-01-18", updated_at=LATER),
                sent={"message": "hi"},
            ),
        ],
        [
            read(B7),
            exchange("PATCH", B7, 200, rk_booking(message="hi", updated_at=LATER), sent={"message": "hi"}),
            read(B7, message="hi", updated_at=LATER),
        ],
    ),
    # Confirming booking 8 confirms booking 7 too.
    "RK-NEIGHBOURS": (
        [
            read(B7),
            exchange("PATCH", B8, 200, rk_booking(8, status="confirmed"), sent={"status": "confirmed"}),
            read(B7, status="confirmed"),
        ],
        [
            read(B7),
            exchange("PATCH", B8, 200, rk_booking(8, status="confirmed"), sent={"status": "confirmed"}),
            read(B7),
        ],
    ),
    # A change refused for its reason still leaves its message.
    "RK-REFUSAL-CHANGES-NOTHING": (
        [
            read(B7),
            exchange(
                "PATCH", B7, 400, {"data": None, "error": "no"}, sent={"cancel_reason": "x", "message": "hi"}
            ),
            read(B7, message="hi"),
        ],
        [
            read(B7),
            exchange(
                "PATCH", B7, 400, {"data": None, "error": "no"}, sent={"cancel_reason": "x", "message": "hi"}
            ),
            read(B7),
        ],
    ),
    # A cancelled booking takes a new message.
    "RK-TERMINAL-EVERY-SPELLING": (
        [
            exchange("PATCH", B7, 200, rk_booking(**CANCEL), sent=CANCEL),
            exchange(
                "PATCH", B7, 200, rk_booking(**CANCEL, message="hi", updated_at=LATER), sent={"message": "hi"}
            ),
        ],
        [
            exchange("PATCH", B7, 200, rk_booking(**CANCEL), sent=CANCEL),
            exchange("PATCH", B7, 400, {"data": None, "error": "cannot change"}, sent={"message": "hi"}),
            read(B7, **CANCEL),
        ],
    ),
    # A booking answered to a request that carried no credential.
    "RK-ROLES-EVERY-OPERATION": (
        [exchange("GET", B7, 200, rk_booking(), caller="")],
        [exchange("GET", B7, 401, {"data": None, "error": "missing or invalid API key"}, caller="")],
    ),
}


@pytest.mark.parametrize("rule", sorted(FAMILIES))
def test_each_family_finds_its_break_and_only_that(rule: str) -> None:
    broken, right = FAMILIES[rule]
    assert [name for name, _ in found(broken)] == [rule]
    assert found(right) == []


def test_a_create_for_a_known_customer_may_fill_in_their_shared_record_and_nothing_else() -> None:
    """The explorer's seed 1001 on an intact sandbox: a booking made for an email with no name,
    then another for the same email with one, which the shared customer record took."""
    nameless = {**rk_booking()["data"]["customer"], "name": None}
    named = rk_booking()["data"]["customer"]
    create = exchange(
        "POST", "/v1/bookings", 201, rk_booking(8, customer=named), sent={"customer_name": "Ada"}
    )
    assert found([read(B7, customer=nameless), create, read(B7, customer=named)]) == []
    # The same record through the customer view of the other booking.
    shown_as = [exchange("GET", f"{B7}/customer", 200, {"data": record}) for record in (nameless, named)]
    assert found([shown_as[0], create, shown_as[1]]) == []
    # Another field of that other booking moved by the create is still the neighbours' rule.
    moved = read(B7, customer=named, status="confirmed")
    assert found([read(B7, customer=nameless), create, moved]) == [("RK-NEIGHBOURS", 3)]


def test_another_caller_sharing_the_ids_is_another_booking() -> None:
    """Two accounts number their bookings alike: a showing is the caller's own, and a change by
    either caller to booking 7 is news to both callers' showings of it."""
    traffic = [
        read(B7),
        exchange("GET", B7, 200, rk_booking(message="theirs"), caller=OTHER),
        exchange(
            "PATCH",
            B7,
            200,
            rk_booking(message="mine", updated_at=LATER),
            sent={"message": "mine"},
            caller=OTHER,
        ),
        read(B7),
    ]
    assert found(traffic) == []


def lc_read(status: str, caller: str) -> Exchange:
    # A booking days after the recording (``START``), so time alone moves none of it.
    attributes = {
        "number": "BK-000031",
        "status": status,
        "start_date": "2027-01-11T17:00:00Z",
        "end_date": "2027-01-11T18:00:00Z",
        "check_in_until": "2027-01-11T17:10:00Z",
    }
    return exchange(
        "GET",
        "/api/v1/bookings/b-1",
        200,
        {"data": {"type": "bookings", "id": "b-1", "attributes": attributes}},
        caller=caller,
    )


@pytest.mark.parametrize("untold", ["Bearer ********", "********"])
def test_a_lifecycle_status_is_the_readers_own_where_the_recording_hides_who_read(untold: str) -> None:
    """A lifecycle booking's status is the reading participant's (its owner's "accepted", an
    invited guest's "invited"). A recording that masks every credential alike (a journal before
    it kept fingerprints) cannot say whose each read was, so the status is not compared; a told
    caller's is."""
    told = [lc_read("invited", "Bearer ********#aaaaaaaa"), lc_read("accepted", "Bearer ********#aaaaaaaa")]
    changed = [("LC-WHOLE-READ-AFTER-WRITE", 2)]
    assert [
        (f.rule, f.index) for f in check_all("lifecycle", told).findings if "SPEC" not in f.rule
    ] == changed
    hidden = [replace(item, request_headers={"Authorization": untold}) for item in told]
    assert [f for f in check_all("lifecycle", hidden).findings if "SPEC" not in f.rule] == []
    # Any other field is the booking's own, whoever read it.
    hidden[1] = replace(hidden[1], response_body=hidden[1].response_body.replace(b"BK-000031", b"BK-000032"))
    assert [
        (f.rule, f.index) for f in check_all("lifecycle", hidden).findings if "SPEC" not in f.rule
    ] == changed


def test_where_one_account_has_several_credentials_each_reads_a_lifecycle_status_its_own_way() -> None:
    """The explorer's walk is one account (``home``) of two customers: the owner, and the guest
    it invites. Each reads the booking's status as their own ("accepted", "invited"), and each
    credential's reads are held to its own; every other field is the booking's, whoever read it."""
    owner, guest = "Bearer ********#aaaaaaaa", "Bearer ********#bbbbbbbb"

    def judged(traffic: list[Exchange]) -> list[tuple[str, int]]:
        check = TrafficCheck("lifecycle", account=lambda item: "walk", home="walk")
        for item in traffic:
            check.observe(item)
        return [(f.rule, f.index) for f in check.findings if "SPEC" not in f.rule]

    assert judged([lc_read("accepted", owner), lc_read("invited", guest), lc_read("accepted", owner)]) == []
    # One credential's own reads still disagree.
    assert judged([lc_read("accepted", owner), lc_read("invited", owner)]) == [
        ("LC-WHOLE-READ-AFTER-WRITE", 2)
    ]
    moved = lc_read("invited", guest)
    moved = replace(moved, response_body=moved.response_body.replace(b"BK-000031", b"BK-000032"))
    assert judged([lc_read("accepted", owner), moved]) == [("LC-WHOLE-READ-AFTER-WRITE", 2)]


def test_a_clock_moved_by_the_control_api_forgets_what_was_shown() -> None:
    traffic = [
        read(B7),
        exchange("POST", "/_sandbox/clock/advance", 200, {"now": LATER}, sent={"seconds": 86400}),
        read(B7, status="cancelled"),
    ]
    assert found(traffic) == []


def test_where_the_trace_names_its_accounts_another_accounts_change_and_read_are_judged() -> None:
    """The explorer names each exchange's account: another account's 2xx change of the walk's
    booking, and its read of one as the owner sees it, break the roles rule."""
    theirs = fingerprint_of("Bearer theirs")

    def account(item: Exchange) -> str:
        return "another" if caller_of(item) == theirs else "walk"

    intruder = f"Bearer ********#{theirs}"
    for traffic, index in (
        (
            [
                read(B7),
                exchange("PATCH", B7, 200, None, sent={"message": "x"}, caller=intruder),
                read(B7, message="x"),
            ],
            3,
        ),
        ([read(B7), exchange("GET", B7, 200, rk_booking(), caller=intruder)], 2),
    ):
        check = TrafficCheck("reservekit-v1", account=account, home="walk", rules_only=True)
        for item in traffic:
            check.observe(item)
        assert [(f.rule, f.index) for f in check.findings] == [("RK-ROLES-EVERY-OPERATION", index)]


def test_another_accounts_create_answered_as_the_walks_own_breaks_the_roles_rule() -> None:
    """A Bardge create shows no booking view (its replay answers as it first did), yet another
    account's create answered word for word as the walk's was names the walk's booking: a vendor
    looked its key up without its owner. One of its own (its own id), a refusal, and a create of
    the walk's answered alike twice (a retry) are none."""
    theirs = fingerprint_of("Bearer theirs")
    intruder = f"Bearer ********#{theirs}"
    initiation = {"object": "booking_initiation", "booking_id": "bkg_1", "status": "initiated"}
    sent = {"provider_id": 1, "slot_id": "slot_1_20270111"}

    def judged(*second: Exchange) -> list[tuple[str, int]]:
        check = TrafficCheck(
            "bardge-v3",
            account=lambda item: "another" if caller_of(item) == theirs else "walk",
            home="walk",
            rules_only=True,
        )
        for item in (exchange("POST", "/bookings/spa", 201, initiation, sent=sent), *second):
            check.observe(item)
        return [(f.rule, f.index) for f in check.findings if f.rule.endswith("OPERATION")]

    assert judged(exchange("POST", "/bookings/spa", 201, initiation, sent=sent, caller=intruder)) == [
        ("BG-ROLES-EVERY-OPERATION", 2)
    ]
    own = {**initiation, "booking_id": "bkg_2"}
    assert judged(exchange("POST", "/bookings/spa", 201, own, sent=sent, caller=intruder)) == []
    refused = {"object": "error", "status": 403, "code": "permission_denied", "message": "no"}
    assert judged(exchange("POST", "/bookings/spa", 403, refused, sent=sent, caller=intruder)) == []
    assert judged(exchange("POST", "/bookings/spa", 201, initiation, sent=sent)) == []


def bg_booking(**fields: object) -> dict[str, object]:
    """A Bardge spa booking as its spec shows one, on hold."""
    return {
        "object": "booking",
        "id": "bk_7",
        "type": "spa",
        "status": "initiated",
        "client_id": "cl_1",
        "provider_id": 3,
        "slot_id": "slot_1_20270111",
        "class_instance_id": None,
        "starts_at": "2027-01-11T10:00:00Z",
        "ends_at": "2027-01-11T11:00:00Z",
        "hold_expires_at": "2027-01-06T15:15:00Z",
        "payment_method": None,
        "credits_charged": 0,
        **fields,
    }


def test_time_alone_moves_a_holds_status_and_nothing_else() -> None:
    """A hold expires by time alone: its status may go to expired between two reads with
    nothing sent; its start moving with it is no hold expiring (the rule was excused whole)."""
    path = "/bookings/bk_7"

    def judged(*reads: dict[str, object]) -> list[str]:
        traffic = [exchange("GET", path, 200, shown, at=n * 1200) for n, shown in enumerate(reads)]
        families = ("WHOLE-READ-AFTER-WRITE", "NEIGHBOURS", "CHANGES-NOTHING", "EVERY-SPELLING", "OPERATION")
        return [f.rule for f in check_all("bardge-v3", traffic).findings if f.rule.endswith(families)]

    assert judged(bg_booking(), bg_booking(status="expired")) == []
    moved = judged(bg_booking(), bg_booking(status="expired", starts_at="2027-01-12T10:00:00Z"))
    assert moved == ["BG-WHOLE-READ-AFTER-WRITE"], moved


def test_time_alone_is_judged_by_the_sandboxs_clock_not_the_day_the_trace_was_recorded() -> None:
    """A merchant booking ends on 11 January 2027; the trace was recorded in March, on a sandbox
    whose clock its control API showed stopped on 6 January. Its note moving with nothing sent
    is no visit ending: the finding stands (it was lost once the wall clock passed the booking,
    which made the family proofs depend on the day CI runs)."""
    march = timedelta(days=67)
    shown = {"from_date": "2027-01-11T10:00:00Z", "to_date": "2027-01-11T11:00:00Z", "customer_note": "hi"}

    def read(note: str, n: int) -> Exchange:
        answer = {**shown, "customer_note": note}
        return exchange("GET", "/bookings/customer/7", 200, answer, at=int(march.total_seconds()) + n)

    stopped = exchange(
        "POST", "/_sandbox/clock/freeze", 200, {"now": "2027-01-06T15:00:00+00:00", "frozen": True}
    )

    def found(*traffic: Exchange) -> list[str]:
        return [f.rule for f in check_all("merchant", traffic).findings if "SPEC" not in f.rule]

    assert found(replace(stopped, started=stopped.started + march), read("hi", 1), read("moved", 2)) == [
        "MR-WHOLE-READ-AFTER-WRITE"
    ]
    # With no word of the sandbox's clock, the wall clock is the target's: the visit has ended.
    assert found(read("hi", 1), read("moved", 2)) == []


def test_a_recordings_control_calls_are_read_by_every_apis_check() -> None:
    """check-har passed the control API's calls by unread: the contract kit's own recording
    broke the read-after-write rule where it moved the clock past a booking's end. A clock set
    before the API's first call is read too: the timestamps are held to it."""
    clock = exchange("POST", "/_sandbox/clock/advance", 200, {"now": LATER}, sent={"seconds": 86400})
    moved = [read(B7), clock, read(B7, status="cancelled")]
    assert check_recording("reservekit-v1", moved).findings == []
    set_at = "2030-01-01T00:00:00Z"
    written = "2027-01-06T15:00:05Z"  # the wall clock's, where the target's stood at 2030
    traffic = [
        exchange("POST", "/_sandbox/clock/set", 200, {"now": set_at, "frozen": True}, sent={"at": set_at}),
        read(B7),
        exchange("PATCH", B7, 200, rk_booking(message="x", updated_at=written), sent={"message": "x"}, at=5),
    ]
    (finding,) = check_recording("reservekit-v1", traffic).findings
    assert finding.rule == "RK-TIMESTAMPS"
    assert finding.line().endswith(
        f"before {set_at.replace('Z', '+00:00')}, which the target had shown at #1"
    )


@pytest.mark.parametrize(("window", "expected"), [(None, [3]), (3, [3]), (2, [])])
def test_a_check_with_a_window_starts_its_judgements_again_past_it(
    window: int | None, expected: list[int]
) -> None:
    """A proxy runs for days, and what each judgement keeps grows with the bookings it saw: past
    its window, the check judges on as a new trace would, from the exchange after."""
    traffic = [read(B8, booking=8), read(B7), read(B7, message="x")]
    check = TrafficCheck("reservekit-v1", window=window)
    for item in traffic:
        check.observe(item)
    assert [f.index for f in check.findings if "SPEC" not in f.rule] == expected
    assert check.exchanges == len(traffic)  # numbered as one trace, whatever its window
