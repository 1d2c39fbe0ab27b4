"""MR-RECURRING in a booking window too short for three occurrences a fortnight apart (a
vendor's 35 days, as ``serve --vary`` chooses): the kit books two, a fortnight apart, where it
had left the rule unchecked, and still tells a series that ignores its interval."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mockserver.documents.resources import load_yaml, world_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.broken_rules import series_ignore_their_interval
from tests.contract.live import Kit, serving

CHECK = "merchant: recurring a weekly series follows its rule up to until [MR-RECURRING]"


@pytest.fixture(scope="module")
def thirty_five_days(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default world, every service booked at most 35 days ahead."""
    world = load_yaml(world_path())
    for service in world["services"]:
        service["booking_window_days"] = 35
    folder = tmp_path_factory.mktemp("thirty-five-days")
    (folder / "world.yaml").write_text(yaml.safe_dump(world))
    settings = {"db": str(folder / "sandbox.db"), "world": str(folder / "world.yaml"), "start_at": START}
    with serving(create_app(Settings.load(settings, environ={}))) as origin:
        yield origin


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["intact", "broken"])
def test_a_series_is_checked_in_a_window_of_35_days(
    kind: str, thirty_five_days: str, monkeypatch: pytest.MonkeyPatch, kit: Kit, tmp_path: Path
) -> None:
    if kind == "broken":
        series_ignore_their_interval(monkeypatch)  # every week, whatever the interval says
    result = kit.run(thirty_five_days, "merchant", tmp_path, "--checks", "rules", "--", "-k", "recurring")
    if kind == "intact":
        assert f"PASSED    {CHECK}" in result.output, result.output[-3000:]
        assert result.exit_code == 0, result.output[-3000:]
    else:
        assert f"FAILED    {CHECK}" in result.output, result.output[-3000:]
        assert result.exit_code == 1, result.output[-3000:]
