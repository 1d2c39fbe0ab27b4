"""The world each sandbox is seeded from: the server's, or one a reset or an import gave it.

A sandbox names a world of its own by the digest of its document (``sandboxes.world``); the
document is a ``worlds`` row, so whichever process answers finds it. Each process reads a
document once: a digest names one text for ever.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import sqlalchemy as sa

from mockserver.seeding.world import World
from mockserver.seeding.worlds import WorldDocument
from mockserver.storage.database.write_locks import hold_locks
from mockserver.storage.kernel import schema as t

WORLDS_LOCK = "worlds"
"""Held (after the sandbox's own lock) by whoever stores or drops a world: on PostgreSQL a
sandbox taking a world another one stored must not meet a transaction dropping it as unused."""

WorldChange = WorldDocument | Literal["server"] | None
"""What a reset or an import does to a sandbox's world: a document of its own, back to the
server's world (``"server"``), or nothing (None: it keeps the world it has)."""

KEPT = 32
"""Documents a process keeps read (each at most 1 MiB; past it, it reads them again)."""


class SandboxWorlds:
    def __init__(self, server: Callable[[int], World], given: Callable[[str, int], World]) -> None:
        self._server = server
        self._given = given
        self._texts: dict[str, str] = {}

    def world(self, connection: sa.Connection, seed: int, digest: str | None) -> World:
        """The world of ``seed`` that the sandbox's ``digest`` names (None: the server's)."""
        if digest is None:
            return self._server(seed)
        return self._given(self.text(connection, digest), seed)

    def prepare(self, document: WorldDocument, seed: int) -> None:
        """Generates ``document``'s world of ``seed`` ahead, outside any write transaction: a
        large world takes a second, and SQLite has one writer for every sandbox."""
        self._given(document.text, seed)

    def text(self, connection: sa.Connection, digest: str) -> str:
        """The document ``digest`` names, as ``WorldDocument.text``."""
        text = self._texts.get(digest)
        if text is None:
            selected = sa.select(t.worlds.c.document).where(t.worlds.c.digest == digest)
            text = connection.execute(selected).scalar_one()
            if len(self._texts) >= KEPT:
                self._texts.clear()
            self._texts[digest] = text
        return text

    def change(self, connection: sa.Connection, sandbox: str, change: WorldChange) -> str | None:
        """Gives the sandbox (its hash) the world ``change`` says, in the caller's write
        transaction; the digest it names after (None: the server's world)."""
        current = connection.execute(
            sa.select(t.sandboxes.c.world).where(t.sandboxes.c.key_hash == sandbox)
        ).scalar_one()
        if change is None:
            return current  # type: ignore[no-any-return]
        named = None if change == "server" else self.keep(connection, change)
        if named != current:
            shared = sa.update(t.sandboxes).where(t.sandboxes.c.key_hash == sandbox)
            connection.execute(shared.values(world=named))
            self.forget_unused(connection)
        return named

    def keep(self, connection: sa.Connection, document: WorldDocument) -> str:
        """Stores ``document`` (once, whoever stores it first); its digest."""
        hold_locks(connection, [WORLDS_LOCK])
        connection.execute(_insert_once(connection).values(digest=document.digest, document=document.text))
        self._texts[document.digest] = document.text
        return document.digest

    @staticmethod
    def forget_unused(connection: sa.Connection) -> None:
        """Drops the worlds no sandbox names any more (after a reset or import changed one's)."""
        hold_locks(connection, [WORLDS_LOCK])
        named = sa.select(t.sandboxes.c.world).where(t.sandboxes.c.world.is_not(None))
        connection.execute(sa.delete(t.worlds).where(t.worlds.c.digest.not_in(named)))


def _insert_once(connection: sa.Connection) -> sa.Insert:
    """An insert that leaves a row another sandbox's transaction stored first (the same digest
    is the same text), on either backend."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert  # noqa: PLC0415

        return insert(t.worlds).on_conflict_do_nothing(index_elements=["digest"])
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert  # noqa: PLC0415

    return sqlite_insert(t.worlds).on_conflict_do_nothing(index_elements=["digest"])
