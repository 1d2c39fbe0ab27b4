"""The same seed against the same target sends the same requests.

A CI pipeline compares runs: a run that sends 1,229 requests one day and 1,196 the next to one
deployment makes its differences unreadable. Two vendor-only servers started alike are the same
target; the kit, run with one seed against each, must send what it chooses to send alike:

- the rule scenarios, request for request (bodies may differ where the kit names a new thing of
  its own, a user or a marker; and who wins a race is the target's choice, so the cancels that
  tidy the winners' bookings may go to one role's endpoint or another's);
- Schemathesis, as many requests to each operation.

What the kit sends because of an answer (a cancel for each booking a generated request happened
to make) follows the target's answers, which racing requests can change. The stateful phase is
left out there: on a target shared between its sequences Hypothesis cannot replay one, and where
it notices, and so where the phase's next suite starts, is timing. On a booking-sandbox, where
each sequence has a fresh sandbox of its own, the phase's sequences are held to the seed alone
(on ReserveKit, whose ids a fresh sandbox counts; a lifecycle booking's new UUID differs).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from mockserver.live_checks.exchanges import read_har
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START
from tests.contract.live import Kit, KitResult, Requests, serving
from tests.contract.test_vendor_only import KEY

ID = re.compile(r"/(\d+|[0-9a-f-]{36}|bkg_[0-9a-f]{24}|lkp_[0-9a-f]{24})(?=/|$)")
SENT = re.compile(r"conformance: operation\[(.+?)\]\n\s+(\d+) requests")
Shapes = Counter[tuple[str, str]]


def _run(api: str, tmp_path: Path, kit: Kit, name: str, *args: str) -> tuple[KitResult, Shapes]:
    folder = tmp_path / name
    folder.mkdir()
    app = create_app(Settings.load({"db": str(folder / "sandbox.db"), "vendor_only": True}, environ={}))
    with TestClient(app) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"}).json()
    data = folder / "vendor.json"
    data.write_text(json.dumps({"target_data": 1, api: handed[api]}), encoding="utf-8")
    recorded = Requests(app)
    with serving(recorded) as origin:
        result = kit.run(origin, api, folder, "--target-data", str(data), "--seed", "7", *args)
    assert not result.failed, result.output[-3000:]
    return result, Counter((method, ID.sub("/{id}", path)) for method, path in recorded.seen)


@pytest.mark.slow
@pytest.mark.parametrize("api", ["reservekit-v1", "merchant"])
def test_one_seed_sends_the_same_requests_to_the_same_target(api: str, tmp_path: Path, kit: Kit) -> None:
    rules = ("--checks", "rules")
    _, first = _run(api, tmp_path, kit, "rules-1", *rules)
    _, again = _run(api, tmp_path, kit, "rules-2", *rules)
    assert sum(again.values()) == sum(first.values()), (first - again, again - first)
    assert _but_cancels(again) == _but_cancels(first)
    assert _cancels(again) == _cancels(first)

    if api != "merchant":
        return  # Schemathesis' side once, on the API with the most operations (CI's 8 minutes)
    schema = ("--checks", "schema", "--max-examples", "5", "--phases", "examples,coverage,fuzzing")
    one, _ = _run(api, tmp_path, kit, "schema-1", *schema)
    two, _ = _run(api, tmp_path, kit, "schema-2", *schema)
    sent = dict(SENT.findall(one.output))
    assert len(sent) >= 6, one.output[-3000:]
    assert dict(SENT.findall(two.output)) == sent


def _but_cancels(shapes: Shapes) -> Shapes:
    return Counter({shape: n for shape, n in shapes.items() if shape[0] != "DELETE"})


def _cancels(shapes: Shapes) -> int:
    return sum(n for shape, n in shapes.items() if shape[0] == "DELETE")


def _links_followed(kit: Kit, origin: str, folder: Path, seed: str) -> list[tuple[str, str, bytes]]:
    """Every request the stateful phase sent, in order, with its body."""
    folder.mkdir()
    har = folder / "kit.har"
    args = ("--checks", "schema", "--phases", "stateful", "--max-examples", "2", "--seed", seed)
    result = kit.run(origin, "reservekit-v1", folder, *args, "--har", str(har))
    assert not result.failed, result.output[-3000:]
    return [(sent.method, sent.url, sent.request_body) for sent in read_har(har)]


@pytest.mark.slow
def test_one_seed_follows_the_same_links_on_a_sandbox(tmp_path: Path, kit: Kit) -> None:
    """The stateful phase's sequences after its first came from a seed of Hypothesis' own: a
    failure found there was not sent again by the seed the report printed (against Prism, 36 or
    37 exchanges a run, the last sequence different each time). Each sequence meets a fresh
    sandbox of its own on a frozen clock, so the seed alone chooses what is sent."""
    app = create_app(
        Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={})
    )
    with serving(app) as origin:
        first = _links_followed(kit, origin, tmp_path / "first", "7")
        again = _links_followed(kit, origin, tmp_path / "again", "7")
        other = _links_followed(kit, origin, tmp_path / "other", "8")
    assert len(first) > 20, first
    assert again == first
    assert other != first, "another seed follows other links"
