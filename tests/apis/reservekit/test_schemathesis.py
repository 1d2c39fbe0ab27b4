"""Schemathesis over the ReserveKit spec against the in-process app: zero failures.

Every check is on. One is widened, for a documented reason: ReserveKit answers
broken booking rules (a full slot, a duplicate, a past date) with 400, so a
request that is valid by the schema may still rightly get a 400.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.apis.schemathesis_setup import Scenarios, bearer_auth, every_check

scenarios = Scenarios("sk_rsv_schemathesis_")


def load_schema() -> Any:
    # Loaded at import: schemathesis.pytest.from_fixture needs pytest internals
    # that pytest 9 no longer has.
    db = Path(tempfile.mkdtemp(prefix="schemathesis-")) / "sandbox.db"
    app = create_app(Settings.load({"db": str(db)}, environ={}))
    config = every_check(["2xx", "400", "401", "404", "429"])
    loaded = schemathesis.openapi.from_asgi("/reservekit/openapi.json", app, config=config)

    bearer_auth(loaded, lambda case: scenarios.sandbox_key())

    return loaded


schema = load_schema()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation_conforms(case: Any) -> None:
    case.call_and_validate()


class ReserveKitWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: create -> get / update / delete / customer through the spec's links."""

    def setup(self) -> None:
        scenarios.next()


TestReserveKitStateful = ReserveKitWorkflow.TestCase
