"""Schemathesis over the merchant spec against the in-process app: zero failures.

Every check is on, with two documented adjustments:

- ``positive_data_acceptance`` also accepts 403, 404 and 409: a request valid by
  the schema may name another merchant's service, a booking that does not exist
  or a time that is taken, and the pages document those answers.
- ``use_after_free`` is off: the document's DELETE operations *cancel* a booking,
  which stays readable with ``is_cancelled: true`` (it is not deleted).
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator

from mockserver.app import create_app
from mockserver.http.formats import build_format_checker
from mockserver.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.settings import Settings
from tests.apis.schemathesis_setup import Scenarios, bearer_auth, every_check
from tests.specs import load_spec

SANDBOX = "schemathesis_merchant"


scenarios = Scenarios(f"{SANDBOX}_")


def load_schema() -> Any:
    # Loaded at import: schemathesis.pytest.from_fixture needs pytest internals
    # that pytest 9 no longer has.
    db = Path(tempfile.mkdtemp(prefix="schemathesis-")) / "sandbox.db"
    settings = Settings.load({"db": str(db)}, environ={})
    world = generate_world(load_blueprint(fixture_path(settings.fixture)), settings.seed)
    merchant = f"merchant.{world.providers[0].slug}"
    customer = f"customer.{world.customers[0].uuid}"
    config = every_check(["2xx", "400", "401", "403", "404", "409"], disabled=("use_after_free",))
    loaded = schemathesis.openapi.from_asgi("/merchant/openapi.json", create_app(settings), config=config)

    def role_token(case: Any) -> str:
        """A customer's token on the customer operations, a merchant's on the rest."""
        caller = customer if "/bookings/customer" in case.operation.path else merchant
        return f"{caller}.{scenarios.sandbox_key()}"

    bearer_auth(loaded, role_token)

    bookable = bookable_starts(world)
    valid_as = request_validators()

    @loaded.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        """Half the creations aim at a real merchant, service and free-ish time.

        Random instants almost never fall in a shift, so without this the
        stateful phase would rarely get past a create to follow its links.
        """
        # Negative cases must stay negative: only bodies valid by the schema are aimed.
        validator = valid_as.get((context.operation.method.upper(), context.operation.path))
        if validator is None or not validator.is_valid(body):
            return st.just(body)
        if context.operation.path == "/bookings/customer":
            realistic = st.builds(
                lambda starts, service: {
                    **body,
                    "merchant_name": world.providers[0].slug,
                    "service_id": service,
                    "location_id": 1,
                    "timeStamp": starts,
                },
                st.sampled_from(bookable),
                st.sampled_from([1, 2, 3]),
            )
            return st.one_of(st.just(body), realistic)
        if context.operation.path == "/bookings/merchant":
            realistic = st.builds(
                lambda starts, service: {
                    **{key: value for key, value in body.items() if key != "recurrence_rule"},
                    "service_id": service,
                    "timestamp": starts,
                    "customers": [{"id": world.customers[1].uuid}],
                    "is_recurring": False,
                },
                st.sampled_from(bookable),
                st.sampled_from([1, 2, 3, 4]),
            )
            return st.one_of(st.just(body), realistic)
        return st.just(body)

    @loaded.hook
    def map_case(context: Any, case: Any) -> Any:
        """A valid customer cancellation names the booking of its path and its merchant."""
        key = (case.operation.method.upper(), case.operation.path)
        booking_id = str((case.path_parameters or {}).get("booking_id", ""))
        cancelling = key == ("DELETE", "/bookings/customer/{booking_id}") and booking_id.isdigit()
        if cancelling and valid_as[key].is_valid(case.body):
            case.body = {"booking_id": int(booking_id), "merchant_name": world.providers[0].slug}
        return case

    return loaded


def request_validators() -> dict[tuple[str, str], Any]:
    spec = load_spec("merchant")
    names = {
        ("POST", "/bookings/customer"): "CustomerBookingRequest",
        ("POST", "/bookings/merchant"): "MerchantBookingRequest",
        ("DELETE", "/bookings/customer/{booking_id}"): "CustomerCancellation",
    }
    return {
        key: OAS30Validator(
            {"$ref": f"#/components/schemas/{name}", "components": spec["components"]},
            format_checker=build_format_checker(),
        )
        for key, name in names.items()
    }


def bookable_starts(world: Any) -> list[str]:
    """Weekday hours at provider 1's location, clear of the seeded weeks."""
    zone = ZoneInfo(world.locations[0].timezone)
    today = datetime.now(zone).date()
    days = [today + timedelta(days=n) for n in range(42, 70) if (today + timedelta(days=n)).weekday() < 5]
    return [
        datetime.combine(day, time(hour), zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for day in days
        for hour in (9, 10, 11, 14, 15, 16)
    ]


schema = load_schema()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation_conforms(case: Any) -> None:
    case.call_and_validate()


class MerchantWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: create -> get / cancel (customer), create -> update / cancel (merchant)."""

    def setup(self) -> None:
        scenarios.next()


TestMerchantStateful = MerchantWorkflow.TestCase
