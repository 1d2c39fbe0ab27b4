"""The server: ``create_app(settings)`` (app.py), the frozen settings (settings.py), the worker
processes ``serve`` runs (workers.py) and the app for an ASGI server of one's own (asgi.py)."""
