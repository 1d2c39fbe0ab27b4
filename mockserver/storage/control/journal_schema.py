"""The journal's tables, and the statement that adds to the coverage counts. They have their
own metadata: they live in the journal's shard files (see ``journal_shards``), not in the
database that holds the sandboxes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

journal = sa.Table(
    "journal",
    metadata,
    # Time-ordered and unique across shards: microseconds since the epoch times
    # SHARD_SLOTS, plus the writing shard's slot (see ``journal_shards.entry_id``).
    # On SQLite an INTEGER PRIMARY KEY is the table's own key (the rowid): one b-tree fewer to
    # write on every insert than a BIGINT key, which SQLite indexes apart from the table.
    sa.Column(
        "id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=False
    ),
    sa.Column("sandbox_hash", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("api", sa.String(40), nullable=True),
    sa.Column("method", sa.String(10), nullable=False),
    sa.Column("path", sa.String, nullable=False),
    sa.Column("query", sa.String, nullable=False),
    sa.Column("url", sa.String, nullable=True),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("duration_ms", sa.Float, nullable=False),
    sa.Column("fault_id", sa.Integer, nullable=True),
    sa.Column("fault_kind", sa.String(20), nullable=True),
    sa.Column("rule", sa.String(60), nullable=True),
    sa.Column("error", sa.String, nullable=True),
    sa.Column("request", sa.JSON, nullable=False),
    sa.Column("response", sa.JSON, nullable=False),
    # What the entry holds, near enough (bodies, headers, path, a row's overhead): the journal's
    # bound in bytes sums it (``journal_entries.stored_size``).
    sa.Column("stored_bytes", sa.Integer, nullable=False, server_default="0"),
    # Newest first per sandbox: reads, counts and the trims all walk this index. It holds each
    # entry's size too, so the trim by bytes sums sizes without reading the rows: an entry's
    # row is mostly its bodies, the size after them, and that trim read each row's overflow
    # pages (3.1 ms a trim of 1,100 entries of 6 KB, 0.7 ms from the index).
    sa.Index("ix_journal_sandbox_id_bytes", "sandbox_hash", "id", "stored_bytes"),
)

# What each sandbox's traffic covered, counted apart from the journal so its limit never loses
# any: per API, each documented operation with each status it answered (kind "operation"), each
# error code or message (kind "error"), each inventory rule that refused a request (kind
# "rule"; status 0 for the last two). Written with the journal's own batches, in its shards.
coverage = sa.Table(
    "coverage",
    metadata,
    sa.Column("sandbox_hash", sa.String(64), primary_key=True),
    sa.Column("api", sa.String(40), primary_key=True),
    sa.Column("kind", sa.String(10), primary_key=True),
    sa.Column("item", sa.String(300), primary_key=True),
    sa.Column("status", sa.Integer, primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
)

# What a batch counts, in the coverage table's key order (``journal_appends``, ``journal_pipeline``).
COUNT_COLUMNS = ("sandbox_hash", "api", "kind", "item", "status", "count")


def count_statement(placeholder: str) -> str:
    """Adds each row's count to its coverage row, made if missing; the driver's placeholder."""
    values = ", ".join([placeholder] * len(COUNT_COLUMNS))
    return (
        f"INSERT INTO coverage ({', '.join(COUNT_COLUMNS)}) VALUES ({values}) "
        "ON CONFLICT (sandbox_hash, api, kind, item, status) "
        "DO UPDATE SET count = coverage.count + excluded.count"
    )


def count_rows(rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    # Sorted: two servers' batches take the rows' locks in one order, never each other's.
    return sorted(tuple(row[c] for c in COUNT_COLUMNS) for row in rows)
