"""Each API's callers and helpers, as fixtures for its scenario modules."""

from __future__ import annotations

import pytest

from contract_tests.kit.client import Api
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.bardge_reseller import Reseller
from contract_tests.rules.lifecycle_desk import Desk
from contract_tests.rules.merchant_shop import Merchant
from contract_tests.rules.reservekit_slots import Slots


@pytest.fixture
def api(run: Run, tidy: Tidy) -> Api:
    """ReserveKit, with the kit's key."""
    return run.api("key")


@pytest.fixture
def slots(api: Api, tidy: Tidy, run: Run) -> Slots:
    return Slots.of(run, tidy, api)


@pytest.fixture
def desk(run: Run, tidy: Tidy) -> Desk:
    return Desk(run, tidy)


@pytest.fixture
def shop(run: Run, tidy: Tidy) -> Merchant:
    return Merchant(run, tidy)


@pytest.fixture
def reseller(run: Run, tidy: Tidy) -> Reseller:
    return Reseller(run, tidy)
