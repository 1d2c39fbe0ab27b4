"""Schemathesis over the lifecycle spec against the in-process app: zero failures.

Every check is on. ``positive_data_acceptance`` also accepts 403, 404 and 422:
a request valid by the schema may name a booking that is someone else's or
does not exist, or break a rule the document answers with 422 (a taken slot,
a booking not cancelable, a custom form field).
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
from mockserver.seeding.world import World, generate_world
from mockserver.settings import Settings
from tests.apis.schemathesis_setup import Scenarios, bearer_auth, every_check
from tests.specs import load_spec

scenarios = Scenarios("schemathesis_lifecycle_")


def load_schema() -> Any:
    # Loaded at import: schemathesis.pytest.from_fixture needs pytest internals
    # that pytest 9 no longer has.
    db = Path(tempfile.mkdtemp(prefix="schemathesis-")) / "sandbox.db"
    settings = Settings.load({"db": str(db)}, environ={})
    world = generate_world(load_blueprint(fixture_path(settings.fixture)), settings.seed)
    customer = f"customer.{world.customers[0].uuid}"
    config = every_check(["2xx", "400", "401", "403", "404", "422"])
    loaded = schemathesis.openapi.from_asgi("/lifecycle/openapi.json", create_app(settings), config=config)

    bearer_auth(loaded, lambda case: f"{customer}.{scenarios.sandbox_key()}")

    instant_bodies = bookable_bodies(world)
    spec = load_spec("lifecycle")
    valid_instant = OAS30Validator(
        {"$ref": "#/components/schemas/InstantBookingRequest", "components": spec["components"]},
        format_checker=build_format_checker(),
    )

    @loaded.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        """Half the valid instant bookings aim at a free-ish time of an instant-bookable service.

        Random instants almost never fall in a shift, so without this the
        stateful phase would rarely get past the create to follow its links.
        """
        if context.operation.path != "/api/v1/bookings/instant" or not valid_instant.is_valid(body):
            return st.just(body)
        return st.one_of(st.just(body), st.sampled_from(instant_bodies))

    return loaded


def bookable_bodies(world: World) -> list[dict[str, str]]:
    """Weekday hours at provider 1's location, six to ten weeks ahead, for each instant service."""
    location = world.locations[0]
    zone = ZoneInfo(location.timezone)
    instant = {t.service_id for t in world.service_terms if t.can_instant_book}
    services = [s for s in world.services if s.location_id == location.id and s.id in instant]
    today = datetime.now(zone).date()
    days = [today + timedelta(days=n) for n in range(42, 70) if (today + timedelta(days=n)).weekday() < 5]
    bodies = []
    for day in days:
        for hour in (9, 10, 14, 15):
            start = datetime.combine(day, time(hour), zone).astimezone(UTC)
            for service in services:
                end = start + timedelta(minutes=service.duration_minutes)
                bodies.append(
                    {
                        "service_id": service.uuid,
                        "start_date": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "end_date": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    }
                )
    return bodies


schema = load_schema()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation_conforms(case: Any) -> None:
    case.call_and_validate()


class LifecycleWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: instant booking -> read, preview, edit, revert, personalize, cancel."""

    def setup(self) -> None:
        scenarios.next()


TestLifecycleStateful = LifecycleWorkflow.TestCase
