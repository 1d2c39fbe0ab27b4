"""The kit catches bugs: each broken sandbox below must make it fail, on the check meant for it.

One variant per rule of the inventory the kit checks (``rules=``), and one per
schema-check family. Each run is narrowed with ``-k`` to the checks that concern
it; the table of rule -> variant -> failing checks is printed at the end of the
session, and ``test_inventory.py`` holds the inventory and this list together.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from contract_tests.kit.inventory import load
from mockserver.apis.reservekit import auth as reservekit_auth
from mockserver.domain.calendar import reservations
from mockserver.domain.kernel.errors import DuplicateBooking
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle import booking_lifecycle as lifecycle
from mockserver.domain.reseller import visits
from mockserver.domain.slots import bookings
from mockserver.live_checks.proxy import Proxy
from mockserver.rule_engine.rules import RULES
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.kernel import queries
from mockserver.storage.reseller.ledger import SqlReseller
from mockserver.storage.slots import schema as slot_tables
from mockserver.storage.slots.ledger import SqlLedger
from tests.contract import mutants
from tests.contract.broken_documented import (
    DOCUMENTED_BREAKAGES,
    calendar_without_blocked_times,
    deleted_still_listed,
    total_counts_one_more,
)
from tests.contract.broken_races import RACES
from tests.contract.broken_rules import BREAKAGES
from tests.contract.broken_sandbox_rules import SANDBOX_BREAKAGES
from tests.contract.live import PYTHON_TEXT, Kit, failure_reasons, serving

Wrap = Callable[[Any], Any]


# --- business rules broken in the domain or storage -------------------------------------------


def capacity_unchecked(mp: pytest.MonkeyPatch) -> None:
    def duplicates_only(self: Any, customer_id: int, occurrence: Any, moving: int | None) -> None:
        places = self._ledger.places_at(occurrence.slot.id, occurrence.day, customer_id, excluding=moving)
        if places.held_by_customer:
            raise DuplicateBooking("duplicate booking")

    mp.setattr(bookings.BookingDesk, "_ensure_place_for", duplicates_only)


def duplicates_allowed(mp: pytest.MonkeyPatch) -> None:
    places_at = SqlLedger.places_at
    mp.setattr(
        SqlLedger,
        "places_at",
        lambda *args, **kwargs: replace(places_at(*args, **kwargs), held_by_customer=False),
    )


def cancelled_still_hold_places(mp: pytest.MonkeyPatch) -> None:
    # The create's count takes every status; whether the customer holds a place still asks
    # for a place-holding status, so only the count is broken.
    b = slot_tables.bookings.c
    occurrence = (b.tenant_id == queries.TENANT, b.time_slot_id == sa.bindparam("slot"))
    every = sa.select(sa.func.count()).where(*occurrence, b.date == sa.bindparam("day"))
    places_at = SqlLedger.places_at

    def counting_every_status(self: Any, time_slot_id: int, day: Any, *args: Any, **kwargs: Any) -> Any:
        taken = self._count(every, slot=time_slot_id, day=day)
        return replace(places_at(self, time_slot_id, day, *args, **kwargs), taken=taken)

    mp.setattr(SqlLedger, "places_at", counting_every_status)


def second_cancel_accepted(mp: pytest.MonkeyPatch) -> None:
    # The sandbox's own old bug: a closed booking judged only by its reason rule, so a second
    # cancel spelt with a reason was refused and the bare one answered 200.
    mp.setattr(bookings.BookingDesk, "_refuse_a_closed_change", classmethod(lambda *args: None))


def status_moves_backwards(mp: pytest.MonkeyPatch) -> None:
    allowed = dict(bookings.ALLOWED_TRANSITIONS)
    allowed[BookingStatus.CONFIRMED] = allowed[BookingStatus.CONFIRMED] | {BookingStatus.PENDING}
    mp.setattr(bookings, "ALLOWED_TRANSITIONS", allowed)


def move_keeps_old_place(mp: pytest.MonkeyPatch) -> None:
    update = SqlLedger.update_booking

    def keep_date(self: Any, booking_id: int, changes: Any) -> None:
        kept = {k: v for k, v in changes.items() if k not in ("date", "starts_at", "ends_at")}
        update(self, booking_id, kept)

    mp.setattr(SqlLedger, "update_booking", keep_date)


def one_sandbox_for_every_key(mp: pytest.MonkeyPatch) -> None:
    check = reservekit_auth.bearer_info
    mp.setattr(
        reservekit_auth, "bearer_info", lambda token: check(token) and {"sub": "sk_rsv_everyone_shares"}
    )


def deadline_in_days(mp: pytest.MonkeyPatch) -> None:
    """The merchant cancellation deadline counted in days where the document says hours."""
    real = reservations.timedelta

    def days_for_hours(*args: Any, **kwargs: Any) -> timedelta:
        if not args and set(kwargs) == {"hours"}:
            return real(days=kwargs["hours"])
        return real(*args, **kwargs)

    mp.setattr(reservations, "timedelta", days_for_hours)


def idempotency_keys_ignored(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(SqlReseller, "stored_answer", lambda self, owner, key: None)


def started_bookings_cancelable(mp: pytest.MonkeyPatch) -> None:
    """Lifecycle: a booking that has started is still cancelled, at its last tier's price."""
    quote = lifecycle.quote_cancellation

    def as_if_not_started(tiers: Any, starts_at: datetime, now: datetime, *amounts: int) -> Any:
        return quote(tiers, starts_at, min(now, starts_at - timedelta(seconds=1)), *amounts)

    mp.setattr(lifecycle, "quote_cancellation", as_if_not_started)


def tiers_counted_from_the_end(mp: pytest.MonkeyPatch) -> None:
    """Lifecycle: the fee tiers counted back from the booking's end (an hour late for an hour)."""
    quote = lifecycle.quote_cancellation

    def from_the_end(tiers: Any, starts_at: datetime, now: datetime, *amounts: int) -> Any:
        return quote(tiers, starts_at + timedelta(hours=1), now, *amounts)

    mp.setattr(lifecycle, "quote_cancellation", from_the_end)


def holds_never_expire(mp: pytest.MonkeyPatch) -> None:
    """Bardge: an unconfirmed hold keeps its spot for a year instead of 15 minutes."""
    mp.setattr(visits, "HOLD", timedelta(days=365))


# --- the wire spoiled by middleware -----------------------------------------------------------

BOOKING = r"/reservekit/v1/bookings/\d+"


def not_found_as_400(app: Any) -> Any:
    """A documented status in the wrong place: an unknown booking answered 400 instead of 404."""
    return mutants.RewriteResponses(app, "GET", BOOKING, mutants.status_swap(404, 400))


def status_dropped(app: Any) -> Any:
    def drop(body: Any) -> Any:
        body["data"].pop("status", None)
        return body

    return mutants.RewriteResponses(app, "GET", BOOKING, mutants.on_success(drop))


def id_as_text(app: Any) -> Any:
    def stringify(body: Any) -> Any:
        body["data"]["id"] = str(body["data"]["id"])
        return body

    return mutants.RewriteResponses(app, "GET", BOOKING, mutants.on_success(stringify))


def teapot_services(app: Any) -> Any:
    return mutants.RewriteResponses(app, "GET", r"/reservekit/v1/services", lambda status, body: (418, body))


def crash_on_customer_update(app: Any) -> Any:
    return mutants.RewriteResponses(
        app, "PATCH", BOOKING + "/customer", lambda status, body: (500, {"error": "internal"})
    )


def page_size_clamped(app: Any) -> Any:
    return mutants.ClampedQuery(app, "page_size", 100)


def lax_contact_fields(app: Any) -> Any:
    return mutants.LaxContactFields(app, "/reservekit/v1/bookings")


def every_phone_refused(app: Any) -> Any:
    return mutants.RefuseEveryPhone(app, "/reservekit/v1/bookings")


def no_auth_needed(app: Any) -> Any:
    return mutants.AcceptEveryCaller(app, "sk_rsv_anonymous_everyone")


@dataclass(frozen=True)
class Variant:
    name: str
    family: str
    api: str
    select: str  # pytest -k: the checks that concern this variant
    caught_by: str  # a failing check's name contains this
    domain: Callable[[pytest.MonkeyPatch], None] | None = None
    wire: Wrap | None = None
    phases: str = "examples,coverage,fuzzing"
    rules: tuple[str, ...] = ()  # the inventory rules this variant proves the kit checks
    checks: str = "all"  # the kit's --checks: a rule's proof needs no Schemathesis


@contextlib.contextmanager
def _through_a_proxy(api: str, upstream: str, passive: list[str]) -> Iterator[tuple[str, Proxy | None]]:
    """The kit's target: the sandbox itself, or a validating proxy in front of it where the
    variant breaks a rule the proxy checks passively."""
    if not passive:
        yield upstream, None
        return
    proxy = Proxy(api, upstream, out=io.StringIO())
    with serving(proxy) as front:
        yield front, proxy


def proving(rule_id: str, name: str, domain: Callable[[pytest.MonkeyPatch], None]) -> Variant:
    """A variant breaking one rule in the domain, run against that rule's own scenarios only."""
    rule = next(r for r in load().rules if r.id == rule_id)
    # Examples only: the coverage phase would build its cases for every operation at collection,
    # seconds of a run whose -k keeps none of them.
    selected = " or ".join(rule.scenarios)
    caught_by = "|".join(rule.scenarios)
    return Variant(
        name,
        rule_id,
        rule.api,
        selected,
        caught_by,
        domain,
        phases="examples",
        rules=(rule_id,),
        checks="rules",
    )


# The rules that share one check with another rule, and that other rule: when one breaks,
# the report must not call the other broken.
THE_OTHER_RULE = {
    "RK-CREATE-PENDING": "RK-STATUS-FORWARD",
    "RK-STATUS-FORWARD": "RK-CREATE-PENDING",
    "RK-NOT-FOUND": "RK-DELETE",
    "RK-LIST-BY-SERVICE": "RK-LIST-OLDEST-FIRST",
    "RK-LIST-OLDEST-FIRST": "RK-LIST-BY-SERVICE",
    "RK-READ-AFTER-WRITE": "RK-TIMESTAMPS",
    "RK-TIMESTAMPS": "RK-READ-AFTER-WRITE",
    "MR-CREATED-READABLE": "MR-PRICE-FORMATTED",
    "MR-PRICE-FORMATTED": "MR-CREATED-READABLE",
    "BG-VERIFIED-CLIENT": "BG-TOKEN-AFTER-VERIFY",
    "BG-TOKEN-AFTER-VERIFY": "BG-VERIFIED-CLIENT",
    "LC-CREATED-READABLE": "LC-CANCEL-SHOWN",
    "LC-CANCEL-SHOWN": "LC-CREATED-READABLE",
    "BG-CANCEL-SHOWN": "BG-CANCEL-IDEMPOTENT",
    "BG-CANCEL-IDEMPOTENT": "BG-CANCEL-SHOWN",
}

# The rules the validating proxy checks on observed traffic (mockserver/live_checks).
PASSIVE = frozenset(rule for rules in RULES.values() for rule in rules.ids)

# A scenario that reads a booking back: every response a scenario gets is held to the spec.
READS_A_BOOKING = "double_cancel"
RULE_BREAKAGES = {
    "RK-CAPACITY-FULL": ("a full time slot still takes bookings", capacity_unchecked),
    "RK-DUPLICATE": ("the same customer books a date twice", duplicates_allowed),
    "RK-CANCEL-FREES": ("cancelled bookings keep their place", cancelled_still_hold_places),
    "RK-CANCEL-ONCE": ("a second cancel is accepted", second_cancel_accepted),
    "RK-STATUS-FORWARD": ("confirmed goes back to pending", status_moves_backwards),
    "RK-RESCHEDULE": ("a moved booking keeps its old place", move_keeps_old_place),
    "RK-ISOLATION": ("every key opens the same account", one_sandbox_for_every_key),
    "MR-DEADLINE": ("cancellation deadline counted in days", deadline_in_days),
    "BG-IDEMPOTENCY": ("idempotency keys ignored", idempotency_keys_ignored),
    "LC-NO-CANCEL-AFTER-START": ("a started booking can still be cancelled", started_bookings_cancelable),
    "BG-HOLD-EXPIRES": ("an unconfirmed hold never expires", holds_never_expire),
    "LC-FEE-TIER-BOUNDARY": ("fee tiers counted from the booking's end", tiers_counted_from_the_end),
    **BREAKAGES,
    **SANDBOX_BREAKAGES,
    **DOCUMENTED_BREAKAGES,
    **RACES,
}
VARIANTS = [
    Variant(
        "not found answered 400",
        "wrong status code",
        "reservekit-v1",
        "delete",
        "delete",
        wire=not_found_as_400,
        rules=("RK-NOT-FOUND",),
        phases="examples",
    ),
    Variant(
        "a booking without its status",
        "missing required field",
        "reservekit-v1",
        READS_A_BOOKING,
        "test_reservekit::",
        wire=status_dropped,
        phases="examples",
        checks="rules",
    ),
    Variant(
        "a booking id as text",
        "wrong type",
        "reservekit-v1",
        READS_A_BOOKING,
        "test_reservekit::",
        wire=id_as_text,
        phases="examples",
        checks="rules",
    ),
    Variant(
        "services answer 418",
        "undocumented status",
        "reservekit-v1",
        "operation",
        "GET /v1/services]",
        wire=teapot_services,
        phases="coverage",
        checks="schema",
    ),
    Variant(
        "customer update crashes",
        "5xx",
        "reservekit-v1",
        "operation",
        "PATCH /v1/bookings/{bookingID}/customer",
        wire=crash_on_customer_update,
        phases="examples",
        checks="schema",
    ),
    Variant(
        # Schemathesis' own negative check passes it: the coverage phase spells the value as text,
        # which it takes for a change of type the query undoes; the rule engine reads the query.
        "a page size past its maximum is served",
        "query bound unchecked",
        "reservekit-v1",
        "operation and time-slots",
        "GET /v1/time-slots]",
        wire=page_size_clamped,
        phases="coverage",
        checks="schema",
    ),
    Variant(
        "requests without a key are served",
        "auth ignored",
        "reservekit-v1",
        "operation or auth",
        "GET /v1/services]",
        wire=no_auth_needed,
        phases="examples,coverage",
        rules=("RK-AUTH-BEARER",),
    ),
    Variant(
        "malformed emails and phones are accepted",
        "RK-EMAIL-PHONE-FORMAT",
        "reservekit-v1",
        "contact_format",
        "contact_format",
        wire=lax_contact_fields,
        phases="examples",
        rules=("RK-EMAIL-PHONE-FORMAT",),
        checks="rules",
    ),
    Variant(
        "every booking with a phone is refused, well-formed or not",
        "RK-EMAIL-PHONE-FORMAT (any 400)",
        "reservekit-v1",
        "contact_format",
        "contact_format",
        wire=every_phone_refused,
        phases="examples",
        checks="rules",
    ),
    *(proving(rule_id, name, breakage) for rule_id, (name, breakage) in RULE_BREAKAGES.items()),
    # A second way each of these rules breaks, which the first proof would not catch.
    proving("RK-DELETE", "a deleted booking is still listed", deleted_still_listed),
    proving("RK-LIST-BY-SERVICE", "total_count counts one booking more", total_counts_one_more),
    proving("MR-CALENDAR", "the calendar shows no blocked time", calendar_without_blocked_times),
]


@pytest.mark.slow
@pytest.mark.parametrize("variant", VARIANTS, ids=[v.family for v in VARIANTS])
def test_the_kit_catches(
    variant: Variant,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    detections: list[tuple[str, ...]],
    kit: Kit,
) -> None:
    if variant.domain is not None:
        variant.domain(monkeypatch)
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    served = variant.wire(app) if variant.wire is not None else app
    # Each passive rule's own breakage (a second way to break a rule may leave no trace that
    # traffic shows, as a deleted booking still holding its place).
    passive = [
        rule
        for rule in variant.rules
        if rule in PASSIVE and (rule not in RULE_BREAKAGES or RULE_BREAKAGES[rule][0] == variant.name)
    ]
    with serving(served) as upstream, _through_a_proxy(variant.api, upstream, passive) as (origin, proxy):
        result = kit.run(
            origin,
            variant.api,
            tmp_path,
            "--phases",
            variant.phases,
            "--max-examples",
            "10",
            "--checks",
            variant.checks,
            "--",
            "-k",
            variant.select,
        )
    caught = sorted(
        name for name in result.failed if any(part in name for part in variant.caught_by.split("|"))
    )
    if proxy is not None:
        # The validating proxy, with the kit's scenarios as the client session, reports the
        # break too: each passive rule is proven by the same broken sandbox as the kit's check.
        seen = {finding.rule for finding in proxy.check.report().findings}
        assert set(passive) <= seen, f"the proxy found {sorted(seen)}, not {passive}"
    proves = ", ".join(variant.rules) or f"({variant.family})"
    detections.append((proves, variant.name, variant.api, ", ".join(caught) or "NOT CAUGHT"))
    assert result.exit_code == 1, result.output[-3000:]
    # The report is the kit's own: no warnings of the libraries it runs on (Hypothesis warned of
    # "slow code in plugin" at each lazy strategy once its plugin was imported and never started).
    assert "warnings summary" not in result.output, result.output[-3000:]
    assert caught, (
        f"no failing check names {variant.caught_by!r}; failed: {list(result.failed)}\n{result.output[-3000:]}"
    )
    # A check of two rules marks only the rule that broke (the scenarios name each assertion's rule).
    named = {THE_OTHER_RULE.get(rule) for rule in variant.rules} - {None}
    for rule in variant.rules:
        if rule in THE_OTHER_RULE:
            assert f"broke {rule}" in result.output, result.output[-3000:]
    for other in named:
        assert f"{other} says:" not in result.output, f"{other} was marked broken too"
    for check, reason in failure_reasons(result.output).items():
        assert reason, f"{check} failed with no reason"
        assert not PYTHON_TEXT.search(reason), f"{check}: Python's text reached the report: {reason}"
        if not check.startswith("conformance"):
            assert " says: " in reason, f"{check}: the reason quotes no document: {reason}"
            assert "last exchange: " in reason, f"{check}: the reason shows no exchange: {reason}"
