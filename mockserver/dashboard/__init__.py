"""The dashboard (``/_sandbox/dashboard/``): one sandbox's calendar, journal, clock, faults,
webhooks and state in a browser, over the control API (see ARCHITECTURE.md, layer 6)."""
