"""A live trace's "not found" answers that wait for the trace to show where the API is served.

A proxy learns a host's base path from its first 2xx (``routes.ServedBases``). Before that, a
404 to ``/reservekit/v1/services`` through a proxy of ``…/reservekit`` (the client's base
given twice) was judged by its path's end, ``/v1/services`` answered an undocumented 404: a
finding against a correct vendor for the client's mistake. A 404 or 405 (what a router says
of a path it does not serve) whose host shows no base yet waits here, its findings made as
they would be at once; a 2xx on its host then places it: judged as it was where its path is
the same operation under the base shown, and no finding where it is none (outside the API).
A host that never answers 2xx keeps them to the end of the trace, where they stand as made:
by the path's end, as check-har judges a recording that never shows the base.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.documents.har import Exchange

from .findings import Finding, origin_of
from .routes import Routes, ServedBases

UNPLACED_STATUSES = frozenset({404, 405})
MOST_WAITING = 256
"""Answers kept waiting, over every host: past it, the oldest stands as made (a long run
against a host that never answers 2xx keeps no more than this)."""


@dataclass(frozen=True)
class _Waiting:
    origin: str
    url: str
    template: str | None
    """The documented path the answer was judged as: the one its URL ends with."""
    findings: list[Finding]


class Unplaced:
    """The answers waiting, oldest first."""

    def __init__(self) -> None:
        self._waiting: list[_Waiting] = []

    def wait(self, exchange: Exchange, template: str | None, findings: list[Finding]) -> list[Finding]:
        """Keep ``findings`` of ``exchange``, judged as ``template``, until its host shows a
        base; what stands now, where too many wait (the oldest's)."""
        self._waiting.append(_Waiting(origin_of(exchange.url), exchange.url, template, findings))
        return self._waiting.pop(0).findings if len(self._waiting) > MOST_WAITING else []

    def placed(self, url: str, routes: Routes, served: ServedBases) -> list[Finding]:
        """The findings that stand now that ``url``'s host shows a base: each of its waiting
        answers' whose URL names, under the base ``served`` shows, the documented path it was
        judged as."""
        origin = origin_of(url)
        there = [waiting for waiting in self._waiting if waiting.origin == origin]
        self._waiting = [waiting for waiting in self._waiting if waiting.origin != origin]
        return [
            finding
            for waiting in there
            if waiting.template is not None
            and routes.template(waiting.url, served.base_for(waiting.url)) == waiting.template
            for finding in waiting.findings
        ]

    def settle(self) -> list[Finding]:
        """The end of the trace: what still waits stands as made."""
        stand = self.pending()
        self._waiting.clear()
        return stand

    def pending(self) -> list[Finding]:
        """What would stand were the trace to end now."""
        return [finding for waiting in self._waiting for finding in waiting.findings]
