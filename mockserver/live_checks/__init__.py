"""Traffic the sandbox did not serve, judged by the rule engine (``mockserver.rule_engine``): a
recorded HAR (``booking-sandbox check-har``, each exchange placed by its API: by_api.py) or the
exchanges a validating proxy forwards to a vendor's server (``booking-sandbox proxy``).
"""
