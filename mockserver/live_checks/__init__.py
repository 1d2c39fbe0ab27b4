"""Checks on traffic the sandbox did not serve: a recorded HAR (``booking-sandbox check-har``)
or the exchanges a validating proxy forwards to a vendor's server (``booking-sandbox proxy``).

Each exchange is held to the API's spec (its operation, its documented statuses, the schemas of
what was sent and answered), and the sequence to the documents' rules in a passive form: only
what observed traffic can prove, each finding tied to an inventory id
(``contract_tests/inventory.yaml``) and to the exchange it came from.
"""
