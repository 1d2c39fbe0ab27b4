"""Schemathesis over the Bardge spec against the in-process app: zero failures.

Every check is on. ``positive_data_acceptance`` also accepts the documented
rule failures (402, 403, 404, 409, 410, 422): a request valid by the schema may
name another reseller's client, a booking that does not exist, or a full class.
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

scenarios = Scenarios("schemathesis_bardge_")


def load_schema() -> Any:
    db = Path(tempfile.mkdtemp(prefix="schemathesis-")) / "sandbox.db"
    settings = Settings.load({"db": str(db)}, environ={})
    config = every_check(["2xx", "400", "401", "402", "403", "404", "409", "410", "422"])
    loaded = schemathesis.openapi.from_asgi("/bardge/v3/openapi.json", create_app(settings), config=config)

    bearer_auth(loaded, lambda case: f"reseller.fitperks.{scenarios.sandbox_key()}")

    return loaded


schema = load_schema()


@pytest.mark.slow
@schema.parametrize()
def test_every_operation_conforms(case: Any) -> None:
    case.call_and_validate()


class BardgeWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: issue pass -> read/update; lookup -> verify -> client; access code -> confirm."""

    def setup(self) -> None:
        scenarios.next()


TestBardgeStateful = BardgeWorkflow.TestCase
