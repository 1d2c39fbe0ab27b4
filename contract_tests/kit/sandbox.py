"""Knowing when the target is a booking-sandbox, and what that lets the kit do.

A sandbox answers ``GET /_sandbox/health`` as one, with its seed. The kit then reads its
control API: the target data of a sandbox key of its own (so nobody has to pass a token),
its clock, faults and webhooks. A real deployment answers anything else there, and the
kit reads nothing more of it than that one path. ``booking-sandbox proxy`` answers there too,
from the server that keeps its journal, and says so (``proxy``): that control API is no
sandbox's the API is served from, so what is behind the proxy is faced as any implementation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from mockserver.documents.har import json_document

from .preflight import AWAY, TargetNotUsable, away, first_asked


@dataclass(frozen=True)
class SandboxFacts:
    seed: int
    """Printed in the report's title; a seeded world is the sandbox's own business."""


@dataclass(frozen=True)
class Proxied:
    upstream: str
    """Where the booking-sandbox proxy at the target's origin sends the API's calls."""

    def __str__(self) -> str:
        return f"booking-sandbox's proxy to {self.upstream}, whose own control API keeps its journal only"


def probe(origin: str, session: requests.Session) -> SandboxFacts | Proxied | None:
    """The sandbox's facts, a booking-sandbox proxy's upstream, or None for a target that is
    neither. Only
    ``/_sandbox/health`` is read: a vendor's server is never sent anything else of the control API.
    A target that does not answer at all, or only with a gateway's "not there", raises
    ``TargetNotUsable`` (the same origin serves the API)."""
    url = f"{origin}/_sandbox/health"
    # The run's first request: a target starting from cold is waited for here.
    response = first_asked(lambda timeout: session.get(url, timeout=timeout, allow_redirects=False), url)
    if response.status_code in AWAY:  # nothing behind the gateway to tell a sandbox by
        raise TargetNotUsable(away(origin, url, response))
    # A vendor may answer anything there: what is not a JSON object (not JSON, too deep) is no sandbox.
    body: Any = json_document(response.content) if response.status_code == 200 else None
    if not isinstance(body, dict) or body.get("service") != "booking-sandbox":
        return None
    if isinstance(proxy := body.get("proxy"), dict):
        return Proxied(str(proxy.get("upstream", "")))
    seed = body.get("seed")
    return SandboxFacts(seed) if isinstance(seed, int) else None
