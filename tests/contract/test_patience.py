"""A target's rate limit, waited out (``contract_tests/kit/patience.py``): a vendor's staging
server answers 429 past its limit, and the kit took each 429 for the check's answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest

from contract_tests.kit.patience import ATTEMPTS, LONGEST_WAIT, Waited, wait_before_asking_again
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import Kit, serving


@pytest.mark.parametrize(
    ("retry_after", "asked", "wait"),
    [
        ("3", 1, 3.0),
        ("0", 1, 0.0),
        (None, 1, 1.0),  # no Retry-After: 1, 2, then 4 seconds
        (None, 2, 2.0),
        (None, 3, 4.0),
        ("soon", 2, 2.0),  # unreadable: as if absent
        ("²", 1, 1.0),  # a digit to str.isdigit(), and no number
        (str(int(LONGEST_WAIT)), 1, LONGEST_WAIT),
        (str(int(LONGEST_WAIT) + 1), 1, None),  # longer than a CI job waits: the 429 stands
        ("3", ATTEMPTS, None),  # asked enough
    ],
)
def test_a_429_is_asked_again_after_its_retry_after(
    retry_after: str | None, asked: int, wait: float | None
) -> None:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    assert wait_before_asking_again(429, headers, asked) == wait


def test_a_retry_after_may_be_an_http_date() -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=10), usegmt=True)
    wait = wait_before_asking_again(429, {"Retry-After": soon}, 1)
    assert wait is not None
    assert 8 <= wait <= 10
    past = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    assert wait_before_asking_again(429, {"Retry-After": past}, 1) == 0.0


@pytest.mark.parametrize("status", [200, 400, 500, 502, 504])
def test_only_a_429_or_a_503_is_asked_again(status: int) -> None:
    assert wait_before_asking_again(status, {"Retry-After": "1"}, 1) is None


def test_a_503_is_asked_again_only_where_it_says_when() -> None:
    """A team sandbox whose database restarts answers 503 with Retry-After; a 503 without one
    (a fault rule's, a gateway's) is the answer."""
    assert wait_before_asking_again(503, {"Retry-After": "2"}, 1) == 2.0
    assert wait_before_asking_again(503, {}, 1) is None


def test_the_kit_waits_out_a_rate_limited_target_and_says_so(tmp_path: Path, kit: Kit) -> None:
    """A sandbox limiting its key to 40 requests a second, as a vendor's staging might: every
    rule failed on its first 429 ("GET …/time-slots: 429"), and the tidy-up left bookings."""
    key = "sk_rsv_rate_limited_target"
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    with serving(app) as origin:
        limit = {"kind": "rate_limit", "limit": 40, "window_seconds": 1}
        added = httpx.post(
            f"{origin}/_sandbox/faults", json=limit, headers={"Authorization": f"Bearer {key}"}
        )
        assert added.status_code == 201, added.text
        ran = kit.run(origin, "reservekit-v1", tmp_path, "--token", key, "--checks", "rules")
    assert ran.exit_code == 0, ran.output[-3000:]
    assert "reservekit-v1: the target said 'not now' to " in ran.output
    assert "left on the target" not in ran.output


def test_the_summary_counts_one_request_in_the_singular() -> None:
    """A team server's database restart cost one wait: "said 'not now' to 1 requests"."""
    waited = Waited()
    assert waited.line("bardge-v3") == ""
    waited.add(1.0)
    assert waited.line("bardge-v3").startswith("bardge-v3: the target said 'not now' to 1 request (429")
    waited.add(0.5)
    assert "to 2 requests (429" in waited.line("bardge-v3")
