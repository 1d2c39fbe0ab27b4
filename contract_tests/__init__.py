"""The contract-test kit: check any implementation of the four APIs against spec and rules.

Run it as ``booking-sandbox contract --api NAME --base-url URL`` or as
``pytest contract_tests --api NAME --base-url URL``. ``kit/`` holds the
support code; ``test_conformance.py`` is the Schemathesis run and ``rules/``
the business-rule scenarios, one module per API.
"""
