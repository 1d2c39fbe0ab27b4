"""Which journal entries a reader asks for: ``JournalFilter``, read from the control API's query
or the dashboard's form (``journal_filter``), and what it asks of a stored entry.

A path glob matches an entry's path with or below its API's mount, as ``faults add --path``
globs below it: ``/v1/bookings*`` and ``/reservekit/v1/bookings*`` both find ReserveKit's
bookings. A status is one answer's (``404``) or a class of them (``4xx``): "no server error
answered in this run" is ``journal count --status 5xx --expect 0``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase
from typing import Any

import sqlalchemy as sa

from mockserver.apis.instants import instant
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

_STATUS = re.compile(r"([1-5])(?:xx|XX|[0-9]{2})")
STATUS_FORMS = "an answer's status (404) or a class of them (4xx)"
REQUEST, WEBHOOK = "request", "webhook"
KINDS = (REQUEST, WEBHOOK)
"""What a journal entry is: a request the sandbox answered, or a webhook delivery it sent."""
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
"""The methods a journal is filtered by (the control API's spec lists the same)."""


@dataclass(frozen=True)
class JournalFilter:
    method: str | None = None
    path: str | None = None
    """A glob over the path, with or below its API's mount (``*`` matches ``/`` too)."""
    status: int | str | None = None
    """One status (404), or a class (``"4xx"``)."""
    api: str | None = None
    kind: str | None = None
    rule: str | None = None
    """The domain code of the business rule that refused the request."""
    since: datetime | None = None
    until: datetime | None = None

    def status_condition(self, column: sa.ColumnElement[int]) -> sa.ColumnElement[bool] | None:
        if self.status is None:
            return None
        if isinstance(self.status, int):
            return column == self.status
        lowest = int(self.status[0]) * 100
        return column.between(lowest, lowest + 99)

    def path_matches(self, path: str, api: str | None, mounts: Mapping[str, str]) -> bool:
        """``path``: an entry's, its mount included."""
        if self.path is None:
            return True
        mount = mounts.get(api or "") or ""
        if mount == "" or not path.startswith(mount + "/"):
            return fnmatchcase(path, self.path)
        return glob_matches(self.path, path[len(mount) :], mount)


def glob_matches(glob: str, below: str, mount: str) -> bool:
    """Whether a path glob matches ``below`` (a path below its API's ``mount``), written below the
    mount or with it: a fault rule's and a journal filter's one reading. No API's own paths begin
    with a mount, so either is what the caller meant."""
    return fnmatchcase(below, glob) or (mount != "" and fnmatchcase(mount + below, glob))


def status_wanted(value: object) -> int | str:
    """``404`` or ``"4xx"`` from what a query or a form gave (``"404"``, ``404``, ``"4XX"``)."""
    said = str(value).strip()
    if _STATUS.fullmatch(said) is None:
        raise InvalidInput(
            f"status {said[:20]!r} is not {STATUS_FORMS}",
            problems=(FieldProblem("status", STATUS_FORMS),),
        )
    return int(said) if said.isdigit() else said.lower()


def journal_filter(where: Mapping[str, Any], apis: Collection[str] = ()) -> JournalFilter:
    """What ``where`` asks for. ``apis``: the API names a filter may give, where its caller checks
    them (the dashboard's form; the control API's spec checked its query already). A method, kind
    or API no entry can have is refused, not answered with an empty page."""
    since, until, status = where.get("since"), where.get("until"), where.get("status")
    for field, allowed in (("method", METHODS), ("kind", KINDS), ("api", apis)):
        if allowed and (given := where.get(field)) is not None and given not in allowed:
            one_of = f"one of {', '.join(allowed)}"
            raise InvalidInput(
                f"{field} {str(given)[:20]!r} is not {one_of}", problems=(FieldProblem(field, one_of),)
            )
    return JournalFilter(
        method=where.get("method"),
        path=where.get("path"),
        status=None if status is None else status_wanted(status),
        api=where.get("api"),
        kind=where.get("kind"),
        rule=where.get("rule"),
        since=_when(since, "since") if since else None,
        until=_when(until, "until") if until else None,
    )


def _when(text: str, field: str) -> datetime:
    """An instant filter, whose form the control API's spec checks but the dashboard's form does not."""
    try:
        return instant(text, field)
    except ValueError:
        raise InvalidInput(
            f"{field} is not an RFC 3339 instant",
            problems=(FieldProblem(field, "e.g. 2027-01-06T15:00:00Z"),),
        ) from None
