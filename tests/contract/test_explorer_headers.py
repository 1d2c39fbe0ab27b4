"""The explorer's clients: each walk spells its headers as one client library does, never over a
header the run was given, and a finding says the spelling its replay needs."""

from __future__ import annotations

from random import Random

from contract_tests.explorer.findings import Finding
from contract_tests.explorer.headers import ACCEPTS, CONTENT_TYPES, Client
from mockserver.rule_engine.findings import Finding as EngineFinding
from tests.live_checks.traffic import exchange

DOTNET = Client(accept="application/json", content_type="application/json; charset=utf-8")
SESSION = {"User-Agent": "python-requests", "Accept": "*/*"}  # a requests session's own


def test_every_spelling_is_some_walks_client() -> None:
    clients = {Client.drawn(Random(n)) for n in range(400)}
    assert {client.accept for client in clients} == {spelling for spelling, _ in ACCEPTS}
    assert {client.content_type for client in clients} == {spelling for spelling, _ in CONTENT_TYPES}
    plain = sum(client == Client() for client in (Client.drawn(Random(n)) for n in range(400)))
    assert 50 < plain < 150, "about a walk in four spells both as the kit's own client does"


def test_a_body_gets_the_clients_type_and_every_request_its_accept() -> None:
    assert DOTNET.headers(True, SESSION) == {
        "Accept": "application/json",
        "Content-Type": "application/json; charset=utf-8",
    }
    assert DOTNET.headers(False, SESSION) == {"Accept": "application/json"}


def test_a_header_the_run_was_given_is_never_spelt_over() -> None:
    # ``--header "Accept: application/vnd.vendor+json"``: the target may need its own.
    given = {**SESSION, "accept": "application/vnd.vendor+json", "Content-Type": "application/json"}
    assert DOTNET.headers(True, given) == {}


def _finding(headers: dict[str, str]) -> Finding:
    trace = [
        exchange("POST", "/v1/bookings", 201, {"data": {"id": 7}}, sent={"date": "x"}, headers=headers),
        exchange("GET", "/v1/bookings/7", 415, {"data": None, "error": "no"}, headers=headers),
    ]
    broke = EngineFinding("SPEC-MEDIA-TYPE", 2, "GET", "/v1/bookings/7", 415, "refused")
    return Finding("SPEC-MEDIA-TYPE", broke, trace, {})


def test_a_finding_says_how_its_client_spelt_what_it_sent() -> None:
    text = _finding({"Content-Type": "Application/JSON", "Accept": "application/json"}).text("replay")
    assert "\nsent as a client spelling Content-Type: Application/JSON and Accept: application/json\n" in text


def test_a_plain_clients_finding_says_nothing_of_headers() -> None:
    assert "spelling" not in _finding({}).text("replay")
