"""A target that stopped answering during a run: no verdict either way, not a finding.

A vendor's staging deployment restarted, or a test server killed, halfway through a run: the
checks that met it failed, each blaming the API ("the scenario could not go on"), and the run
ended with exit 1, as if the vendor broke its contract. A CI pipeline cannot tell that from a
broken rule. A vendor that drops one request (it crashed on that request alone, and answers the
next) has broken something, though, and that must stay a failure.

So a check that failed on an exchange that got no answer (or a gateway's "the API is not
there") asks the target once more, as the check ends, what the preflight asked (its documented
list operation, so the run's HAR holds no request outside the API): any answer of the API's own
means it dropped that request (the failure stands); none means it stopped answering, and the
check did not run to a verdict. A run whose only failures were of that kind ends with exit
5, "the target does not answer", as a run whose preflight met nothing does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import requests

from mockserver.documents.har import Exchange

from .preflight import AWAY, asked_once, root_cause
from .run import Run

STOPPED = "the target stopped answering"
"""The first words of an outage's reason, as the table prints it."""


def stopped_answering(exchanges: Sequence[Exchange], ask: Callable[[], requests.Response]) -> str | None:
    """Why the check that sent ``exchanges`` has no verdict, where the target stopped answering;
    None where its last exchange was answered, or the target answers ``ask`` (the preflight's
    read, ``preflight.asked_once``)."""
    if not exchanges or not _unanswered(exchanges[-1]):
        return None
    asked = datetime.now(UTC)
    try:
        answer = ask()
    except requests.RequestException as error:
        url = error.request.url if error.request is not None else "the target"
        again = f"{url} gave nothing when asked again at {asked:%H:%M:%S} UTC ({root_cause(error)})"
    else:
        answer.close()
        if answer.status_code not in AWAY:
            return None
        said = f"{answer.status_code} {AWAY[answer.status_code]}"
        again = f"{answer.url} gave {said} when asked again at {asked:%H:%M:%S} UTC"
    answered = [exchange.started for exchange in exchanges if not _unanswered(exchange)]
    last = f"; its last answer to this check came at {answered[-1]:%H:%M:%S} UTC" if answered else ""
    return (
        f"{STOPPED} ({again}{last}): no verdict either way, "
        "so this check did not run; run the kit again once the target answers"
    )


def asked_again(run: Run) -> requests.Response:
    """The preflight's read, as the run's main role, asked again where a check met no answer."""
    token = run.callers.token(run.profile.main_role)
    return asked_once(run.target.api, run.target.base_url, token, run.session)


def _unanswered(exchange: Exchange) -> bool:
    return exchange.status == 0 or exchange.status in AWAY
