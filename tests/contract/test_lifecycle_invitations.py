"""The kit's own lifecycle invitations (``contract_tests/rules/lifecycle_invitations.py``) where
a vendor shows no email to invite by: the invitations rule is unchecked, saying what it needs,
and nothing fails or is left behind. (Where emails are shown, ``test_vendor_only``'s second run
checks the rule on the kit's invitations.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.contract.live import Kit, serving
from tests.contract.mutants import RewriteResponses

KEY = "kit_invites_no_email_01"


def no_emails(app: Any) -> Any:
    """A vendor whose lifecycle bookings show no one's email (the field is nullable), in every
    answer that shows a booking."""
    for method in ("GET", "POST"):
        app = RewriteResponses(app, method, r".*/api/v1/bookings.*", _without_emails)
    return app


def _without_emails(status: int, document: Any) -> tuple[int, Any]:
    attributes = (document.get("data") or {}).get("attributes") if isinstance(document, dict) else None
    if isinstance(attributes, dict):
        for person in [attributes.get("owner") or {}, *(attributes.get("participants") or [])]:
            if "email" in person:
                person["email"] = None
    return status, document


@pytest.mark.slow
def test_a_vendor_showing_no_email_leaves_the_rule_unchecked_once_its_invitations_are_answered(
    tmp_path: Path, kit: Kit
) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"}).json()
    data = tmp_path / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, "lifecycle": handed["lifecycle"]}), encoding="utf-8")
    args = ("--target-data", str(data), "--checks", "rules", "--", "-k", "invitations")
    with serving(no_emails(app)) as origin:
        first = kit.run(origin, "lifecycle", tmp_path, *args)
        second = kit.run(origin, "lifecycle", tmp_path, *args)
    assert first.exit_code == 0, first.output[-3000:]  # the vendor's own invitations
    assert (second.exit_code, second.failed, second.passed) == (6, {}, ()), second.output[-3000:]
    (reason,) = second.skipped.values()
    assert "are answered already" in reason, reason
    assert "could invite no other owner the target data names" in reason, reason
    assert "left on the target" not in second.output, second.output[-3000:]
