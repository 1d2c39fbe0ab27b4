"""Support code of the contract kit: the target, callers' tokens, HTTP, reports."""
