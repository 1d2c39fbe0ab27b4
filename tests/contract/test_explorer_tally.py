"""The explorer's tally line names what the walk judged nothing of: each operation of its plan
that no request answered with a 2xx. A pass of 480 steps said nothing of Bardge's reschedule,
refused each time (its booking was never confirmed), and the line did not say so."""

from __future__ import annotations

from types import SimpleNamespace

from contract_tests.explorer.looks import Look
from contract_tests.explorer.plan import Plan
from contract_tests.explorer.runs import _tally_line
from contract_tests.explorer.steps import Step
from contract_tests.explorer.tally import Tally

CREATE = Step("POST", "/bookings/spa", "reseller")
MOVE = Step("POST", "/bookings/{booking_id}/reschedule", "reseller")
READ = Step("GET", "/bookings/{booking_id}", "reseller")
LOOK = Look(Step("GET", "/classes", "reseller"), {}, [{}])


def test_an_operation_never_answered_2xx_or_never_sent_is_named() -> None:
    planned = Plan([CREATE], [MOVE], [], [READ], [], [LOOK])
    assert planned.operations == [CREATE.name, MOVE.name, READ.name, LOOK.step.name]
    tally = Tally()
    for name, status in [(CREATE.name, 201), (MOVE.name, 409), (MOVE.name, 401), (READ.name, 200)]:
        tally.called(name, status)
    assert tally.requests == 4
    assert tally.unanswered(planned.operations) == [LOOK.step.name, MOVE.name]
    tally.called(MOVE.name, 201)
    tally.called(LOOK.step.name, 200)
    assert tally.unanswered(planned.operations) == []


def test_the_line_says_them_after_the_findings_and_nothing_where_each_was_answered() -> None:
    run = SimpleNamespace(target=SimpleNamespace(api="bardge-v3"))
    tally = Tally(steps=48, examples=3, requests=310)
    line = _tally_line(run, tally, 0, [MOVE.name])
    assert line == (
        "explored bardge-v3: 48 steps in 3 walks, 310 requests, 0 findings; "
        "never answered 2xx: POST /bookings/{booking_id}/reschedule"
    )
    assert (
        _tally_line(run, tally, 1, []) == "explored bardge-v3: 48 steps in 3 walks, 310 requests, 1 finding"
    )
