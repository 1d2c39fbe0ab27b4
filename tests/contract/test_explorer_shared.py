"""The explorer on a shared target (a vendor's): each walk's bookings are undone before the next
walk, which books the same real rows (the finder's). Against a vendor-only server, lifecycle's
default walk (480 steps, 30 walks) answered no invitation while the first walks' bookings kept
their times: every later create of the group's instants was refused, and no guest was invited."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import Kit
from tests.contract.test_explorer_invitations import ANSWERS, explored, unanswered_in


@pytest.mark.slow
def test_each_walk_on_a_shared_target_leaves_its_rows_to_the_next(tmp_path: Path, kit: Kit) -> None:
    # A vendor's own clock: the kit reads a vendor's days from the wall clock, as it must.
    app = create_app(Settings.load({"db": str(tmp_path / "vendor.db"), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": "Bearer vendor_shared_walks"})
    assert handed.status_code == 200, handed.text
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, "lifecycle": handed.json()["lifecycle"]}), encoding="utf-8")
    output = explored(kit, app, tmp_path, "--target-data", str(data))
    assert re.search(r"^explored lifecycle: \d+ steps in 30 walks", output, re.MULTILINE), output[-3000:]
    assert not set(ANSWERS) & set(unanswered_in(output)), output[-3000:]
