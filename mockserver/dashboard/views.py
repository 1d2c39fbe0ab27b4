"""What each part of the dashboard shows, read from the same objects the control API answers from.

Each function takes the caller's sandbox key and returns a template's context; nothing here
writes (every change goes through the control API from the browser). A key names one sandbox
and these read only that sandbox's rows, so no key ever sees another's.
"""

from __future__ import annotations

import json
import shlex
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from mockserver.apis.adapters import ADAPTERS, COVERAGE
from mockserver.apis.instants import day
from mockserver.apis.reservekit.vocabulary import CREATED, DELETED, UPDATED
from mockserver.control.handlers import WEBHOOK_API, ControlParts
from mockserver.control.journal_filters import WEBHOOK, journal_filter
from mockserver.coverage.report import build
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotFound
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash

from .calendar import Lane, lane, monday_of, next_start
from .showing import Showing, parse_ref

JOURNAL_PAGE = 200
BOOKING_EVENTS = (CREATED, UPDATED, DELETED)
# Headers a copied curl command leaves out: the transport sets them again.
NOT_RESENT = frozenset({"host", "content-length", "connection", "accept-encoding", "transfer-encoding"})


@dataclass(frozen=True)
class Views:
    control: ControlParts
    showing: Showing

    def overview(self, key: str) -> dict[str, Any]:
        state = self.control.store.state(key)
        held = self.control.leases.held(sandbox_hash(key))
        return {
            "state": state,
            "now": state.clock.now(),
            "frozen": state.clock.frozen_at is not None,
            "lease": None if held is None else held.as_json(),
        }

    def calendar(self, key: str, week: str | None) -> dict[str, Any]:
        """The week asked for; without one, the week of the sandbox's next booking (where an
        integrator's first booking, weeks ahead, is), or this week when nothing lies ahead."""
        state = self.control.store.state(key)
        now = state.clock.now()
        # In the README's order (the server's), not the order the sandbox first met each API.
        served = [api for api in self.control.apis if api in state.apis]
        if week:
            monday = monday_of(_day(week, "week"))
            lanes = self._lanes(key, served, monday)
        else:
            monday, lanes = self._week_of_next_booking(key, served, now)
        return {
            "monday": monday,
            "days": [monday + timedelta(days=n) for n in range(7)],
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "today": now.date(),
            "this_week": monday_of(now.date()),
            "now": now,
            "lanes": lanes,
        }

    def _lanes(self, key: str, served: list[str], monday: date) -> list[Lane]:
        lanes: list[Lane] = []
        for api in served:
            with self.control.store.open(api, key, write=False) as sandbox:
                lanes.append(lane(sandbox, monday))
        return lanes

    def _week_of_next_booking(self, key: str, served: list[str], now: datetime) -> tuple[date, list[Lane]]:
        starts = []
        for api in served:
            with self.control.store.open(api, key, write=False) as sandbox:
                found = next_start(sandbox, now)
            if found is not None:
                starts.append(found)
        if not starts:
            monday = monday_of(now.date())
            return monday, self._lanes(key, served, monday)
        first = min(starts)
        # A lane places an entry on its location's day, which can be a day either side of the
        # instant's UTC date: the week that shows the booking is that date's or a neighbour.
        weeks = [monday_of(first.date()) + timedelta(days=shift) for shift in (0, 7, -7)]
        tried = []
        for monday in weeks:
            lanes = self._lanes(key, served, monday)
            if any(e.starts_at == first for one in lanes for d in one.days for e in d.entries):
                return monday, lanes
            tried.append(lanes)
        return weeks[0], tried[0]

    def entry(self, key: str, api: str | None, ref: str | None) -> dict[str, Any]:
        if not api or not ref:
            raise InvalidInput("name the entry's api and ref", problems=(FieldProblem("ref", "required"),))
        parsed = parse_ref(ref)
        if api not in self.control.store.state(key).apis:
            raise NotFound("API used by this sandbox", api)
        return {"api": api, "ref": ref, "shown": self.showing.show(key, api, parsed)}

    def journal(self, key: str, query: dict[str, str]) -> dict[str, Any]:
        where: dict[str, Any] = {name: value for name, value in query.items() if value}
        limit = _int(where.pop("limit", str(JOURNAL_PAGE)), "limit", 1, 1000)
        unknown = set(where) - {"api", "method", "path", "status", "rule", "kind", "since", "until"}
        if unknown:
            raise InvalidInput(f"no journal filter {', '.join(sorted(unknown))}")
        wanted = journal_filter(where, apis=tuple(ADAPTERS))
        entries, count = self.control.journal.entries(sandbox_hash(key), wanted, limit)
        return {"entries": entries, "count": count}

    def exchange(self, key: str, entry_id: int, origin: str) -> dict[str, Any]:
        entry = self.control.journal.entry(sandbox_hash(key), entry_id)
        if entry is None:
            raise NotFound("journal entry", entry_id)
        return {
            "entry": entry,
            "request_body": _pretty(entry["request"]["body"]),
            "response_body": _pretty(entry["response"]["body"]),
            "curl": curl_of(entry, origin),
        }

    def faults(self, key: str) -> dict[str, Any]:
        rules = self.control.faults.rules(sandbox_hash(key))
        return {"faults": [rule.as_json() for rule in rules]}

    def webhooks(self, key: str) -> dict[str, Any]:
        digest = sandbox_hash(key)
        endpoints = self.control.webhooks.endpoints(digest)
        attempts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if endpoints:
            sent, _ = self.control.journal.entries(digest, journal_filter({"kind": WEBHOOK}), 1000)
            for attempt in sent:
                headers = {name.lower(): value for name, value in attempt["request"]["headers"].items()}
                event = headers.get("sandbox-event-id")
                if event:
                    attempts[event].append(attempt)
        shown = [
            {"endpoint": e, "deliveries": self.control.webhooks.deliveries(digest, e["id"])}
            for e in endpoints
        ]
        return {
            "webhooks": shown,
            "attempts": attempts,
            "served": WEBHOOK_API in self.control.apis,
            "events": BOOKING_EVENTS,
        }

    def coverage(self, key: str) -> dict[str, Any]:
        """What the sandbox's traffic exercised of each API it used (``booking-sandbox coverage``)."""
        rows = self.control.journal.coverage(sandbox_hash(key))
        apis = self.control.store.state(key).apis
        report = build(rows, apis, {api: COVERAGE[api].rules.values() for api in apis if api in COVERAGE})
        return {"report": report}

    def data(self, key: str) -> dict[str, Any]:
        state = self.control.store.state(key)
        return {"state": state, "scenarios": list(self.control.scenarios.by_name.values())}


def curl_of(entry: dict[str, Any], origin: str) -> str:
    """The exchange's request as a curl command; a masked bearer token becomes ``$SANDBOX_TOKEN``."""
    url = entry.get("url") or origin + entry["path"] + (f"?{entry['query']}" if entry["query"] else "")
    words = ["curl", "-X", entry["method"], shlex.quote(url)]
    for name, value in entry["request"]["headers"].items():
        if name.lower() in NOT_RESENT:
            continue
        if name.lower() == "authorization":
            words += ["-H", '"Authorization: Bearer $SANDBOX_TOKEN"']
            continue
        words += ["-H", shlex.quote(f"{name}: {value}")]
    if entry["request"]["body"]:
        words += ["--data-binary", shlex.quote(entry["request"]["body"])]
    return " ".join(words)


def _pretty(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


def _day(text: str, field: str) -> date:
    try:
        return day(text, field)
    except ValueError:
        raise InvalidInput(
            f"{field} is not a date (YYYY-MM-DD)", problems=(FieldProblem(field, "a date"),)
        ) from None


def _int(text: str, field: str, lowest: int, highest: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = lowest - 1
    if not lowest <= value <= highest:
        raise InvalidInput(
            f"{field} is a whole number from {lowest} to {highest}",
            problems=(FieldProblem(field, f"{lowest} to {highest}"),),
        )
    return value
