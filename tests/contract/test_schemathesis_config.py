"""Schemathesis as the kit configures it (``kit/schemathesis_config.py``)."""

from __future__ import annotations

import schemathesis

from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.schemathesis_config import configuration
from mockserver.documents.resources import spec_path
from tests.contract.test_target import target


def test_a_request_refused_as_too_large_is_a_refusal_of_invalid_data() -> None:
    """A random body of a hundred customers or more outgrows a vendor's body limit, which answers
    413: the kit took that for "Schema-violating request accepted" against a correct vendor
    (serve --vendor-only --vary 3, merchant). Schemathesis' own refusals stay as they are."""
    schema = schemathesis.openapi.from_path(
        spec_path("merchant"), config=configuration(target(), PROFILES["merchant"])
    )
    rejecting = schema.config.checks.negative_data_rejection.expected_statuses
    defaults = schemathesis.config.SchemathesisConfig.from_str("").projects.default.checks
    assert set(rejecting) == {*defaults.negative_data_rejection.expected_statuses, "413", "414", "431"}
