"""``booking-sandbox`` with two operations made free, for ``stack_ceiling.py``.

    python benchmarks/free_operations.py ANSWERS.json serve [serve's options]

ReserveKit's create and the merchant's week answer what ``ANSWERS.json`` holds (``create`` and
``week``: answers a served sandbox gave) without reading or writing a sandbox. Everything else
a request meets is as served: the HTTP server, routing, the bearer check, the request's and the
answer's schema checks, the journal. A create's answer keeps its fields with a new id each
time, so each answer is checked as a real create's is (an answer passed once is not checked
again, ``http/validation/passed.py``). The two handlers are replaced before ``serve`` forks its
workers, which inherit them (a worker started again after one died would not: a run
where one did is not a figure).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

from mockserver.apis.instants import instant
from mockserver.apis.merchant.handlers import MerchantHandlers
from mockserver.apis.reservekit.handlers import ReserveKitHandlers
from mockserver.cli import main as sandbox_main


def make_free(answers: dict[str, Any]) -> None:
    created = answers["create"]["data"]
    week = answers["week"]
    # Ids past any the seeded world or a run makes, apart for each worker (forked, so the pid is
    # known only at the first call), within the spec's 32-bit integers.
    ids: dict[int, itertools.count[int]] = {}

    def create_booking(
        self: ReserveKitHandlers, user: str, body: dict[str, Any], service_id: int | None = None
    ) -> tuple[dict[str, Any], int]:
        counter = ids.setdefault(os.getpid(), itertools.count(10**9 + os.getpid() % 1000 * 10**6))
        return {"data": {**created, "id": next(counter)}}, 201

    def get_calendar_events(
        self: MerchantHandlers, user: str, start: str, end: str
    ) -> tuple[dict[str, Any], int, dict[str, str]]:
        # The handler's own parsing of the range, kept.
        instant(start, "start")
        instant(end, "end")
        return week, 200, {"Content-Type": "application/json"}

    setattr(ReserveKitHandlers, "create_booking", create_booking)  # noqa: B010
    setattr(MerchantHandlers, "get_calendar_events", get_calendar_events)  # noqa: B010


if __name__ == "__main__":
    make_free(json.loads(Path(sys.argv[1]).read_text()))
    sys.exit(sandbox_main(sys.argv[2:]))
