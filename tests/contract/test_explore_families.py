"""The explorer finds what no directed scenario names: each invariant family is proven by a
broken sandbox (``broken_families.py``) that the whole directed kit passes and the explorer
fails, naming the family's rule, with a shrunk sequence and the command that replays it.

The directed side runs once per API with every family's bug in at once (each bug on its own
would only make the run shorter), so the proof costs one kit run an API and a walk a family.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.har import Exchange
from mockserver.live_checks.exchanges import read_har
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.broken_families import (
    FAMILY_BREAKAGES,
    PENDING_BREAKAGES,
    SECOND_BREAKAGES,
    SPELLING_BREAKAGES,
    a_service_list_shows_each_booking_as_made,
)
from tests.contract.live import Kit, serving

# CI's short walks, each from a seed that reaches its family's bug within them: a search of seeds 1
# to 8 at each walk's length (``LONGER``, or 48 steps; a seed's walk depends on it) found each bug
# at the seeds said. For the longer walks seeds 1 to 20 were searched too, one server a family (a
# walk also depends on what the server made before: 15 caught RK-PLACES-ADD-UP there, not on a
# fresh one), and the soonest catch kept where the test's own fresh server caught it too. A seed
# repeats its walk in any process (``contract_tests/kit/seeded.py``) while the explorer's choices
# stay as they are; a change to how it chooses may need new seeds, and the longer default walk
# (480 steps) is what a user runs.
STEPS = "48"
SEEDS = {
    "RK-WHOLE-READ-AFTER-WRITE": "2",  # found at 2 of 1 to 8
    "RK-NEIGHBOURS": "5",  # found at 4 and 5 of 1 to 8
    "RK-REFUSAL-CHANGES-NOTHING": "2",  # found at 2, 3, 4 and 6 of 1 to 8
    "RK-TERMINAL-EVERY-SPELLING": "3",  # found at 3 of 1 to 8
    "RK-ROLES-EVERY-OPERATION": "6",  # found at 3 and 6 of 1 to 8
    "MR-NEIGHBOURS": "1",  # found at each of 1 to 8
    "MR-REFUSAL-CHANGES-NOTHING": "1",  # found at each of 1 to 8
    "LC-TERMINAL-EVERY-SPELLING": "17",  # the soonest of 1 to 20 (25 steps)
    "BG-NEIGHBOURS": "2",  # found at 2 of 1 to 8
    "MR-TERMINAL-EVERY-SPELLING": "1",  # found at 1, 2 and 4 of 1 to 8
    "MR-WHOLE-READ-AFTER-WRITE": "8",  # found at 8 of 1 to 8
    "MR-ROLES-EVERY-OPERATION": "9",  # the soonest of 1 to 20 (38 steps; 4 took 68)
    "LC-ROLES-EVERY-OPERATION": "7",  # found at 7, 11, 12, 18 and 19 of 1 to 20 (19 steps)
    "LC-REFUSAL-CHANGES-NOTHING": "3",  # found at 3 and 5 of 1 to 8
    "LC-TIMESTAMPS": "1",  # found at each of 1 to 8
    "LC-WHOLE-READ-AFTER-WRITE": "1",  # found at each of 1 to 8
    "BG-TIMESTAMPS": "5",  # found at 2, 3, 5, 7 and 8 of 1 to 8 (5 in 20 steps)
    "BG-ROLES-EVERY-OPERATION": "8",  # found at 8 of 1 to 8
    "BG-REFUSAL-CHANGES-NOTHING": "1",  # found at 1, 2, 5 and 7 of 1 to 8
    "BG-TERMINAL-EVERY-SPELLING": "6",  # found at 6 of 1 to 8
    "BG-WHOLE-READ-AFTER-WRITE": "8",  # the soonest of 1 to 20 (80 steps; 6 took 112)
    "LC-NEIGHBOURS": "4",  # found at 4 and 6 of 1 to 8
    "BG-IDENTITY": "17",  # the soonest of 1 to 20 (34 steps; 6 took 76)
    "RK-IDENTITY": "1",  # found at each of 1 to 8
    "LC-IDENTITY": "12",  # found at 9 and 12 of 1 to 20
    "MR-IDENTITY": "1",  # found at 1, 3, 5, 6, 7 and 8 of 1 to 8
    "MR-MONEY-ADDS-UP": "4",  # found at 4, 5 and 6 of 1 to 8
    "LC-MONEY-ADDS-UP": "5",  # found at 5 of 1 to 8
    "BG-MONEY-ADDS-UP": "2",  # found at 2 of 1 to 8
    "RK-PLACES-ADD-UP": "7",  # found at 7 and 8 of 1 to 8
    "BG-PLACES-ADD-UP": "1",  # found at 1, 2, 3, 4, 6 and 8 of 1 to 8
    "LC-PLACES-ADD-UP": "16",  # found at 12 and 16 of 1 to 20 (31 steps)
    "MR-PLACES-ADD-UP": "8",  # found at 8 of 1 to 8
    "RK-CATALOGUE-UNCHANGED": "1",  # found at each of 1 to 8
    "LC-CATALOGUE-UNCHANGED": "3",  # found at 3 of 1 to 8
    "BG-CATALOGUE-UNCHANGED": "4",  # found at 4 of 1 to 8
}
LONGER = {
    "BG-NEIGHBOURS": "160",
    "MR-ROLES-EVERY-OPERATION": "160",
    "BG-TERMINAL-EVERY-SPELLING": "160",
    "BG-WHOLE-READ-AFTER-WRITE": "160",
    "LC-NEIGHBOURS": "96",
    "LC-IDENTITY": "96",
    "LC-MONEY-ADDS-UP": "160",
    "BG-MONEY-ADDS-UP": "96",
    "RK-PLACES-ADD-UP": "64",
    "BG-IDENTITY": "96",
}
"""Walks that need more steps: a client with two open bookings at one provider, one cancelled and
the other read again, took 160; another
merchant's token moving a booking to a free time, 160; a booking confirmed and moved, then its
original moved again, or the booking the move made read and cancelled, 160 (a Bardge move needs
a hold, its payment and a place the booking can take, which few steps line up); two bookings of
one service and one of them answered its form, 96; an instant booking taken with no resource
named (most of the walk's name one, as the target's rows do), 96; add-ons chosen, then a form
answered on the same booking, 160; credits bought, then two bookings at one provider confirmed
in credits and the first read again, 96; a booking moved, then cancelled, and its place read on
either side of the cancel, 64; a Bardge booking moved, then read again by its id, 96."""
API = {"RK": "reservekit-v1", "MR": "merchant", "LC": "lifecycle", "BG": "bardge-v3"}


def api_of(rule: str) -> str:
    return API[rule.split("-", 1)[0]]


def _app(tmp_path: Path, name: str) -> Any:
    return create_app(Settings.load({"db": str(tmp_path / f"{name}.db"), "start_at": START}, environ={}))


def _walked(kit: Kit, app: Any, api: str, tmp_path: Path, seed: str, steps: str = STEPS) -> str:
    """The output of an unshrunk walk of ``app`` that broke a rule."""
    with serving(app) as origin:
        result = kit.run(
            origin,
            api,
            tmp_path,
            *(
                "--checks",
                "explore",
                "--explore-steps",
                steps,
                "--seed",
                seed,
                "--explore-shrink-seconds",
                "0",
            ),
        )
    assert result.exit_code == 1, result.output[-3000:]
    return result.output


@pytest.mark.slow
@pytest.mark.parametrize("api", sorted({api_of(rule) for rule in FAMILY_BREAKAGES}))
def test_the_directed_kit_passes_every_family_bug(
    api: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    app = _app(tmp_path, "broken")
    for rule, (_, breakage) in [
        *FAMILY_BREAKAGES.items(),
        *PENDING_BREAKAGES.items(),
        *SECOND_BREAKAGES.items(),
    ]:
        if api_of(rule) == api:
            app = breakage(monkeypatch, app)
    if api == "reservekit-v1":
        for strict in SPELLING_BREAKAGES.values():
            app = strict(app)
    with serving(app) as origin:
        result = kit.run(origin, api, tmp_path, "--checks", "rules")
    assert result.exit_code == 0, result.output[-3000:]


def _explore(kit: Kit, origin: str, rule: str, tmp_path: Path, shrink_seconds: int) -> int:
    """The explorer's verdict on a sandbox with the family's bug: FAILED, naming the rule, the
    sequence in order and the command that replays it. Its sequence's length in exchanges.
    Unshrunk, no walk is sent twice."""
    har = tmp_path / "explored.har"
    result = kit.run(
        origin,
        api_of(rule),
        tmp_path,
        "--checks",
        "explore",
        "--explore-steps",
        LONGER.get(rule, STEPS),
        "--seed",
        SEEDS[rule],
        "--explore-shrink-seconds",
        str(shrink_seconds),
        *("--har", str(har)),
    )
    assert result.exit_code == 1, result.output[-3000:]
    assert f"the explorer broke {rule}" in result.output, result.output[-3000:]
    sequence = [int(n) for n in re.findall(r"^ +#(\d+) ", result.output, re.MULTILINE)]
    assert sequence, result.output[-3000:]
    assert sequence == sorted(sequence), result.output[-3000:]
    replay = re.search(
        r"replay: (booking-sandbox contract .*--checks explore --seed \d+ --explore-steps \d+)", result.output
    )
    assert replay, result.output[-3000:]
    length = re.search(r"(shortest sequence found|not shrunk) \((\d+) exchanges?\):", result.output)
    assert length, result.output[-3000:]
    assert length.group(1) == ("shortest sequence found" if shrink_seconds else "not shrunk")
    if not shrink_seconds:
        # The walk that broke the rule ends the run (Hypothesis, left to report it, walked it
        # again), and none is sent twice (Hypothesis draws its simplest walk again from ten on).
        walks = walks_in(read_har(har))
        assert len(set(walks)) == len(walks), [walks.index(walk) for walk in walks]
    return int(length.group(2))


def walks_in(exchanges: list[Exchange]) -> list[tuple[tuple[str, int], ...]]:
    """Each walk's requests' methods and answers' statuses: a walk starts with the sandbox's
    state imported, and the same choices again answer alike."""
    walks: list[list[tuple[str, int]]] = []
    for exchange in exchanges:
        path = exchange.url.split("?")[0]
        if exchange.method == "PUT" and path.endswith("/_sandbox/state"):
            walks.append([])
        elif walks and "/_sandbox/" not in path:  # the control API's, after the last walk too
            walks[-1].append((exchange.method, exchange.status))
    return [tuple(walk) for walk in walks]


@pytest.mark.slow
@pytest.mark.parametrize("rule", sorted(FAMILY_BREAKAGES))
def test_the_explorer_catches_each_family(
    rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    # Unshrunk: the catch is the proof, and a shrink of a few seconds a family would be a third
    # of the suite's explorer time (the next test proves shrinking once).
    app = FAMILY_BREAKAGES[rule][1](monkeypatch, _app(tmp_path, "broken"))
    with serving(app) as origin:
        _explore(kit, origin, rule, tmp_path, shrink_seconds=0)


SECOND_SEEDS = {
    "BG-ROLES-EVERY-OPERATION/keys": ("1", STEPS),  # found at 1, 2, 3 and 4 of 1 to 4
    # At 160 steps, found at 1 (47 steps) and 2 (124) of 1 to 8.
    "LC-MONEY-ADDS-UP/fee": ("1", "160"),
    "LC-MONEY-ADDS-UP/refund": ("1", STEPS),  # found at each of 1 to 8, in 7 steps
    "LC-TIMESTAMPS/answer": ("3", "160"),  # found at 3 of 1 to 8, in 74 steps
}


@pytest.mark.slow
@pytest.mark.parametrize("bug", sorted(SECOND_BREAKAGES))
def test_the_explorer_catches_each_second_bug(
    bug: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    """Bugs the walk meets by what it sends beside its steps (the directed kit passes each,
    above): another reseller's create under a key the walk's reseller used, answered with the
    walk's booking; a lifecycle cancel settled otherwise than its preview quoted; an invitation's
    answer that leaves its booking's ``updated_at`` behind."""
    rule = bug.split("/", maxsplit=1)[0]
    app = SECOND_BREAKAGES[bug][1](monkeypatch, _app(tmp_path, "broken"))
    seed, steps = SECOND_SEEDS[bug]
    output = _walked(kit, app, api_of(rule), tmp_path, seed=seed, steps=steps)
    assert f"the explorer broke {rule}" in output, output[-3000:]
    SECOND_SHOWN[bug](output)


def _under_one_key(output: str) -> None:
    """The sequence shows both requests under the one key, as its replay by hand needs them."""
    keys = re.findall(r"^ +#\d+ POST \S+ as (\w+) under Idempotency-Key (\S+) ", output, re.MULTILINE)
    assert [role for role, _ in keys[-2:]] == ["reseller", "other"], output[-3000:]
    assert keys[-1][1] == keys[-2][1], output[-3000:]


def _against_its_quote(output: str) -> None:
    """The finding names the cancel, the fee it settled at and the one quoted."""
    found = re.search(r"cancel priced booking \S+ at ([\d.]+); its quote at #\d+ said (.+?),", output)
    assert found, output[-3000:]
    assert found.group(1) not in found.group(2), output[-3000:]


def _keeping_its_fee(output: str) -> None:
    """The finding names what the cancel kept of what was paid, and the fee quoted."""
    found = re.search(
        r"cancel kept ([\d.]+) of what booking \S+ paid; its quote at #\d+ said ([\d.]+),", output
    )
    assert found, output[-3000:]
    assert found.group(1) != found.group(2), output[-3000:]


def _by_the_guest(output: str) -> None:
    """The finding is the guest's answer to the walk's invitation."""
    found = re.search(
        r"FINDING LC-TIMESTAMPS #(\d+) POST \S+/(accept|reject)-invite -> 200: changing", output
    )
    assert found, output[-3000:]
    assert re.search(rf"^ +#{found.group(1)} POST \S+-invite as guest -> 200", output, re.MULTILINE), output[
        -3000:
    ]


SECOND_SHOWN = {
    "BG-ROLES-EVERY-OPERATION/keys": _under_one_key,
    "LC-MONEY-ADDS-UP/fee": _against_its_quote,
    "LC-MONEY-ADDS-UP/refund": _keeping_its_fee,
    "LC-TIMESTAMPS/answer": _by_the_guest,
}


@pytest.mark.slow
def test_a_finding_shrinks_to_a_shorter_sequence_that_still_breaks_its_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    """Seed 1 finds a MR-IDENTITY break 23 exchanges into its walk; eight seconds shrink it to
    one, where the shrink ends (three seconds did alone, but not with both cores busy, as in
    CI: 23 exchanges twice)."""
    rule = "MR-IDENTITY"
    app = FAMILY_BREAKAGES[rule][1](monkeypatch, _app(tmp_path, "broken"))
    (tmp_path / "found").mkdir()
    (tmp_path / "shrunk").mkdir()
    with serving(app) as origin:
        # One server for both: each walk starts from a fresh sandbox of its own.
        found = _explore(kit, origin, rule, tmp_path / "found", shrink_seconds=0)
        shrunk = _explore(kit, origin, rule, tmp_path / "shrunk", shrink_seconds=8)
    assert shrunk < found


@pytest.mark.slow
def test_the_explorer_lists_each_service_it_booked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    """ReserveKit's target data names one service's bookings list, and the walk books another
    service's slots: a list showing each booking as it was made is seen only where the walk asks
    each booking's own service's list (``plan.list_reads``; the walk read service 1's list alone
    and passed 480 steps of this bug). The list's stale ``updated_at`` breaks RK-TIMESTAMPS first
    (its status, RK-WHOLE-READ-AFTER-WRITE), and the directed RK-READ-AFTER-WRITE names this bug
    too: the proof is of the walk's reads, not of a family. Seed 1 catches it at 9 steps."""
    app = a_service_list_shows_each_booking_as_made(monkeypatch, _app(tmp_path, "broken"))
    output = _walked(kit, app, "reservekit-v1", tmp_path, seed="1")
    finding = re.search(
        r"the explorer broke RK-TIMESTAMPS: FINDING \S+ #\d+ (GET \S+) -> 200: booking", output
    )
    assert finding, output[-3000:]
    assert finding[1] == "GET /reservekit/v1/bookings", output[-3000:]


@pytest.mark.slow
@pytest.mark.parametrize("header", sorted(SPELLING_BREAKAGES))
def test_the_explorer_spells_headers_as_other_clients_do(header: str, tmp_path: Path, kit: Kit) -> None:
    """A vendor refusing a legal spelling of a header (the directed kit passes it, above) is
    caught by the status it answers, and the finding says the spelling to replay. Seed 6's first
    walk is a client spelling both headers otherwise (of seeds 1 to 8, 2, 4, 5, 6 and 8 catch the
    Content-Type, 1, 6 and 8 the Accept: the walk's client is drawn from the seed)."""
    app = SPELLING_BREAKAGES[header](_app(tmp_path, "strict"))
    output = _walked(kit, app, "reservekit-v1", tmp_path, seed="6", steps="16")
    assert "the explorer broke SPEC-MEDIA-TYPE" in output, output[-3000:]
    status = SPELLING_BREAKAGES[header](None).status
    assert re.search(rf"^ +#\d+ .* -> {status}\b", output, re.MULTILINE), output[-3000:]
    spelt = re.search(rf"^ +sent as a client spelling .*{header}: (.+?)(?: and |$)", output, re.MULTILINE)
    assert spelt, output[-3000:]
    assert spelt[1] != {"Content-Type": "application/json", "Accept": "*/*"}[header]
