"""A sandbox's whole state as JSON and back, and what an imported one must satisfy."""
