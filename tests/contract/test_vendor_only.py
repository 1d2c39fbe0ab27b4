"""The kit against ``serve --vendor-only``: a server that shows nothing of the sandbox's own.

Its answers carry only what the vendors document, and its control API is gone but for a
health that does not say what serves it and the target data a vendor would hand out. The
kit is handed that data as a file, as a QA engineer is handed a vendor's, and must check
every rule that needs no sandbox, failing none, and call nothing of the control API but
``GET /_sandbox/health``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract_tests.kit.inventory import load
from mockserver.documents.resources import load_yaml, spec_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import Kit, Requests, serving

APIS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3")
KEY = "vendor_staging_01"


@pytest.fixture(scope="module")
def vendor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Requests, dict[str, Any], Path]]:
    """A vendor-only server on the wall clock (a vendor's own), and the target data it hands out."""
    db = tmp_path_factory.mktemp("vendor-only") / "sandbox.db"
    app = create_app(Settings.load({"db": str(db), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"})
        assert handed.status_code == 200, handed.text
    recorded = Requests(app)
    with serving(recorded) as origin:
        yield origin, recorded, handed.json(), db


@pytest.mark.slow
@pytest.mark.parametrize("api", APIS)
def test_the_kit_checks_every_rule_that_needs_no_sandbox(
    api: str, vendor: tuple[str, Requests, dict[str, Any], Path], tmp_path: Path, kit: Kit
) -> None:
    origin, recorded, handed, db = vendor
    bookings_before = active_bookings(db, KEY)
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, api: handed[api]}), encoding="utf-8")
    before = len(recorded.seen)
    # The spec's examples and the coverage phase's cases of each operation; random cases and
    # the stateful phase's chains meet a vendor-like target in test_varied_vendor.py (each phase
    # once: CI's 8 minutes).
    phases = ("--phases", "examples,coverage")
    result = kit.run(
        origin,
        api,
        tmp_path,
        "--target-data",
        str(data),
        "--max-examples",
        "5",
        *phases,
        "--explore-steps",
        "16",
    )
    assert not result.failed, result.output[-6000:]
    assert result.exit_code == 6, result.output[-3000:]  # the rules that need a sandbox are unchecked
    rules = load().of(api)
    foreign = [rule for rule in rules if not rule.elsewhere]
    # A vendor keeps the wall clock: where no working hour falls inside an appointment's
    # cancellation deadline from now (a Saturday evening), the check that books inside it says
    # so and is unchecked; MR-DEADLINE is still checked by its other check, any hour of the week.
    # LC-FEE-TIER-BOUNDARY likewise: where no free slot lies near a fee tier's boundary from
    # now (it falls at night), it is unchecked, saying so; at any other hour it is checked.
    by_the_hour = sum(1 for reason in result.skipped.values() if "boundary from now" in reason)
    # Places are not met on a target the kit does not use alone (a vendor's): said, not passed.
    unmet = [rule.id for rule in foreign if rule.id.endswith("-PLACES-ADD-UP")]
    if unmet:
        assert f"not met here, so not checked: {', '.join(unmet)}" in result.output, result.output[-3000:]
    checked = len(foreign) - by_the_hour - len(unmet)
    tally = f"documented rules: {checked} of {len(rules)} checked (0 broken)"
    assert tally in result.output, result.output[-3000:]
    for name, reason in result.skipped.items():
        unreached = operation_in(name) in {spelled(o) for o in UNREACHED.get(api, ())}
        unreached = unreached and "0 answered 2xx" in reason
        chosen = reason == "the stateful phase is not in --phases"
        assert "no control API there" in reason or unreached or chosen, f"{name} was not run: {reason}"
    # Every operation's line says what it was sent and how many 2xx came back, and every
    # operation but the few the kit finds no real resource for got at least one.
    tallies = dict(TALLY.findall(result.output))
    assert set(tallies) == {spelled(o) for o in operations(api)}, sorted(tallies)
    unserved = {operation for operation, succeeded in tallies.items() if succeeded == "0"}
    assert unserved == {spelled(o) for o in UNREACHED.get(api, ())}, unserved
    # Each says what would reach it: the target-data field that names an open invitation.
    for reason in result.skipped.values():
        if "0 answered 2xx" in reason:
            assert "lifecycle.bookings whose invited guest has not answered" in reason, reason
    control = {call for call in recorded.seen[before:] if call[1].startswith("/_sandbox")}
    assert control == {("GET", "/_sandbox/health")}, control
    # A clean guest: what the scenarios and Schemathesis booked is cancelled or deleted again,
    # by the role that made it, and nothing is listed as left behind. The lifecycle rules that
    # need arranged bookings (a series to cancel, invitations to answer) use up some of the vendor's.
    assert "left on the target" not in result.output, result.output[-4000:]
    after = active_bookings(db, KEY)
    assert after[api] <= bookings_before[api], (bookings_before, after)
    assert {k: v for k, v in after.items() if k != api} == {
        k: v for k, v in bookings_before.items() if k != api
    }


TALLY = re.compile(r"conformance: operation\[(\w+ [^\]]+)\]\n\s+\d+ requests, (\d+) answered 2xx")
"""An operation's line of the report and the line under it: (operation, 2xx answers)."""

UNREACHED: dict[str, set[str]] = {}
"""The operations the kit's finders reach no 2xx of on a vendor's server: UNCHECKED, not PASSED.
None: Bardge's chained payments and codes are reached, the kit beginning each chain itself, and
the lifecycle's invitations (this vendor's target data names two, which the invitations rule
answers first) are the kit's own after those (``lifecycle_invitations``)."""


def operation_in(test_name: str) -> str:
    return spelled(test_name.partition("[")[2].rstrip("]"))


def spelled(operation: str) -> str:
    """An operation as pytest's test ids spell it (``{booking_id}`` as ``{booking id}``)."""
    return operation.replace("_", " ")


def operations(api: str) -> set[str]:
    paths = load_yaml(spec_path(api))["paths"]
    return {
        f"{method.upper()} {path}" for path, item in paths.items() for method in item if method in METHODS
    }


METHODS = {"get", "put", "post", "patch", "delete"}


ACTIVE = {"held", "pending", "confirmed", "invited"}


def active_bookings(db: Path, key: str) -> dict[str, int]:
    """Per API, the bookings of the key's sandbox still holding a place, read through a second
    (default) server on the same database: the vendor-only one shows no state."""
    with TestClient(create_app(Settings.load({"db": str(db)}, environ={}))) as client:
        state = client.get("/_sandbox/state", headers={"Authorization": f"Bearer {key}"}).json()["apis"]
    counts = {}
    for api, tables in state.items():
        rows = [*tables.get("bookings", []), *tables.get("reservations", []), *tables.get("visits", [])]
        counts[api] = sum(1 for row in rows if row.get("status") in ACTIVE)
    return counts


@pytest.mark.slow
def test_a_second_run_on_used_up_vendor_data_is_unchecked_not_failed(tmp_path: Path, kit: Kit) -> None:
    """A vendor's invitations are answered once and its series cancelled once: a QA engineer's
    second run on the same staging must not report the rules as broken. The invitations rule
    is checked again, on invitations the kit makes itself (``lifecycle_invitations``): it was
    unchecked, "answered already"; the series has no such way, and is unchecked."""
    db = tmp_path / "sandbox.db"
    app = create_app(Settings.load({"db": str(db), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"}).json()
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, "lifecycle": handed["lifecycle"]}), encoding="utf-8")
    args = ("--target-data", str(data), "--checks", "rules", "--", "-k", "invitations or series")
    with serving(app) as origin:
        first = kit.run(origin, "lifecycle", tmp_path, *args)
        before = _participants(origin, handed["lifecycle"]["bookings"])
        second = kit.run(origin, "lifecycle", tmp_path, *args)
        # The kit's guests are gone again: every booking has the participants it had.
        assert _participants(origin, handed["lifecycle"]["bookings"]) == before
    assert first.exit_code == 0, first.output[-3000:]
    assert len(first.passed) == 2, first.output[-3000:]
    assert second.exit_code == 6, second.output[-3000:]
    assert not second.failed, second.output[-3000:]
    reasons = " ".join(second.skipped.values())
    assert [name for name in second.passed if "LC-INVITATIONS" in name], second.output[-3000:]
    assert "fewer than three accepted" in reasons, second.skipped
    assert "left on the target" not in second.output, second.output[-3000:]


def _participants(origin: str, bookings: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each booking's participants and their statuses, as its owner reads them."""
    read = {}
    for booking in bookings:
        answer = httpx.get(
            f"{origin}/lifecycle/api/v1/bookings/{booking['id']}",
            headers={"Authorization": f"Bearer {booking['owner_token']}"},
        )
        read[booking["id"]] = {
            p["id"]: p["status"] for p in answer.json()["data"]["attributes"]["participants"]
        }
    return read
