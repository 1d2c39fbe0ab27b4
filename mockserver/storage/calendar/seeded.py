"""The seeded world's calendar entries, dated relative to a sandbox's start."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mockserver.domain.calendar.model import BlockedTime, Participant, Reservation
from mockserver.domain.kernel.model import BookingStatus
from mockserver.seeding.world import World


class SeededCalendar:
    """The world's calendar entries as dated records, relative to ``anchor``."""

    def __init__(self, world: World, anchor: datetime) -> None:
        zones = {location.id: ZoneInfo(location.timezone) for location in world.locations}
        staff = {member.id: member for member in world.staff}
        services = {service.id: service for service in world.services}
        booked_at = anchor - timedelta(days=7)
        self.blocked_times: list[BlockedTime] = []
        self.reservations: list[Reservation] = []
        self.participants: list[Participant] = []
        for block in world.blocked_times:
            zone = zones[staff[block.staff_id].location_id]
            day = weekday_after(anchor.astimezone(zone).date(), block.weekday, block.weeks_ahead)
            local_start = datetime.combine(day, block.starts or time(0), zone)
            local_end = (
                datetime.combine(day + timedelta(days=1), time(0), zone)
                if block.starts is None
                else local_start + timedelta(minutes=block.minutes)
            )
            self.blocked_times.append(
                BlockedTime(
                    id=block.id,
                    provider_id=block.provider_id,
                    staff_id=block.staff_id,
                    name=block.name,
                    starts_at=local_start.astimezone(UTC),
                    ends_at=local_end.astimezone(UTC),
                    all_day=block.starts is None,
                    icon=block.icon,
                    blocked_type_id=block.blocked_type_id,
                )
            )
        for seed in world.reservations:
            service = services[seed.service_id]
            zone = zones[service.location_id]
            day = weekday_after(anchor.astimezone(zone).date(), seed.weekday, seed.weeks_ahead)
            starts_at = datetime.combine(day, seed.starts, zone).astimezone(UTC)
            self.reservations.append(
                Reservation(
                    id=seed.id,
                    provider_id=service.provider_id,
                    service_id=service.id,
                    location_id=service.location_id,
                    staff_id=seed.staff_id,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(minutes=service.duration_minutes),
                    status=seed.status,
                    customer_note=seed.customer_note,
                    merchant_note=seed.merchant_note,
                    series_id=seed.series_id,
                    cancelled_by_merchant_on=None,
                    cancellation_reason=None,
                    created_at=booked_at,
                    updated_at=booked_at,
                )
            )
            guests = [(c, BookingStatus.CONFIRMED) for c in seed.customer_ids]
            guests += [(c, BookingStatus.INVITED) for c in seed.invited_ids]
            for customer_id, status in guests:
                self.participants.append(
                    Participant(len(self.participants) + 1, seed.id, customer_id, status, booked_at, None)
                )


def weekday_after(today: date, weekday: int, weeks_ahead: int) -> date:
    """The first such weekday strictly after ``today``, plus whole weeks."""
    days = (weekday - today.weekday() - 1) % 7 + 1
    return today + timedelta(days=days + 7 * weeks_ahead)
