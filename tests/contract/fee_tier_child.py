"""Serves a vendor-like lifecycle API (``--vendor-only``, on the wall clock as a vendor's is),
its fee tiers intact or counted from the booking's end, and runs the kit's fee-tier checks
against it, printing the kit's report. Started by ``test_fee_tiers_off_a_sandbox.py`` under
libfaketime, so the wall clock, the vendor's and the kit's alike, reads a chosen instant."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving
from tests.contract.test_detection import tiers_counted_from_the_end

KEY = "vendor_staging_01"


def main(kind: str) -> int:
    patch = pytest.MonkeyPatch()
    if kind == "broken":
        tiers_counted_from_the_end(patch)
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        app = create_app(Settings.load({"db": str(here / "vendor.db"), "vendor_only": True}, environ={}))
        with TestClient(app) as client:
            handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"}).json()
        data = here / "vendor.json"
        data.write_text(json.dumps({"target_data": 1, "lifecycle": handed["lifecycle"]}), encoding="utf-8")
        with serving(app) as origin:
            kit = subprocess.run(
                [
                    *(sys.executable, "-m", "mockserver.cli", "contract", "--api", "lifecycle"),
                    *("--base-url", f"{origin}/lifecycle", "--target-data", str(data), "--checks", "rules"),
                    *("--", "-k", "fee_tier_boundary"),
                ],
                cwd=here,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
    print(kit.stdout, kit.stderr, flush=True)
    return kit.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
