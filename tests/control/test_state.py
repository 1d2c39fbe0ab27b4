"""Reset, reseed, scenarios, and exporting and importing a sandbox's state."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.urls import database_url
from mockserver.storage.slots import schema as slot_tables
from mockserver.storage.snapshots import snapshots
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, START, ApiClient


def test_reset_forgets_changes_and_the_moved_clock(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    control(API_KEY).advance("2d")
    state = control(API_KEY).ok("POST", "/reset")
    assert datetime.fromisoformat(state["clock"]["now"]) == START
    assert state["seed"] == 42
    assert api.get(f"/bookings/{booking_id}").status_code == 404


def test_a_reset_keeps_the_journal_faults_and_webhooks_unless_told_to_clear_them(
    api: ApiClient, control: Any
) -> None:
    mine, others = control(API_KEY), control(OTHER_KEY)
    for sandbox in (mine, others):
        sandbox.ok("POST", "/faults", json={"kind": "latency", "distribution": "fixed", "ms": 1})
        sandbox.ok(
            "POST", "/webhooks", json={"url": "http://127.0.0.1:9/hooks", "events": ["bookings.create"]}
        )
    api.book()
    hook = mine.ok("GET", "/webhooks")["webhooks"][0]["id"]
    assert mine.ok("GET", f"/webhooks/{hook}/deliveries")["deliveries"], "the booking made no delivery"
    # The delivery's attempt is journaled by the sender, after the booking's answer: counted
    # before it lands, the journal would seem to grow across the reset (the clock is frozen, so
    # no retry follows).
    deadline = time.monotonic() + 10
    while mine.ok("GET", "/journal/count", params={"kind": "webhook"})["count"] == 0:
        assert time.monotonic() < deadline, "the delivery's attempt was never journaled"
        time.sleep(0.02)

    def held(sandbox: Any) -> tuple[int, int, int]:
        return (
            sandbox.ok("GET", "/journal/count")["count"],
            len(sandbox.ok("GET", "/faults")["faults"]),
            len(sandbox.ok("GET", "/webhooks")["webhooks"]),
        )

    kept = held(mine)
    mine.ok("POST", "/reset")
    assert held(mine) == kept
    cleared = mine.ok("POST", "/reset", json={"clear": True})
    assert cleared["seed"] == 42
    assert held(mine) == (0, 0, 0)
    assert mine.get(f"/webhooks/{hook}/deliveries").status_code == 404
    assert held(others)[1:] == (1, 1), "another sandbox's faults or webhooks went too"
    assert api.get("/services/1").status_code == 200  # the seeded world is there


def test_reseeding_gives_another_world_and_only_to_this_sandbox(
    api: ApiClient, other_api: ApiClient, control: Any
) -> None:
    before = api.get("/services/1").json()["data"]["name"]
    assert control(API_KEY).ok("POST", "/reset", json={"seed": 7})["seed"] == 7
    assert control(API_KEY).ok("GET", "/sandbox")["seed"] == 7
    names = {api.get(f"/services/{i}").json()["data"]["description"] for i in (1, 2)}
    assert names != {other_api.get(f"/services/{i}").json()["data"]["description"] for i in (1, 2)}
    assert other_api.get("/services/1").json()["data"]["name"] == before


def test_a_scenario_that_cannot_be_arranged_says_why_and_changes_nothing(
    api: ApiClient, control: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    booking_id = api.book().json()["data"]["id"]
    before = control(API_KEY).get("/state").content
    # A world whose slots all vanished: the scenario has no day to fill.
    monkeypatch.setattr("mockserver.domain.slots.model.TimeSlot.occurs_on", lambda self, day: False)
    refused = control(API_KEY).post("/reset", json={"scenario": "fully-booked-day"})
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "scenario_unavailable"
    assert "fully-booked-day" in refused.json()["detail"]
    monkeypatch.undo()
    assert control(API_KEY).get("/state").content == before
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_unknown_scenarios_and_bad_seeds_change_nothing(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    missing = control(API_KEY).post("/reset", json={"scenario": "no-such-thing"})
    assert missing.status_code == 404
    assert control(API_KEY).post("/reset", json={"seed": -1}).status_code == 400
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_scenarios_are_listed(control: Any) -> None:
    names = {s["name"] for s in control(API_KEY).ok("GET", "/scenarios")["scenarios"]}
    assert names == {"fully-booked-day", "class-at-capacity", "cancellation-deadlines", "dst-series"}


def test_export_import_round_trip_gives_the_same_bytes(api: ApiClient, control: Any) -> None:
    api.book()
    control(API_KEY).advance("1h")
    exported = control(API_KEY).get("/state")
    assert exported.status_code == 200
    document = exported.json()
    assert document["format"] == "booking-sandbox-state"

    imported = control(OTHER_KEY).put(
        "/state", content=exported.content, headers={"Content-Type": "application/json"}
    )
    assert imported.status_code == 200, imported.text
    assert control(OTHER_KEY).get("/state").content == exported.content


def test_an_export_sees_the_sandbox_at_one_moment(
    api: ApiClient, control: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL each of the export's reads saw a moment of its own (read committed): with
    another server's requests between them (three servers on one database, a clock moved and
    bookings made), one export in eight was a document its own import refused ("created_at lies
    after the document's clock"). Here another writer empties the bookings between two reads."""
    api.book()
    before = control(API_KEY).get("/state").content
    racing = sa.create_engine(database_url(settings.db))
    tables_of = snapshots._tables_of
    raced: list[int] = []

    def read_while_another_writes(connection: sa.Connection, tenant_id: int) -> Any:
        if not raced:
            with racing.begin() as other:
                raced.append(other.execute(sa.delete(slot_tables.bookings)).rowcount)
        return tables_of(connection, tenant_id)

    monkeypatch.setattr(snapshots, "_tables_of", read_while_another_writes)
    during = control(API_KEY).get("/state").content
    racing.dispose()
    assert raced[0] > 0, "the other writer deleted bookings"
    assert during == before


# Every C0 and C1 control character and DEL, but the NUL no text field takes.
CONTROLS = "".join(map(chr, [*range(1, 0x20), 0x7F, *range(0x80, 0xA0)]))


def test_an_export_of_any_text_the_apis_took_imports_again(api: ApiClient, control: Any) -> None:
    """The explorer booked a customer named ``\x1c``, which ReserveKit's schema takes: the
    export of that sandbox was refused on import ("holds a control character"), so the state
    a user saved could not come back."""
    made = api.book(customer_name=f"Jane{CONTROLS}Doe", message=f"see{CONTROLS}you")
    assert made.status_code == 201, made.text
    exported = control(API_KEY).get("/state")
    imported = control(OTHER_KEY).put(
        "/state", content=exported.content, headers={"Content-Type": "application/json"}
    )
    assert imported.status_code == 200, imported.text
    assert control(OTHER_KEY).get("/state").content == exported.content


def test_import_restores_what_was_exported(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    saved = control(API_KEY).get("/state").content
    api.delete(f"/bookings/{booking_id}")
    control(API_KEY).put("/state", content=saved, headers={"Content-Type": "application/json"})
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_an_export_after_changes_on_a_frozen_clock_imports_again(api: ApiClient, control: Any) -> None:
    """Each change of a row on a clock that has not moved is stamped a microsecond after the
    last, so a client sees ``updated_at`` move: the sandbox's own export then holds rows a
    little after its clock, and imports as it is. A day after it is still refused."""
    booking_id = api.book().json()["data"]["id"]
    for message in ("first", "second"):
        assert api.patch(f"/bookings/{booking_id}", json={"message": message}).status_code == 200
    document = control(API_KEY).ok("GET", "/state")
    clock = document["clock"]["frozen_at"]
    booked = next(row for row in document["apis"]["reservekit-v1"]["bookings"] if row["id"] == booking_id)
    assert booked["updated_at"] > clock, "the changes were stamped after the frozen clock"
    assert control(API_KEY).put("/state", json=document).status_code == 200
    assert control(API_KEY).ok("GET", "/state") == document
    booked["updated_at"] = "2027-01-07T15:00:00"
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code == 422, refused.text
    assert "lies after the document's clock" in refused.text


def test_an_older_export_restores_with_its_own_clock(api: ApiClient, control: Any) -> None:
    """Restoring is what import is for: the clock goes back with the rows it stored."""
    saved = control(API_KEY).get("/state").content
    at_export = control(API_KEY).ok("GET", "/clock")["now"]
    control(API_KEY).advance("3d")
    booking_id = api.book().json()["data"]["id"]
    restored = control(API_KEY).put("/state", content=saved, headers={"Content-Type": "application/json"})
    assert restored.status_code == 200, restored.text
    assert control(API_KEY).ok("GET", "/clock")["now"] == at_export
    assert api.get(f"/bookings/{booking_id}").status_code == 404


def _overfill(tables: dict[str, Any]) -> None:
    """Copies of a booking past its time slot's capacity, with fresh ids the counter covers."""
    booking = next(b for b in tables["bookings"] if b["status"] in ("pending", "confirmed"))
    slot = next(t for t in tables["time_slots"] if t["id"] == booking["time_slot_id"])
    top = max(b["id"] for b in tables["bookings"])
    tables["bookings"].extend({**booking, "id": top + n} for n in range(1, slot["max_bookings"] + 1))
    counter = next(c for c in tables["id_counters"] if c["entity"] == "booking")
    counter["next_id"] = top + slot["max_bookings"] + 1


def _moved(row: dict[str, Any], **by: int) -> None:
    """``row``'s dates moved by days, its instants by hours (the document's text forms)."""
    for column, amount in by.items():
        if column == "date":
            row[column] = (date.fromisoformat(row[column]) + timedelta(days=amount)).isoformat()
        else:
            row[column] = (datetime.fromisoformat(row[column]) + timedelta(hours=amount)).isoformat()


def _unbooked_slot_backwards(tables: dict[str, Any]) -> None:
    """A time slot no booking holds, ending an hour before it starts: a booking's own check
    (its instants are its slot's) would refuse a booked one for that reason alone."""
    booked = {booking["time_slot_id"] for booking in tables["bookings"]}
    slot = next(slot for slot in tables["time_slots"] if slot["id"] not in booked)
    slot["end_time"] = f"{int(slot['start_time'][:2]) - 1:02d}{slot['start_time'][2:]}"


def _to_the_year_9999(booking: dict[str, Any]) -> None:
    """A booking moved by whole weeks to 9999, on its slot's weekday at its slot's hours: all
    but its year fits; a booking there read in a zone west of UTC overflowed the calendar."""
    days = (date(9999, 12, 31) - date.fromisoformat(booking["date"])).days // 7 * 7
    _moved(booking, date=days, starts_at=days * 24, ends_at=days * 24)


@pytest.mark.sqlite_only(
    "the document is refused by its check before anything is written (``snapshots.checked_document``); "
    "a refusal from the write itself changing nothing stays proven on both backends "
    "(test_a_bad_import_into_a_new_key_leaves_it_a_new_key)"
)
@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="other"),
        lambda d: d["apis"].update({"nope": {}}),
        lambda d: d["apis"]["reservekit-v1"]["bookings"].append({"id": "x"}),
        lambda d: d["apis"]["reservekit-v1"]["bookings"].append(
            dict(d["apis"]["reservekit-v1"]["bookings"][0])
        ),
        lambda d: d["apis"]["reservekit-v1"].update({"tenants": []}),
        lambda d: d.update(seed=2**70),
        lambda d: d["clock"].update(offset_us=10**20),
        lambda d: d["clock"].update(frozen_at="0001-01-01T00:00:00"),
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(time_slot_id=2**63),
        lambda d: [c.update(next_id=1) for c in d["apis"]["reservekit-v1"]["id_counters"]],
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(time_slot_id=9999),
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(status="bogus"),
        lambda d: d["apis"]["reservekit-v1"]["time_slots"][0].update(max_bookings=-5),
        lambda d: _overfill(d["apis"]["reservekit-v1"]),
        lambda d: d["clock"].update(frozen_at="1950-01-01T00:00:00", offset_us=0),
        lambda d: d["apis"]["reservekit-v1"]["locations"][0].update(timezone="Mars/Olympus"),
        lambda d: _moved(d["apis"]["reservekit-v1"]["bookings"][0], date=1),
        lambda d: _moved(d["apis"]["reservekit-v1"]["bookings"][0], starts_at=1, ends_at=1),
        lambda d: _moved(d["apis"]["merchant"]["reservations"][0], ends_at=-24),
        lambda d: d["apis"]["lifecycle"]["folios"][0].update(add_ons={"x": 1}),
        lambda d: d["apis"]["lifecycle"]["folios"][0].update(pending_edit="x"),
        lambda d: d["apis"]["lifecycle"]["service_terms"][0].update(fee_tiers=[{"x": 1}]),
        lambda d: d["apis"]["lifecycle"]["service_terms"][0]["fee_tiers"].pop(),
        lambda d: d["apis"]["lifecycle"]["services"][0].update(currency="??"),
        lambda d: d["apis"]["merchant"]["services"][0].update(duration_minutes=10**9),
        lambda d: d["apis"]["lifecycle"]["service_terms"][0].update(check_in_minutes=-10),
        lambda d: d["apis"]["reservekit-v1"]["services"][0].update(color="red"),
        lambda d: d["apis"]["merchant"]["services"][0].update(min_participants=5, max_participants=2),
        lambda d: d["apis"]["lifecycle"]["add_ons"][0].update(uuid="zzz"),
        lambda d: d["apis"]["lifecycle"]["services"][0].update(
            uuid=d["apis"]["lifecycle"]["services"][0]["uuid"].upper()
        ),
        lambda d: _to_the_year_9999(d["apis"]["reservekit-v1"]["bookings"][0]),
        lambda d: d["apis"]["merchant"]["blocked_times"][0].update(blocked_type_id=0),
        lambda d: d["apis"]["merchant"]["customers"][0].update(created_at="0001-01-01T00:00:00+05:00"),
        lambda d: d["apis"]["reservekit-v1"]["time_slots"][1].pop("start_time"),
        lambda d: d["apis"]["bardge-v3"]["issued_passes"][-1].pop("id"),
        lambda d: d["apis"]["lifecycle"]["service_terms"].pop(0),
        lambda d: d["apis"]["merchant"]["blocked_times"][-1].update(id=-986),
        lambda d: d["apis"]["bardge-v3"]["customers"][0].update(id=0),
        lambda d: d["apis"]["bardge-v3"]["id_counters"].append({"entity": "lookup", "next_id": 0}),
        lambda d: d["apis"]["lifecycle"]["folios"][0].update(add_ons=None),
        lambda d: d["apis"]["lifecycle"]["service_terms"][0].update(fee_tiers=None),
        lambda d: _unbooked_slot_backwards(d["apis"]["reservekit-v1"]),
        lambda d: d["apis"]["merchant"]["opening_hours"][0].update(closes="08:00:00", opens="09:00:00"),
        lambda d: d["apis"]["lifecycle"]["staff_shifts"][0].update(ends="09:00:00", starts="09:00:00"),
        lambda d: d["apis"]["reservekit-v1"]["customers"][1].update(email_key="someone@else.example"),
        lambda d: d["apis"]["lifecycle"]["customers"][1].update(
            uuid=d["apis"]["lifecycle"]["customers"][0]["uuid"]
        ),
        lambda d: d["apis"]["lifecycle"]["folios"][0].update(number="BK-999999"),
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(status="cancelled", cancel_reason=None),
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(status="cancelled", cancel_reason="  "),
        lambda d: d["apis"]["reservekit-v1"]["bookings"][0].update(cancel_reason="plans changed"),
    ],
    ids=[
        "format",
        "unknown api",
        "bad id",
        "duplicate row",
        "not a tenant table",
        "seed beyond 32 bits",
        "clock offset beyond the calendar",
        "clock before 1900",
        "integer beyond 64 bits",
        "id counters rolled back",
        "a booking of a missing time slot",
        "an unknown status",
        "a negative capacity",
        "more bookings than places",
        "clock moved back under what it stored",
        "an unknown time zone",
        "a booking moved off its time slot's weekday",
        "a booking at other hours than its time slot's",
        "a reservation ending before it starts",
        "a folio's add-ons not pairs",
        "a folio's edit in progress not an edit",
        "a fee tier of unknown keys",
        "fee tiers not ending at 0 hours",
        "a currency no ISO 4217 code",
        "a service of a billion minutes",
        "a negative check-in window",
        "a colour that is no hex colour",
        "fewer places than the minimum",
        "a uuid that is none",
        "a uuid not as the sandbox writes it",
        "a date past the clock's years",
        "a blocked time of a type no world has",
        "an instant before the calendar's first, read in UTC",
        "a row without a column that may not be null",
        "a row without its id",
        "a lifecycle service without its terms",
        "an id below 1, which no answer may show",
        "an id of 0",
        "an id counter below 1",
        "a folio's add-ons null, which JSON columns take as JSON's null",
        "fee tiers null",
        "a time slot ending before it starts",
        "opening hours closing before they open",
        "a shift ending as it starts",
        "an email's key not its email's",
        "two customers of one uuid",
        "a booking number not its id's",
        "a cancelled booking without its reason",
        "a cancelled booking whose reason is blank",
        "a reason on a booking not cancelled",
    ],
)
def test_a_bad_import_changes_nothing(api: ApiClient, control: Any, change: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    document = control(API_KEY).ok("GET", "/state")
    before = control(API_KEY).get("/state").content
    change(document)
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code in (400, 422), refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert control(API_KEY).get("/state").content == before
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_a_column_that_may_be_null_may_be_left_out(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    document = control(API_KEY).ok("GET", "/state")
    booking = next(b for b in document["apis"]["reservekit-v1"]["bookings"] if b["id"] == booking_id)
    assert booking.pop("cancel_reason") is None
    control(API_KEY).ok("PUT", "/state", json=document)
    again = control(API_KEY).ok("GET", "/state")["apis"]["reservekit-v1"]["bookings"]
    assert next(b for b in again if b["id"] == booking_id)["cancel_reason"] is None
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_an_import_of_one_api_reseeds_the_others_the_key_used_and_makes_none_it_did_not(
    api: ApiClient, control: Any
) -> None:
    """The APIs a document leaves out start again from the seed: reseeded where the key had
    used them, and, where it had not, seeded on their first use as a new key's are."""
    booking_id = api.book().json()["data"]["id"]
    whole = control(API_KEY).ok("GET", "/state")
    merchant_only = {**whole, "apis": {"merchant": whole["apis"]["merchant"]}}
    control(API_KEY).ok("PUT", "/state", json=merchant_only)
    assert api.get(f"/bookings/{booking_id}").status_code == 404, "ReserveKit was not reseeded"
    assert api.get("/services/1").status_code == 200

    fresh = control(OTHER_KEY)
    assert fresh.ok("PUT", "/state", json=merchant_only)["apis"] == ["merchant"]
    # First used after the import, ReserveKit is seeded from the imported seed and clock.
    assert (
        fresh.ok("GET", "/state")["apis"]["reservekit-v1"]
        == control(API_KEY).ok("GET", "/state")["apis"]["reservekit-v1"]
    )


def test_an_export_of_one_api_holds_its_rows_and_seeds_no_other(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    whole = control(API_KEY).ok("GET", "/state")
    one = control(API_KEY).ok("GET", "/state", params={"api": "reservekit-v1"})
    assert one == {**whole, "apis": {"reservekit-v1": whole["apis"]["reservekit-v1"]}}
    assert booking_id in {row["id"] for row in one["apis"]["reservekit-v1"]["bookings"]}
    fresh = control(OTHER_KEY)
    assert set(fresh.ok("GET", "/state", params={"api": "lifecycle"})["apis"]) == {"lifecycle"}
    assert fresh.ok("GET", "/sandbox")["apis"] == ["lifecycle"]
    refused = fresh.get("/state", params={"api": "reservekit-v9"})
    assert refused.status_code == 400, refused.text


def test_a_bad_import_into_a_new_key_leaves_it_a_new_key(control: Any) -> None:
    """The tenants an import into a new key needs are made in the import's own transaction:
    refused while writing (a duplicate row), it leaves none behind, empty or half-filled."""
    document = control(API_KEY).ok("GET", "/state")
    hours = document["apis"]["reservekit-v1"]["opening_hours"]
    hours.append(dict(hours[0]))
    refused = control(OTHER_KEY).put("/state", json=document)
    assert refused.status_code == 422, refused.text
    assert "do not fit together" in refused.text
    assert control(OTHER_KEY).get("/state").json()["apis"] == control(API_KEY).ok("GET", "/state")["apis"]


def test_a_lifecycle_booking_must_import_whole(control: Any) -> None:
    """A folio without its reservation would break every read of the booking (a 500), so the
    import is refused and names it."""
    document = control(API_KEY).ok("GET", "/state")
    lifecycle = document["apis"]["lifecycle"]
    orphan = lifecycle["folios"][0]["id"]
    lifecycle["reservations"] = [r for r in lifecycle["reservations"] if r["id"] != orphan]
    lifecycle["participants"] = [p for p in lifecycle["participants"] if p["reservation_id"] != orphan]
    before = control(API_KEY).get("/state").content
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code == 422, refused.text
    reasons = {p["name"]: p["reason"] for p in refused.json()["invalid_params"]}
    assert reasons["apis.lifecycle.folios[0].id"] == f"no reservations row has id {orphan}"
    assert control(API_KEY).get("/state").content == before


def test_a_bad_import_lists_every_problem(api: ApiClient, control: Any) -> None:
    api.book()
    document = control(API_KEY).ok("GET", "/state")
    tables = document["apis"]["reservekit-v1"]
    tables["bookings"][0]["status"] = "bogus"
    tables["bookings"][1]["customer_id"] = 424242
    tables["time_slots"][2]["max_bookings"] = 0
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code == 422, refused.text
    reasons = {p["name"]: p["reason"] for p in refused.json()["invalid_params"]}
    assert reasons == {
        "apis.reservekit-v1.bookings[0].status": reasons["apis.reservekit-v1.bookings[0].status"],
        "apis.reservekit-v1.bookings[1].customer_id": "no customers row has id 424242",
        "apis.reservekit-v1.time_slots[2].max_bookings": "must be at least 1",
    }
    assert reasons["apis.reservekit-v1.bookings[0].status"].startswith("not one of held, pending")


@pytest.mark.sqlite_only(
    "the document is refused by its check before anything is written (``snapshots.checked_document``); "
    "a refusal from the write itself changing nothing stays proven on both backends "
    "(test_a_bad_import_into_a_new_key_leaves_it_a_new_key)"
)
@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("email", "not-an-email", "An email address must have an @-sign."),
        ("email", "jane@example.com\n", None),
        ("phone", "12025550185", "not an E.164 phone number, e.g. +12025550185"),
        ("phone", "+1 202 555 0185", "not an E.164 phone number, e.g. +12025550185"),
        ("name", "J" * 2001, "longer than 2000 characters"),
    ],
    ids=["email", "email with a newline", "phone without +", "phone with spaces", "too long"],
)
def test_an_imported_text_meets_the_apis_own_rules(
    api: ApiClient, control: Any, column: str, value: str, reason: str | None
) -> None:
    """State import is hostile input that enters whole: every text column goes through what the
    APIs check (email-validator, E.164, lengths), and nothing changes."""
    api.book()
    document = control(API_KEY).ok("GET", "/state")
    before = control(API_KEY).get("/state").content
    document["apis"]["reservekit-v1"]["customers"][0][column] = value
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code == 422, refused.text
    reasons = {p["name"]: p["reason"] for p in refused.json()["invalid_params"]}
    where = f"apis.reservekit-v1.customers[0].{column}"
    assert where in reasons, reasons
    assert reason is None or reasons[where] == reason, reasons
    assert control(API_KEY).get("/state").content == before


def test_an_imported_nul_is_refused_where_every_body_refuses_one(api: ApiClient, control: Any) -> None:
    """A NUL, which PostgreSQL's text cannot hold, is refused as the request's body is read (as
    every API's body is), naming where it is, and nothing changes."""
    api.book()
    document = control(API_KEY).ok("GET", "/state")
    before = control(API_KEY).get("/state").content
    document["apis"]["reservekit-v1"]["customers"][0]["name"] = "Jane\x00Doe"
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"] == (
        "'apis.reservekit-v1.customers[0].name' holds a NUL character (\\u0000), which no text field takes"
    )
    assert control(API_KEY).get("/state").content == before


def test_an_export_of_an_api_the_server_does_not_serve_is_refused(tmp_path: Any) -> None:
    settings = Settings.load(
        {"db": str(tmp_path / "one.db"), "apis": ["reservekit-v1"], "start_at": START, "frozen": True},
        environ={},
    )
    with TestClient(create_app(settings)) as http:
        refused = http.get(
            "/_sandbox/state", params={"api": "merchant"}, headers={"Authorization": f"Bearer {API_KEY}"}
        )
    assert refused.status_code == 422, refused.text
    assert refused.json()["invalid_params"] == [
        {"name": "api", "reason": "not served here (serving reservekit-v1)"}
    ], refused.text
