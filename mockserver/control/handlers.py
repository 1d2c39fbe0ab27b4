"""The control API's operations; ``user`` is the caller's sandbox key (see ``keys.bearer_info``)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from anyio import to_thread
from connexion import request
from starlette.responses import Response, StreamingResponse

from mockserver.apis.instants import instant
from mockserver.documents.har import har_chunks
from mockserver.domain.calendar.model import BlockedTime
from mockserver.domain.kernel.clock import ClockStart, SandboxClock, advanced, frozen, resumed, set_to
from mockserver.domain.kernel.errors import Conflict, FieldProblem, InvalidInput, NotFound
from mockserver.http.operations.replies import empty_response, json_reply
from mockserver.seeding.scenarios import Scenarios
from mockserver.seeding.worlds import world_document
from mockserver.storage.snapshots.snapshots import export_state, import_state
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxState, SandboxStore

from .dispatcher import Dispatcher
from .durations import parse_duration
from .faults import FaultBook
from .journal import Journal
from .journal_filters import journal_filter
from .leases import Leases
from .sandbox_handlers import SandboxHandlers
from .target_data import BLOCKS_AHEAD, target_data
from .webhooks import WebhookBook

Reply = tuple[Any, int, dict[str, str]] | Response
WEBHOOK_API = "reservekit-v1"


@dataclass(frozen=True)
class ControlParts:
    store: SandboxStore
    journal: Journal
    faults: FaultBook
    webhooks: WebhookBook
    dispatcher: Dispatcher
    scenarios: Scenarios
    apis: tuple[str, ...]
    health: Mapping[str, Any]

    @cached_property
    def leases(self) -> Leases:
        """Who holds each sandbox for a while (``leases.py``), over the store's database."""
        return Leases(self.store.engine)


class ControlHandlers(SandboxHandlers):
    _p: ControlParts

    def __init__(self, parts: ControlParts) -> None:
        self._p = parts
        self._leases = parts.leases

    def health(self) -> Reply:
        return json_reply(dict(self._p.health))

    # clock

    def read_clock(self, user: str) -> Reply:
        return json_reply(clock_json(self._p.store.state(user).clock))

    def advance_clock(self, user: str, body: dict[str, Any]) -> Reply:
        if ("seconds" in body) == ("duration" in body):
            raise InvalidInput(
                "give exactly one of seconds and duration",
                problems=(FieldProblem("seconds", "or duration, not both or neither"),),
            )
        by = timedelta(seconds=body["seconds"]) if "seconds" in body else parse_duration(body["duration"])
        return self._moved(user, lambda clock: advanced(clock, by))

    def set_clock(self, user: str, body: dict[str, Any]) -> Reply:
        at = instant(body["at"], "at")
        return self._moved(user, lambda clock: set_to(clock, at))

    def freeze_clock(self, user: str) -> Reply:
        return self._moved(user, frozen)

    def resume_clock(self, user: str) -> Reply:
        return self._moved(user, resumed)

    def _moved(self, user: str, change: Callable[[SandboxClock], SandboxClock]) -> Reply:
        clock = self._p.store.change_clock(user, change)
        self._p.dispatcher.wake()  # retries may have fallen due
        return json_reply(clock_json(clock))

    # data

    def read_sandbox(self, user: str) -> Reply:
        return json_reply(sandbox_json(self._p.store.state(user)))

    def read_target_data(self, user: str, api: str | None = None) -> Reply:
        """The parts of the APIs this server serves: a part of one it does not would name tokens
        and ids no call here reaches (and seed that API's data to read its blocked times)."""
        apis = self._asked(api)
        world = self._p.store.world(user)
        blocked: list[BlockedTime] = []
        if "merchant" in apis:
            # The blocked times a vendor would name: the merchant's next ones, as its calendar has them.
            with self._p.store.open("merchant", user, write=False) as sandbox:
                now = sandbox.clock.now()
                blocked = sandbox.calendar.blocked_between(world.providers[0].id, now, now + BLOCKS_AHEAD)
        return json_reply(target_data(world, user, blocked, apis))

    def read_world(self, user: str) -> Reply:
        """The seeded world the sandbox started from, so a client never regenerates it from a
        world file it may not have (the server's --world)."""
        return json_reply(json.loads(self._p.store.world(user).to_json()))

    def reset_sandbox(self, user: str, body: dict[str, Any] | None = None) -> Reply:
        body = body or {}
        # Checked before anything is touched: a refused world leaves the sandbox as it was.
        given = body.get("world")
        world = given if given is None or given == "server" else world_document(given)
        scenario = body.get("scenario")
        if scenario is not None:
            known = self._p.scenarios.by_name.get(scenario)
            if known is None:
                raise NotFound("scenario", scenario, problems=(self._no_scenario(scenario),))
            self._p.store.ensure_tenants(user, tuple(api for api in known.apis if api in self._p.apis))
        start = None
        if "start_at" in body or "frozen" in body:
            at = instant(body["start_at"], "start_at") if "start_at" in body else self._p.store.start.at
            start = ClockStart(at, body.get("frozen", self._p.store.start.frozen))
        state = self._p.store.reset(user, body.get("seed"), scenario, start, world)
        if body.get("clear"):
            digest = sandbox_hash(user)
            self._p.faults.clear(digest)
            self._p.webhooks.clear(digest)
            self._p.journal.clear(digest)
            self._p.journal.clear_coverage(digest)
        return json_reply(sandbox_json(state))

    def list_scenarios(self, user: str) -> Reply:
        scenarios = [
            {"name": s.name, "description": s.description, "apis": list(s.apis)}
            for s in self._p.scenarios.by_name.values()
        ]
        return json_reply({"scenarios": scenarios})

    def export_state(self, user: str, api: str | None = None) -> Reply:
        return json_reply(export_state(self._p.store, user, self._asked(api)))

    def _asked(self, api: str | None) -> tuple[str, ...]:
        """The APIs a control call names: the one ``api`` asks for, or every one served here;
        one this server does not serve is refused."""
        if api is None:
            return self._p.apis
        if api not in self._p.apis:
            served = ", ".join(self._p.apis)
            raise InvalidInput(
                f"{api} is not served here",
                problems=(FieldProblem("api", f"not served here (serving {served})"),),
            )
        return (api,)

    def import_state(self, user: str, body: dict[str, Any]) -> Reply:
        scenario = body.get("scenario")
        if scenario is not None and scenario not in self._p.scenarios.by_name:
            raise InvalidInput("unknown scenario", problems=(self._no_scenario(scenario),))
        import_state(self._p.store, user, body, self._p.apis)
        return json_reply(sandbox_json(self._p.store.state(user)))

    def _no_scenario(self, name: object) -> FieldProblem:
        return FieldProblem(
            "scenario", f"no scenario {name!r}: one of {', '.join(self._p.scenarios.by_name)}"
        )

    # faults

    def list_faults(self, user: str) -> Reply:
        return json_reply({"faults": [rule.as_json() for rule in self._p.faults.rules(sandbox_hash(user))]})

    def add_fault(self, user: str, body: dict[str, Any]) -> Reply:
        self._asked(body.get("api"))
        return json_reply(self._p.faults.add(sandbox_hash(user), body).as_json(), 201)

    def get_fault(self, user: str, fault_id: int) -> Reply:
        return json_reply(self._p.faults.get(sandbox_hash(user), fault_id).as_json())

    def remove_fault(self, user: str, fault_id: int) -> Reply:
        self._p.faults.remove(sandbox_hash(user), fault_id)
        return empty_response(204)

    def clear_faults(self, user: str) -> Reply:
        self._p.faults.clear(sandbox_hash(user))
        return empty_response(204)

    # journal

    def list_journal(self, user: str, limit: int = 100, **where: Any) -> Reply:
        entries, count = self._p.journal.entries(sandbox_hash(user), journal_filter(where), limit)
        return json_reply({"count": count, "entries": entries})

    def get_journal_entry(self, user: str, entry_id: int) -> Reply:
        entry = self._p.journal.entry(sandbox_hash(user), entry_id)
        if entry is None:
            raise NotFound("journal entry", entry_id)
        return json_reply(entry)

    def count_journal(self, user: str, **where: Any) -> Reply:
        return json_reply({"count": self._p.journal.count(sandbox_hash(user), journal_filter(where))})

    def export_journal_har(self, user: str, **where: Any) -> Reply:
        origin = f"{request.url.scheme}://{request.url.netloc}"
        exchanges = self._p.journal.exchanges(sandbox_hash(user), journal_filter(where), origin)
        # Streamed, and so left out of response validation (x-sandbox-streamed in the spec).
        return StreamingResponse(har_chunks(exchanges), media_type="application/json")

    def read_coverage(self, user: str, scope: str = "sandbox") -> Reply:
        return json_reply(
            {"rows": self._p.journal.coverage(None if scope == "server" else sandbox_hash(user))}
        )

    def clear_coverage(self, user: str) -> Reply:
        self._p.journal.clear_coverage(sandbox_hash(user))
        return empty_response(204)

    def clear_journal(self, user: str) -> Reply:
        self._p.journal.clear(sandbox_hash(user))
        return empty_response(204)

    # webhooks

    def list_webhooks(self, user: str) -> Reply:
        return json_reply({"webhooks": self._p.webhooks.endpoints(sandbox_hash(user))})

    def add_webhook(self, user: str, body: dict[str, Any]) -> Reply:
        if WEBHOOK_API not in self._p.apis:
            raise Conflict("webhooks are ReserveKit's, and this server does not serve ReserveKit")
        endpoint = self._p.webhooks.add(
            sandbox_hash(user), body["url"], body["events"], body.get("description")
        )
        return json_reply(endpoint, 201)

    def get_webhook(self, user: str, webhook_id: int) -> Reply:
        return json_reply(self._p.webhooks.get(sandbox_hash(user), webhook_id))

    def remove_webhook(self, user: str, webhook_id: int) -> Reply:
        self._p.webhooks.remove(sandbox_hash(user), webhook_id)
        return empty_response(204)

    def list_deliveries(self, user: str, webhook_id: int) -> Reply:
        return json_reply({"deliveries": self._p.webhooks.deliveries(sandbox_hash(user), webhook_id)})

    async def send_test_event(self, user: str, webhook_id: int) -> Reply:
        # Awaited, not waited for on a request thread: a slow endpoint holds a sender (bounded
        # by its deadline and by the sandbox's share of senders), never the request pool.
        digest = sandbox_hash(user)
        webhooks, dispatcher = self._p.webhooks, self._p.dispatcher
        sending = await to_thread.run_sync(
            dispatcher.send_test, digest, lambda: webhooks.test_delivery(digest, webhook_id)
        )
        delivery_id = await asyncio.wrap_future(sending)
        return json_reply(await to_thread.run_sync(webhooks.delivery, webhook_id, delivery_id))


def clock_json(clock: SandboxClock) -> dict[str, Any]:
    return {
        "now": clock.now().isoformat(),
        "frozen": clock.frozen_at is not None,
        "offset_seconds": clock.offset.total_seconds(),
    }


def sandbox_json(state: SandboxState) -> dict[str, Any]:
    return {
        "seed": state.seed,
        "scenario": state.scenario,
        "clock": clock_json(state.clock),
        "apis": list(state.apis),
        "world": state.world,
    }
