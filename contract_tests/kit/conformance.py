"""The Schemathesis side of a run: the API's spec, pointed at the target, with every check on."""

from __future__ import annotations

from typing import Any

import hypothesis
from schemathesis.generation.stateful.state_machine import DEFAULT_STATE_MACHINE_SETTINGS

from .aiming import aim
from .real_ids import Finder, Pool, aim_at_real_ids
from .run import Run


def load_schema(run: Run, finder: Finder | None = None) -> tuple[Any, Pool]:
    """The run's spec, ready to generate: bearer tokens by role, bodies aimed by the target data,
    and parameters drawn from the real resources ``finder`` finds or makes on the target (the
    pool of them, to be found again once the checks before the schema's have run)."""
    loaded = run.spec

    @loaded.auth(refresh_interval=None)
    class Bearer:
        """The token of the role the operation belongs to, asked afresh: minted keys change per scenario."""

        def get(self, case: Any, context: Any) -> str:
            return run.callers.token(run.profile.role_for(case.operation.path)) or ""

        def set(self, case: Any, data: str, context: Any) -> None:
            if data:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    @loaded.hook  # type: ignore[untyped-decorator]
    def after_call(context: Any, case: Any, response: Any) -> None:
        run.creations.seen(case.operation.method, case.operation.path, response)
        run.traffic.seen(case.operation.method, case.operation.path, response.status_code)

    leave_framing_to_the_client(loaded)
    # Real ids first: the merchant's aiming fills a cancellation's body from its path's id.
    pool = Pool(run, finder, run.tidy_at_end)
    aim_at_real_ids(loaded, run.target.api, pool)
    aim(loaded, run.target.api, run.data, run.now())
    return loaded, pool


FRAMING = frozenset(
    {"content-length", "transfer-encoding", "host", "connection", "keep-alive", "te", "trailer", "upgrade"}
    | {"expect", "proxy-connection"}
)
"""Headers of the message's framing and of the connection, which the HTTP client sets itself."""


def leave_framing_to_the_client(schema: Any) -> None:
    """Generated cases keep no framing header. Schemathesis names extra headers at random, and
    Hypothesis draws names from the constants of the code it runs beside: a GET carrying
    ``Content-Length: F(S`` is refused by the HTTP server before any API sees it (uvicorn's
    ``400 text/plain``, as nginx's would be), and the kit judged that refusal as the API's
    ("Undocumented Content-Type"), a false verdict on any target."""
    schema.hook("map_case")(framing_left_to_the_client)


def framing_left_to_the_client(context: Any, case: Any) -> Any:
    headers = case.headers
    if headers and any(name.lower() in FRAMING for name in headers):
        case.headers = {name: value for name, value in headers.items() if name.lower() not in FRAMING}
    return case


def stateful_settings(schema: Any) -> hypothesis.settings:
    """The stateful phase's Hypothesis settings from the run's configuration (``--max-examples``,
    the configured steps), as Schemathesis' own runner makes them. A state machine's test case
    otherwise keeps Schemathesis' defaults: 100 sequences of at most 6 steps, whatever the run
    asked for (it was 19 of a CI kit run's 35 s)."""
    configured = schema.config.get_hypothesis_settings(phase="stateful", apply_ci_profile=False)
    machine = DEFAULT_STATE_MACHINE_SETTINGS
    return hypothesis.settings(
        configured,
        phases=machine.phases,
        deadline=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
