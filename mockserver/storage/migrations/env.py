"""Alembic's entry point: migrations run on the connection ``ensure_schema`` holds, inside
its transaction and under its lock (never on a URL of Alembic's own)."""

from __future__ import annotations

from alembic import context

from mockserver.storage.migrations import target_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata(connection.engine.url.get_backend_name()),
    # SQLite alters a table by copying it; batch mode does that for every revision.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
