"""A request's headers as the clients integrators use spell them.

The kit's scenarios and Schemathesis send one spelling of a JSON request: ``application/json``
and the ``Accept`` of the HTTP library. Clients differ, and each spelling is the same request
(RFC 9110 8.3.1: a media type's name is case-insensitive and its parameters follow it; RFC
8259 11: a ``charset`` on JSON has no effect): a vendor that compares the header's text refuses
a .NET or Spring client's every body with a 415, or answers an axios ``Accept`` with a 406,
and no scenario meets it. Each walk is one client, drawn at its first step from a random of
its own (``walk.py``), so the steps, and the seeds that find a family, stay as they were; a
read asked again is asked alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from random import Random

from mockserver.documents.har import Exchange, header_value

PLAIN_TYPE = "application/json"
PLAIN_ACCEPT = "*/*"  # requests', as curl's
# (spelling, weight): the plain one as often as the rest together.
CONTENT_TYPES = (
    (PLAIN_TYPE, 4),
    ("application/json; charset=utf-8", 2),  # .NET's JsonContent, OkHttp, Go's and Node's many
    ("application/json;charset=UTF-8", 1),  # Spring's RestTemplate, Apache HttpClient
    ("Application/JSON", 1),  # as legal as the rest, and what a hand-written client may send
)
ACCEPTS = (
    (PLAIN_ACCEPT, 3),
    ("application/json", 2),  # most generated SDKs
    ("application/json, text/plain, */*", 1),  # axios
)
SHOWN = ("content-type", "accept")


@dataclass(frozen=True)
class Client:
    """How one client spells every request of a walk: a library writes its headers alike."""

    accept: str = PLAIN_ACCEPT
    content_type: str = PLAIN_TYPE

    @classmethod
    def drawn(cls, pick: Random) -> Client:
        return cls(_drawn(pick, ACCEPTS), _drawn(pick, CONTENT_TYPES))

    def headers(self, with_body: bool, given: Mapping[str, str | bytes]) -> dict[str, str]:
        """A request's ``Accept``, and its body's ``Content-Type`` where it has one; neither
        where the run was given it (``--header``: the target may need its own), as ``given``
        (the session's headers) shows."""
        named = {name.lower(): value for name, value in given.items()}
        headers = {}
        if named.get("accept", PLAIN_ACCEPT) == PLAIN_ACCEPT:
            headers["Accept"] = self.accept
        if with_body and "content-type" not in named:
            headers["Content-Type"] = self.content_type
        return headers


def _drawn(pick: Random, spellings: tuple[tuple[str, int], ...]) -> str:
    return pick.choices([spelling for spelling, _ in spellings], [weight for _, weight in spellings])[0]


def unusual(exchange: Exchange) -> Mapping[str, str]:
    """The headers ``exchange`` spelt otherwise than the plain request would: what a finding's
    line must show for its replay by hand (curl's own ``Accept`` is the plain one)."""
    plain = {"content-type": PLAIN_TYPE, "accept": PLAIN_ACCEPT}
    sent = {name: header_value(exchange.request_headers, name) for name in SHOWN}
    return {name: value for name, value in sent.items() if value and value != plain[name]}
