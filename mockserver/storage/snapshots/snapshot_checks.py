"""What an imported state document must satisfy beyond its columns' types: the domain's invariants.

A state import is hostile input that enters whole. Each column was already
converted to its type (``snapshot_columns``); here the rows are checked as a
sandbox: every reference names a row the document holds, every status is one
the domain knows, capacities are positive and no occurrence holds more places
than it has, every JSON column holds what the ledger writes and names rows the
document holds (``snapshot_json``), every column a world file bounds (a currency
among them) is bounded so (``snapshot_world``), the times are where the domain puts
them (``snapshot_times``), each uuid names one row and each email's key is its
email's (``snapshot_keys``), every id counter is past the ids already used (a
counter rolled back would make the next create collide), and nothing is recorded as
having happened after the document's own clock reads (a sandbox clock only moves
forward past what it stored). Every problem is listed.
"""

from __future__ import annotations

import enum
import functools
import uuid
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from mockserver.domain.kernel.contact import E164_PATTERN, email_problem
from mockserver.domain.kernel.errors import FieldProblem
from mockserver.domain.kernel.model import BookingStatus, PriceType, ServiceKind
from mockserver.domain.lifecycle.orders import EntryKind
from mockserver.domain.lifecycle.terms import FieldKind
from mockserver.domain.reseller.model import LookupState, PassState, PurchaseKind, PurchaseState, VisitStatus
from mockserver.storage.snapshots.snapshot_json import JSON_CHECKED, json_problems
from mockserver.storage.snapshots.snapshot_keys import key_problems
from mockserver.storage.snapshots.snapshot_times import time_problems
from mockserver.storage.snapshots.snapshot_world import world_problems

Tables = Mapping[str, list[dict[str, Any]]]

# The longest text any API takes (a custom form's answer, a message): no text column holds more.
TEXT_LIMIT = 2000


def text_problem(column: str, value: str) -> str | None:
    """Why a text column's imported value is one no API would have stored, or None: the APIs'
    own email and E.164 rules on the columns that hold them, a uuid's form, their lengths, no
    NUL. Other control characters are what the APIs store (a name of ``\x1c`` is a name their
    schemas take), so an export holding one imports again."""
    if len(value) > TEXT_LIMIT:
        return f"longer than {TEXT_LIMIT} characters"
    if "\x00" in value:
        return "holds a NUL character, which no text field takes"
    if column in ("email", "email_key"):
        return email_problem(value)
    form = _FORMS.get(column)
    return form[1] if form is not None and not form[0](value) else None


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


# Each answer that shows one of these has a schema for it (a 500 from the answer's check, had
# junk been imported), and the APIs find a uuid by its lower-case canonical form.
_FORMS: Mapping[str, tuple[Callable[[str], bool], str]] = {
    "phone": (
        lambda value: not value or bool(E164_PATTERN.match(value)),
        "not an E.164 phone number, e.g. +12025550185",
    ),
    "uuid": (_is_uuid, "not a UUID as the sandbox writes one, e.g. 7d824264-1ba3-42e7-afa4-15e56d204496"),
}


# (table, column) -> the table whose id it names.
REFERENCES: Mapping[tuple[str, str], str] = {
    ("locations", "provider_id"): "providers",
    ("opening_hours", "location_id"): "locations",
    ("services", "provider_id"): "providers",
    ("services", "location_id"): "locations",
    ("time_slots", "service_id"): "services",
    ("time_slots", "staff_id"): "staff",
    ("bookings", "service_id"): "services",
    ("bookings", "time_slot_id"): "time_slots",
    ("bookings", "customer_id"): "customers",
    ("staff", "provider_id"): "providers",
    ("staff", "location_id"): "locations",
    ("staff_shifts", "staff_id"): "staff",
    ("blocked_times", "provider_id"): "providers",
    ("blocked_times", "staff_id"): "staff",
    ("reservations", "provider_id"): "providers",
    ("reservations", "service_id"): "services",
    ("reservations", "location_id"): "locations",
    ("reservations", "staff_id"): "staff",
    ("participants", "reservation_id"): "reservations",
    ("participants", "customer_id"): "customers",
    ("add_ons", "service_id"): "services",
    ("form_fields", "service_id"): "services",
    ("folios", "owner_id"): "customers",
    ("order_entries", "order_id"): "orders",
    ("visits", "booking_id"): "bookings",
    ("visits", "client_id"): "reseller_clients",
    ("visits", "copay_purchase_id"): "purchases",
    ("purchases", "client_id"): "reseller_clients",
    ("purchases", "visit_id"): "visits",
    ("issued_passes", "client_id"): "reseller_clients",
    ("lookups", "client_id"): "reseller_clients",
    ("access_codes", "client_id"): "reseller_clients",
}

# Tables whose rows share their id with rows of other tables: a lifecycle booking is one
# reservation with its folio and its order, and a service's terms are the service's.
SAME_ID: Mapping[str, tuple[str, ...]] = {
    "folios": ("reservations", "orders"),
    "orders": ("folios",),
    "service_terms": ("services",),
}
# The same, for one API's tables only: every lifecycle service is shown with its terms (the
# services table is every API's, and only lifecycle's have terms).
SAME_ID_IN: Mapping[str, Mapping[str, tuple[str, ...]]] = {"lifecycle": {"services": ("service_terms",)}}

ENUMS: Mapping[tuple[str, str], type[enum.Enum]] = {
    ("bookings", "status"): BookingStatus,
    ("reservations", "status"): BookingStatus,
    ("participants", "status"): BookingStatus,
    ("services", "kind"): ServiceKind,
    ("services", "price_type"): PriceType,
    ("form_fields", "kind"): FieldKind,
    ("order_entries", "kind"): EntryKind,
    ("visits", "status"): VisitStatus,
    ("purchases", "kind"): PurchaseKind,
    ("purchases", "status"): PurchaseState,
    ("issued_passes", "status"): PassState,
    ("lookups", "status"): LookupState,
}

# Columns that count something and so are at least one. Every row's id is too: the sandbox
# numbers rows from 1, and an API's schema for an id it shows has a minimum of 1 (a blocked time
# imported with id -986 made the merchant's calendar a 500 from the answer's check).
POSITIVE: tuple[tuple[str, str], ...] = (
    ("time_slots", "max_bookings"),
    ("services", "max_participants"),
    ("services", "duration_minutes"),
)

# Columns numbered by an id counter, in every table that has them.
NUMBERED = frozenset({"id", "series_id"})

# Columns recording when something happened: never after the sandbox clock's "now". An
# older export restores (its rows predate its clock); a clock moved back under them does not.
RECORDED = frozenset(
    {"created_at", "updated_at", "joined_at", "cancelled_at", "cancelled_by_merchant_on", "used_at"}
)
REVISION_NUDGE = timedelta(seconds=1)
"""How far an ``updated_at`` may lie after the clock: each change of a row on a clock that has
not moved (a frozen one) is stamped a microsecond after the last (``next_revision_time``), so
the sandbox's own export holds such rows; a million changes would be needed to reach this."""

# id counter entity -> (table, column) whose values it hands out.
COUNTED: Mapping[str, tuple[str, str]] = {
    "access_code": ("access_codes", "id"),
    "booking": ("bookings", "id"),
    "customer": ("customers", "id"),
    "issued_pass": ("issued_passes", "id"),
    "lookup": ("lookups", "id"),
    "order_entry": ("order_entries", "id"),
    "participant": ("participants", "id"),
    "purchase": ("purchases", "id"),
    "reservation": ("reservations", "id"),
    "series": ("reservations", "series_id"),
    "visit": ("visits", "id"),
}


def invariant_problems(api: str, tables: Tables, now: datetime) -> list[FieldProblem]:
    """Every broken invariant of one API's tables, named by where it is; ``now`` is what the
    document's clock reads (naive UTC, as stored)."""
    problems: list[FieldProblem] = []
    ids = {name: {row.get("id") for row in rows} for name, rows in tables.items()}
    for name, rows in tables.items():
        checked = _checked_columns(name)
        for index, row in enumerate(rows):
            where = f"apis.{api}.{name}[{index}]"
            problems += [FieldProblem(f"{where}.{column}", why) for column, why in world_problems(name, row)]
            for column, value in row.items():
                if value is None or column not in checked:
                    continue
                target = REFERENCES.get((name, column))
                if target is not None and value not in ids.get(target, set()):
                    problems.append(FieldProblem(f"{where}.{column}", f"no {target} row has id {value}"))
                problems += [
                    FieldProblem(f"{where}.{column}{below}", why)
                    for below, why in json_problems(name, column, value, ids)
                ]
                kind = ENUMS.get((name, column))
                if kind is not None and value not in _ENUM_VALUES[kind]:
                    allowed = ", ".join(str(member.value) for member in kind)
                    problems.append(FieldProblem(f"{where}.{column}", f"not one of {allowed}"))
                if (
                    ((name, column) in POSITIVE or column in NUMBERED)
                    and isinstance(value, int)
                    and value < 1
                ):
                    problems.append(FieldProblem(f"{where}.{column}", "must be at least 1"))
                latest = now + REVISION_NUDGE if column == "updated_at" else now
                if column in RECORDED and isinstance(value, datetime) and value > latest:
                    problems.append(
                        FieldProblem(
                            f"{where}.{column}", f"lies after the document's clock ({now.isoformat()}Z)"
                        )
                    )
    problems += _unpaired(api, tables, ids)
    problems += _over_capacity(api, tables)
    problems += _reasons(api, tables)
    problems += time_problems(api, tables)
    problems += key_problems(api, tables)
    problems += _counters_behind(api, tables)
    return problems


_ENUM_VALUES = {kind: frozenset(member.value for member in kind) for kind in ENUMS.values()}


@functools.cache
def _checked_columns(table: str) -> frozenset[str]:
    """The columns of ``table`` a value of which is checked on its own: a few of each row's
    (a state import meets a few thousand values, and looked up each check for every one)."""
    pairs = {*REFERENCES, *ENUMS, *POSITIVE, *JSON_CHECKED}
    return frozenset({column for named, column in pairs if named == table} | RECORDED | NUMBERED)


def _unpaired(api: str, tables: Tables, ids: Mapping[str, set[Any]]) -> list[FieldProblem]:
    return [
        FieldProblem(f"apis.{api}.{name}[{index}].id", f"no {other} row has id {row.get('id')}")
        for name, others in {**SAME_ID, **SAME_ID_IN.get(api, {})}.items()
        for index, row in enumerate(tables.get(name, []))
        for other in others
        if row.get("id") not in ids.get(other, set())
    ]


def _over_capacity(api: str, tables: Tables) -> list[FieldProblem]:
    capacity: dict[Any, int] = {
        slot["id"]: slot["max_bookings"]
        for slot in tables.get("time_slots", [])
        if isinstance(slot.get("max_bookings"), int)
    }
    holding = {status.value for status in BookingStatus if status.holds_a_place}
    taken = Counter(
        (booking.get("time_slot_id"), booking.get("date"))
        for booking in tables.get("bookings", [])
        if booking.get("status") in holding
    )
    return [
        FieldProblem(
            f"apis.{api}.bookings",
            f"{count} bookings hold places on time slot {slot} on {day}, which has {capacity[slot]}",
        )
        for (slot, day), count in sorted(taken.items(), key=str)
        if slot in capacity and count > capacity[slot]
    ]


def _reasons(api: str, tables: Tables) -> list[FieldProblem]:
    """ReserveKit's rule, as its PATCH keeps it: a cancelled booking carries its reason, and no
    other booking has one (imported, a reasonless cancel read back without ``cancel_reason``)."""
    return [
        FieldProblem(
            f"apis.{api}.bookings[{index}].cancel_reason", "required where status is cancelled, only there"
        )
        for index, row in enumerate(tables.get("bookings", []) if api == "reservekit-v1" else ())
        if (row.get("status") == "cancelled") != bool(str(row.get("cancel_reason") or "").strip())
    ]


def _counters_behind(api: str, tables: Tables) -> list[FieldProblem]:
    counters = {row.get("entity"): row.get("next_id") for row in tables.get("id_counters", [])}
    problems = [
        FieldProblem(f"apis.{api}.id_counters", f"the {entity} counter must be at least 1 (it is {next_id})")
        for entity, next_id in counters.items()
        if isinstance(next_id, int) and next_id < 1
    ]
    for entity, (name, column) in COUNTED.items():
        used = [row[column] for row in tables.get(name, []) if isinstance(row.get(column), int)]
        if not used:
            continue
        next_id = counters.get(entity)
        if not isinstance(next_id, int) or next_id <= max(used):
            problems.append(
                FieldProblem(
                    f"apis.{api}.id_counters",
                    f"the {entity} counter must be past {max(used)}, the highest id in use (it is {next_id})",
                )
            )
    return problems
