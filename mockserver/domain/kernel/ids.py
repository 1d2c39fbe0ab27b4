"""Public ids derived from the sandbox and a sequence number, never from chance.

A sandbox's ids (Bardge ``bkg_…`` and lookups, uuids of customers and
bookings made at run time, client tokens, access codes) are a keyed hash of
the sandbox's namespace (its seed and key), the kind of id and the entity's
own sequence number. So two servers given the same seed, start instant and
requests hand out the same ids, while two sandboxes never share one. They are
not secrets: a sandbox's key is its only credential.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class IdMint:
    namespace: str

    def hex(self, kind: str, n: int, nbytes: int = 12) -> str:
        return self._digest(kind, n, nbytes).hex()

    def uuid(self, kind: str, n: int) -> str:
        """A well-formed version 4 uuid (clients may check the version bits)."""
        return str(uuid.UUID(bytes=self._digest(kind, n, 16), version=4))

    def digits(self, kind: str, n: int, count: int = 6) -> str:
        return f"{int.from_bytes(self._digest(kind, n, 8), 'big') % 10**count:0{count}d}"

    def _digest(self, kind: str, n: int, size: int) -> bytes:
        message = f"{self.namespace}\x00{kind}\x00{n}".encode()
        return hashlib.blake2b(message, digest_size=size).digest()
