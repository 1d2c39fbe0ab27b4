"""Business-rule scenarios, one module per API, written against the spec's operations only."""
