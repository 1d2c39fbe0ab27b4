"""How the control commands' answers read for a person (``cli/answers.py``)."""

from __future__ import annotations

import pytest

from mockserver.cli.answers import clock_text


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.0, "+0 s"),
        (0.4, "+0 s"),
        (-59.6, "-60 s (-0:01:00)"),
        (7200.0, "+7,200 s (+2:00:00)"),
        (3_046_370.4, "+3,046,370 s (+35 days, 6:12:50)"),
        (-90_061.0, "-90,061 s (-1 day, 1:01:01)"),
    ],
)
def test_a_clocks_offset_reads_in_whole_seconds_and_as_days_and_hours(seconds: float, said: str) -> None:
    text = clock_text({"now": "2027-01-04T09:00:00+00:00", "frozen": False, "offset_seconds": seconds})
    assert text.splitlines()[-1].split(None, 1) == ["offset", f"{said} from the wall clock"]
