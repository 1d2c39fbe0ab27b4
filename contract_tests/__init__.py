"""The contract-test kit: check any implementation of the APIs against spec and rules.

Not built yet (issue 6). Today the sandbox's own Schemathesis run lives in
tests/apis/reservekit/test_schemathesis.py.
"""
