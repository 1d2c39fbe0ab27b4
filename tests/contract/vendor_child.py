"""Serves a vendor-like API (``--vendor-only``, ``--vary SEED`` or not, on the wall clock as a
vendor's is, or frozen at an instant), intact or broken, and runs the kit against it with the
arguments given, printing the kit's report. Started under libfaketime
(``tests.test_any_date.run_faked``), so the wall clock, the vendor's and the kit's alike, reads
a chosen instant:

    python -m tests.contract.vendor_child API VARY|none intact|broken FROZEN_AT|none KIT_ARGUMENT...
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

from mockserver.apis.registry import mount_of
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import serving
from tests.contract.test_detection import tiers_counted_from_the_end

KEY = "vendor_staging_01"


def main(api: str, vary: str, kind: str, frozen_at: str, *kit_arguments: str) -> int:
    patch = pytest.MonkeyPatch()
    if kind == "broken":
        tiers_counted_from_the_end(patch)
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        options: dict[str, object] = {"db": str(here / "vendor.db"), "vendor_only": True}
        if vary != "none":
            options["vary"] = int(vary)
        if frozen_at != "none":
            options.update(start_at=datetime.fromisoformat(frozen_at), frozen=True)
        app = create_app(Settings.load(options, environ={}))
        with TestClient(app) as client:
            handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"}).json()
        data = here / "vendor.json"
        data.write_text(json.dumps({"target_data": 1, api: handed[api]}), encoding="utf-8")
        with serving(app) as origin:
            kit = subprocess.run(
                [
                    *(sys.executable, "-m", "mockserver.cli", "contract", "--api", api),
                    *("--base-url", f"{origin}{mount_of(api)}", "--target-data", str(data)),
                    *kit_arguments,
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
    raise SystemExit(main(*sys.argv[1:]))
