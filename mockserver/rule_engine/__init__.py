"""The rule engine: the documents' rules written once, as predicates over a trace of exchanges,
and the spec's checks beside them. ``TrafficCheck`` (checking.py) judges one trace in order,
one exchange at a time; everything that sees traffic holds it to the same code: the validating
proxy and ``check-har`` (``live_checks``) and the contract kit's own scenarios and Schemathesis
cases (``contract_tests/kit/judged.py``).

Each finding names its inventory rule (``contract_tests/inventory.yaml``) and the exchange that
broke it; a rule whose evidence never passed by is not met, never failed.
"""
