"""The documents the product reads and writes: where the shipped specs and fixtures are
(resources.py), the specs loaded for serving (specs.py), and HAR 1.2 (har.py)."""
