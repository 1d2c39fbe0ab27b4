"""LC-FEE-TIER-BOUNDARY needs no clock: on a vendor's server the kit books a slot either side of
each fee tier's boundary from now and reads each preview. Whether a free slot lies near a
boundary depends on the hour, so both runs fix the wall clock (libfaketime, as
``tests/test_any_date.py`` does) at an hour where one does; the vendor-only test meets the real
hour, and accepts the check unchecked only with the reason that names it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.test_any_date import run_faked

AFTERNOON = datetime(2027, 1, 6, 14, 13, tzinfo=UTC)
"""A Wednesday afternoon: the services' slots lie either side of the 24-hour boundary from now.
Off their half-hour grid: the slot after the boundary (14:30) and the one before it (14:00) are
half an hour apart, so an hour's service booked at the first has taken the second's resource.
The kit read the slots once and was refused the second, and the check went unchecked at most
minutes of a vendor's day; at 14:30 itself (this test's instant until then) the two slots are
an hour apart and it passed."""


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["intact", "broken"])
def test_fee_tiers_are_held_to_their_boundaries_with_no_clock_to_move(kind: str) -> None:
    child = run_faked(
        AFTERNOON,
        "tests.contract.vendor_child",
        *("lifecycle", "none", kind, "none", "--checks", "rules", "--", "-k", "fee_tier_boundary"),
    )
    report = child.stdout[-5000:] + child.stderr[-2000:]
    check = "lifecycle_money: fee tier boundary a slot either side of each tier [LC-FEE-TIER-BOUNDARY]"
    # The minute-precise check needs the clock a sandbox has: unchecked here, saying so.
    assert "UNCHECKED lifecycle_sandbox: fee tier boundary a minute either side" in report, report
    if kind == "intact":
        assert f"PASSED    {check}" in report, report
        assert child.returncode == 6, report
    else:
        # Tiers counted from the end apply the earlier tier for an hour too long.
        assert f"FAILED    {check}" in report, report
        assert "hours ahead (before the 24-hour boundary): the preview's fee is" in report, report
        assert child.returncode == 1, report
