"""Counting what each exchange covered, in the journal writer's batches.

The journal writer already commits every request's entry; counting what the entries covered in
the same transaction costs an upsert per distinct (sandbox, operation, status) of a batch, not a
write per request, and the counts outlive the journal's limit.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from mockserver.control.journal_entries import Recorded
from mockserver.http.adapter import CoverageWords

Key = tuple[str, str, str, str, int]
"""(sandbox hash, api, kind, item, status)."""


class Tally:
    """Turns a batch of journaled exchanges into coverage rows, one per distinct item."""

    def __init__(self, words: Mapping[str, CoverageWords]) -> None:
        self._words = words

    def __call__(self, batch: Iterable[tuple[str, Recorded]]) -> list[dict[str, Any]]:
        counts: Counter[Key] = Counter()
        for digest, exchange in batch:
            api = exchange.api
            if exchange.kind != "request" or api is None or exchange.operation is None:
                continue
            counts[(digest, api, "operation", exchange.operation, exchange.status)] += 1
            if exchange.status < 400:
                continue
            words = self._words.get(api)
            if words is None:
                continue
            code = words.error_code(_json(exchange.response_body))
            if code is not None:
                counts[(digest, api, "error", code, 0)] += 1
            if exchange.rule and exchange.rule in words.rules:
                counts[(digest, api, "rule", words.rules[exchange.rule], 0)] += 1
        return [
            {"sandbox_hash": d, "api": a, "kind": k, "item": i, "status": s, "count": n}
            for (d, a, k, i, s), n in counts.items()
        ]


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None
