"""One typed Python client of the control API (``/_sandbox``), for the CLI, the pytest plugin
and integrators' own code alike.

    sandbox = ControlClient("http://127.0.0.1:8000", key="sk_rsv_mine_0001")
    sandbox.advance("2h")
    assert sandbox.journal_count(method="POST", status=201) == 1

Every method is one HTTP call. A refusal raises ``ControlRefused`` carrying the answer's
problem details; a server that cannot be reached raises httpx's own error, and one whose answer
is not the control API's JSON (another program on that port, a URL mistyped) ``NotASandbox``.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, TypedDict

import httpx

from .proxies import client_options
from .sandbox_answers import (
    BelowTheSandbox,
    ControlRefused,
    NotASandbox,
    document,
    first_health,
    health,
    refuse_a_path_below_a_sandbox,
)

__all__ = [
    "JOURNAL_FILTERS",
    "BelowTheSandbox",
    "Clock",
    "ControlClient",
    "ControlRefused",
    "JournalPage",
    "NotASandbox",
    "health",
]

JOURNAL_FILTERS = ("method", "path", "status", "api", "kind", "rule", "since", "until")


class Clock(TypedDict):
    now: str
    frozen: bool
    offset_seconds: float


class JournalPage(TypedDict):
    count: int
    """How many entries match in all (``entries`` holds at most ``limit`` of them)."""
    entries: list[dict[str, Any]]


class ControlClient:
    def __init__(
        self,
        url: str,
        key: str,
        *,
        timeout: float = 60,
        verify: ssl.SSLContext | bool | None = None,
        health_first: Callable[[str], object] | None = None,
    ) -> None:
        """``url``: the server (``http://127.0.0.1:8000``); ``key``: any token of the sandbox.
        ``verify``: an SSL context to share between clients (``tls.client_context()``, which
        trusts the CA bundle ``REQUESTS_CA_BUNDLE`` names): one is made for each client
        otherwise, reading the CA bundle, 37 ms here. ``health_first``: before its first call,
        the server's health (which needs no key) is asked, so a server that is no sandbox is
        sent neither a write nor the key; one starting from cold is waited for, and this is
        told so (``first_health``)."""
        self.url = url.rstrip("/")
        self.key = key
        self._health_first = health_first
        self._http = httpx.Client(
            base_url=f"{self.url}/_sandbox",
            timeout=timeout,
            headers={"Authorization": f"Bearer {key}"},
            **client_options(self.url, verify),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ControlClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # the clock

    def clock(self) -> Clock:
        return self._json("GET", "/clock")  # type: ignore[no-any-return]

    def advance(self, duration: str | timedelta) -> Clock:
        """Moves the clock forward by ``duration`` (``15m``, ``2h``, ``P1D``, or a ``timedelta``,
        sent as its exact seconds)."""
        by = (
            {"seconds": duration.total_seconds()}
            if isinstance(duration, timedelta)
            else {"duration": duration}
        )
        return self._json("POST", "/clock/advance", json=by)  # type: ignore[no-any-return]

    def set_clock(self, at: str) -> Clock:
        """Moves the clock forward to ``at`` (an RFC 3339 instant)."""
        return self._json("POST", "/clock/set", json={"at": at})  # type: ignore[no-any-return]

    def freeze(self) -> Clock:
        return self._json("POST", "/clock/freeze")  # type: ignore[no-any-return]

    def resume(self) -> Clock:
        return self._json("POST", "/clock/resume")  # type: ignore[no-any-return]

    # the whole sandbox

    def sandbox(self) -> dict[str, Any]:
        """The sandbox's seed, scenario, clock and the APIs it has been used on."""
        return self._json("GET", "/sandbox")  # type: ignore[no-any-return]

    def forget(self) -> None:
        """Deletes the whole sandbox; the key's next use starts a new seeded world."""
        self._call("DELETE", "/sandbox")

    def world(self) -> dict[str, Any]:
        """The seeded world the sandbox started from (``booking-sandbox world``'s JSON)."""
        return self._json("GET", "/world")  # type: ignore[no-any-return]

    def reset(
        self,
        *,
        seed: int | None = None,
        scenario: str | None = None,
        start_at: str | None = None,
        frozen: bool | None = None,
        clear: bool = False,
        world: Mapping[str, Any] | str | None = None,
    ) -> dict[str, Any]:
        """Back to the seeded world (``seed`` reseeds; ``scenario`` arranges one; ``world``, a
        world document, reseeds from a world of the sandbox's own, and ``"server"`` from the
        server's again). The journal, fault rules and webhook endpoints stay, unless ``clear``:
        then they go too, with every delivery, and the sandbox is as a new key's."""
        given = {"seed": seed, "scenario": scenario, "start_at": start_at, "frozen": frozen, "world": world}
        body: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
        if clear:
            body["clear"] = True
        return self._json("POST", "/reset", json=body or None)  # type: ignore[no-any-return]

    def coverage(self, *, server: bool = False) -> list[dict[str, Any]]:
        """What the sandbox's traffic covered (the whole server's with ``server``): counted rows."""
        params = {"scope": "server"} if server else None
        return self._json("GET", "/coverage", params=params)["rows"]  # type: ignore[no-any-return]

    def clear_coverage(self) -> None:
        self._call("DELETE", "/coverage")

    def scenarios(self) -> list[dict[str, Any]]:
        return self._json("GET", "/scenarios")["scenarios"]  # type: ignore[no-any-return]

    def export_state(self) -> str:
        return self._call("GET", "/state").text

    def import_state(self, document: str | bytes) -> dict[str, Any]:
        content = document.encode() if isinstance(document, str) else document
        headers = {"Content-Type": "application/json"}
        return self._json("PUT", "/state", content=content, headers=headers)  # type: ignore[no-any-return]

    # faults

    def faults(self) -> list[dict[str, Any]]:
        return self._json("GET", "/faults")["faults"]  # type: ignore[no-any-return]

    def add_fault(self, kind: str, **rule: Any) -> dict[str, Any]:
        """Adds a fault rule: ``kind`` (latency, error, rate_limit, drop) and its fields
        (``api``, ``method``, ``path``, ``status``, ``ms``, ``count``, …); the rule as stored."""
        body = {"kind": kind, **{name: value for name, value in rule.items() if value is not None}}
        if "method" in body:
            body["method"] = str(body["method"]).upper()
        return self._json("POST", "/faults", json=body)  # type: ignore[no-any-return]

    def remove_fault(self, fault_id: int) -> None:
        self._call("DELETE", f"/faults/{fault_id}")

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    # the journal

    def journal(self, *, limit: int | None = None, **filters: Any) -> JournalPage:
        """Journal entries, newest first, filtered by ``method``, ``path``, ``status``, ``api``…"""
        query = _filters(filters)
        if limit is not None:
            query["limit"] = limit
        return self._json("GET", "/journal", params=query)  # type: ignore[no-any-return]

    def journal_entry(self, entry_id: int) -> dict[str, Any]:
        """One exchange by its entry id (``ControlRefused`` with 404 when the sandbox has none)."""
        return dict(self._json("GET", f"/journal/entries/{entry_id}"))

    def journal_count(self, **filters: Any) -> int:
        return int(self._json("GET", "/journal/count", params=_filters(filters))["count"])

    def journal_har(self, **filters: Any) -> dict[str, Any]:
        return self._json("GET", "/journal/har", params=_filters(filters))  # type: ignore[no-any-return]

    def clear_journal(self) -> None:
        self._call("DELETE", "/journal")

    # webhooks

    def webhooks(self) -> list[dict[str, Any]]:
        return self._json("GET", "/webhooks")["webhooks"]  # type: ignore[no-any-return]

    def add_webhook(self, url: str, events: list[str] | None = None) -> dict[str, Any]:
        """Registers an endpoint (default: every booking event); the answer holds its ``secret``."""
        wanted = events or ["bookings.create", "bookings.update", "bookings.delete"]
        return self._json("POST", "/webhooks", json={"url": url, "events": wanted})  # type: ignore[no-any-return]

    def remove_webhook(self, webhook_id: int) -> None:
        self._call("DELETE", f"/webhooks/{webhook_id}")

    def deliveries(self, webhook_id: int) -> list[dict[str, Any]]:
        return self._json("GET", f"/webhooks/{webhook_id}/deliveries")["deliveries"]  # type: ignore[no-any-return]

    def test_webhook(self, webhook_id: int) -> dict[str, Any]:
        return self._json("POST", f"/webhooks/{webhook_id}/test")  # type: ignore[no-any-return]

    # plumbing

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._exchange(method, path, **kwargs)[1]

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self._exchange(method, path, **kwargs)[0]

    def _exchange(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, Any]:
        """The answer and its JSON document (None where it has no body)."""
        if self._health_first is not None:
            waiting, self._health_first = self._health_first, None
            first_health(self.url, waiting)
        response = self._http.request(method, path, **kwargs)
        if response.status_code == 404:
            refuse_a_path_below_a_sandbox(self.url, response)
        said = document(self.url, response) if response.content else None
        if response.status_code >= 400:
            raise ControlRefused(response.status_code, said if isinstance(said, dict) else {}, response.text)
        return response, said


def _filters(given: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(given) - set(JOURNAL_FILTERS)
    if unknown:
        raise TypeError(
            f"unknown journal filter {', '.join(sorted(unknown))}; known: {', '.join(JOURNAL_FILTERS)}"
        )
    query = {name: value for name, value in given.items() if value is not None}
    if "method" in query:
        query["method"] = str(query["method"]).upper()
    return query
