"""What an integrator's suite exercised: every operation, status, error and rule a sandbox's
traffic met, recorded beside the journal (``recording``) and reported (``report``)."""
