"""One request of the walk, as it goes on the wire: its path filled in, its headers drawn, its
body written as ``json=`` would write it, and the exchange the run's recorder kept of it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from contract_tests.kit.run import Run
from mockserver.documents.har import Exchange

from .headers import Client
from .steps import Step


def path_of(step: Step, values: Mapping[str, Any], known: Mapping[str, list[Any]]) -> str:
    """``step``'s path with ``values`` in it; a parameter they leave out (a client, a service)
    is the target's first real one."""
    filled = {name: (known.get(name) or ["0"])[0] for name in step.parameters} | {**values}
    return step.template.format(**{name: quote(str(value), safe="") for name, value in filled.items()})


def sent(
    run: Run, step: Step, path: str, body: Any, *, token: str | None, client: Client | None,
    query: Any = None, key: str | None = None, shared: bool = False,
) -> Exchange:  # fmt: skip
    """The exchange of ``step`` sent to ``path`` with ``body`` as the caller ``token`` names (none:
    no credential), under an idempotency ``key`` where its document takes one. On a ``shared``
    target, what it made is undone at the run's end, as Schemathesis' is."""
    headers = (client or Client()).headers(body is not None, run.session.headers)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if key is not None and step.keyed is not None:
        headers[step.keyed] = key
    response = run.session.request(
        step.method,
        run.target.base_url + path,
        headers=headers,
        # As ``json=`` would write it, under the header drawn for it.
        data=None if body is None else json.dumps(body, allow_nan=False).encode(),
        params=query or None,
        timeout=30,
    )
    if shared:
        run.creations.seen(step.method, step.template, response)
    return run.recorder.exchanges[-1]
