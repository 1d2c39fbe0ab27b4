"""Create and availability latency in one sandbox holding 1 k bookings, then 1 M.

    python benchmarks/big_sandbox.py [--bookings 1000000]

Starts ``booking-sandbox serve`` (defaults, 2 workers) on a scratch database, seeds one
sandbox, and measures one request at a time (wrk -t1 -c1): a ReserveKit create (each a real
insert, all 201) and an availability read (a service's slots on a date, with their free
places). Then it fills the same sandbox's ReserveKit tenant with past bookings, written
straight into the tables through SQLAlchemy Core (as years of use would leave them: every
slot, every customer, all statuses), moves the tenant's id counter past them, and measures
again. Issue 21's target: the latencies at 1 M no more than 1.5 times those at 1 k.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from loads import Call, Result, require_wrk, wrk
from processes import free_port, start_sandbox, stop
from world_calls import creates, interleaved, mounted

from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import schema as t
from mockserver.storage.slots.schema import bookings, time_slots
from mockserver.storage.tenancy.sandbox_rows import key_fingerprint

KEY = "sk_rsv_benchmark_big_0001"
API = "reservekit-v1"
CHUNK = 50_000
STATUSES = ("completed", "completed", "completed", "cancelled", "confirmed")


def tenant_rows(engine: sa.Engine) -> tuple[int, list[sa.Row[tuple[int, int, int, time, time]]], list[int]]:
    with engine.connect() as connection:
        tenant = connection.execute(
            sa.select(t.tenants.c.id).where(t.tenants.c.key_hash == key_fingerprint(API, KEY))
        ).scalar_one()
        slots = list(
            connection.execute(
                sa.select(
                    time_slots.c.id,
                    time_slots.c.service_id,
                    time_slots.c.weekday,
                    time_slots.c.start_time,
                    time_slots.c.end_time,
                ).where(time_slots.c.tenant_id == tenant)
            ).all()
        )
        customers = list(
            connection.execute(sa.select(t.customers.c.id).where(t.customers.c.tenant_id == tenant)).scalars()
        )
    return tenant, slots, customers  # type: ignore[return-value]


def count_bookings(engine: sa.Engine, tenant: int) -> int:
    with engine.connect() as connection:
        counted = sa.select(sa.func.count()).select_from(bookings).where(bookings.c.tenant_id == tenant)
        return int(connection.execute(counted).scalar_one())


def fill(engine: sa.Engine, up_to: int) -> int:
    """Past bookings until the sandbox's ReserveKit tenant holds ``up_to``; returns the count."""
    tenant, slots, customers = tenant_rows(engine)
    have = count_bookings(engine, tenant)
    chooser = random.Random(42)
    with engine.connect() as connection:
        next_id = connection.execute(
            sa.select(t.id_counters.c.next_id).where(
                t.id_counters.c.tenant_id == tenant, t.id_counters.c.entity == "booking"
            )
        ).scalar_one()
    first_day = date(2000, 1, 3)
    while have < up_to:
        rows = []
        for _ in range(min(CHUNK, up_to - have)):
            slot = chooser.choice(slots)
            weeks = chooser.randrange(1350)  # about 26 years of weeks, all before the sandbox's start
            day = first_day + timedelta(days=7 * weeks + (slot.weekday - first_day.weekday()) % 7)
            starts = datetime.combine(day, slot.start_time)
            rows.append(
                {
                    "tenant_id": tenant,
                    "id": next_id,
                    "service_id": slot.service_id,
                    "time_slot_id": slot.id,
                    "customer_id": chooser.choice(customers),
                    "date": day,
                    "starts_at": starts,
                    "ends_at": datetime.combine(day, slot.end_time),
                    "status": chooser.choice(STATUSES),
                    "cancel_reason": None,
                    "message": None,
                    "created_at": starts - timedelta(days=3),
                    "updated_at": starts,
                }
            )
            next_id += 1
        with engine.begin() as connection:
            connection.execute(sa.insert(bookings), rows)
            connection.execute(
                sa.update(t.id_counters)
                .where(t.id_counters.c.tenant_id == tenant, t.id_counters.c.entity == "booking")
                .values(next_id=next_id)
            )
        have += len(rows)
        print(f"  {have:,} bookings", end="\r", flush=True)
    print()
    return have


def latencies(port: int, bodies: list[Call]) -> tuple[Result, Result]:
    availability = Call("GET", "/reservekit/v1/time-slots?service_id=3&date=2027-01-11", KEY)
    # One second: a phase's half of the key's free places lasts about two at this speed, and a
    # body sent twice would be refused (its customer holds the place), not measured.
    create = wrk(port, bodies, 1, threads=1, connections=1)
    read = wrk(port, [availability], 3, threads=1, connections=1)
    return create, read


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bookings", type=int, default=1_000_000)
    args = parser.parse_args()
    require_wrk()
    scratch = Path(tempfile.mkdtemp(prefix="sandbox-big-"))
    db = scratch / "big.db"
    port = free_port()
    process, _ = start_sandbox(port, db, 2)
    engine = create_engine(str(db))
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/reservekit/v1/bookings/1", headers={"Authorization": f"Bearer {KEY}"})
        assert connection.getresponse().status == 200
        bodies = interleaved([mounted("reservekit", c) for c in creates(port, [KEY])])
        small = fill(engine, 1_000)
        create_small, read_small = latencies(port, bodies[: len(bodies) // 2])
        print(f"filling to {args.bookings:,} bookings ...", flush=True)
        big = fill(engine, args.bookings)
        create_big, read_big = latencies(port, bodies[len(bodies) // 2 :])
    finally:
        stop(process)
        engine.dispose()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\none request at a time, one sandbox ({small:,} bookings, then {big:,})")
    for name, at_small, at_big in (
        ("create a booking", create_small, create_big),
        ("availability on a date", read_small, read_big),
    ):
        failed = "" if not (at_small.failed or at_big.failed) else "  FAILED: non-2xx answers"
        ratio = at_big.mean_ms / at_small.mean_ms
        print(
            f"{name:24} {at_small.mean_ms:6.2f} ms  {at_big.mean_ms:6.2f} ms  {ratio:5.2f}x"
            f"   target <= 1.5x{failed}"
        )


if __name__ == "__main__":
    main()
