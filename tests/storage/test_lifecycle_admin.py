"""The admin side of the lifecycle (approve, reject) on a real store: what the control API will drive."""

from __future__ import annotations

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.domain.kernel.errors import InvalidTransition
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle
from mockserver.domain.lifecycle.cases import BookingCases
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from mockserver.storage.tenancy.sandboxes import SandboxStore


@pytest.fixture
def store(database: str) -> SandboxStore:
    blueprint = load_blueprint(fixture_path("default-world"))
    return SandboxStore(database, 42, lambda seed: generate_world(blueprint, seed))


def requested(world: World) -> list[str]:
    statuses = {r.id: r.status for r in world.reservations}
    return [f.uuid for f in world.folios if statuses[f.reservation_id] is BookingStatus.PENDING]


def test_reject_refunds_a_paid_request_in_full_and_approve_accepts(store: SandboxStore) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    first, second = requested(world)[:2]
    with store.open("lifecycle", "admin_test_key", write=True) as sandbox:
        lifecycle = BookingLifecycle(
            BookingCases(sandbox.ledger, sandbox.calendar, sandbox.lifecycle, sandbox.clock)
        )
        rejected = lifecycle.reject(first)
        approved = lifecycle.approve(second)
        with pytest.raises(InvalidTransition):
            lifecycle.approve(first)
    assert rejected.case.reservation.status is BookingStatus.REJECTED
    order = rejected.case.order
    assert order.paid_minor > 0
    assert (order.refunded_minor, order.total_minor) == (order.paid_minor, 0)
    assert approved.case.reservation.status is BookingStatus.CONFIRMED
