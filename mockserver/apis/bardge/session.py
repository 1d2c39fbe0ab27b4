"""What every Bardge handler shares: opening the reseller's session, idempotent replays, listing pages.

Creations and reschedules honour ``Idempotency-Key`` (Connexion does not pass header
parameters, so ``_replayable`` reads it from the request): the answer is stored in the
same transaction as the change it describes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from connexion import request

from mockserver.apis import instants
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotAuthenticated
from mockserver.domain.kernel.idempotency import AnswerKey, Replays, fingerprint
from mockserver.domain.reseller.model import ClientToken, VisitByPublicId
from mockserver.domain.reseller.session import ResellerSession
from mockserver.storage.tenancy.sandboxes import Sandbox, SandboxStore

from . import wire
from .vocabulary import API_NAME, credentials

Reply = tuple[Any, ...]
Ahead = AnswerKey | ClientToken | VisitByPublicId
"""What a Bardge handler names to the store before its transaction (``SandboxStore.open``)."""
Item = TypeVar("Item")
REPLAYED = "Idempotent-Replayed"


class BardgeBase:
    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    def _replayable(
        self,
        user: str,
        operation: str,
        body: dict[str, Any],
        run: Callable[[ResellerSession], tuple[dict[str, Any], int]],
        ahead: Sequence[Ahead] = (),
    ) -> Reply:
        key = request.headers.get("Idempotency-Key")
        # A replay looks its key up first: named ahead, with what ``run`` names.
        named = (*ahead, *(() if key is None else (AnswerKey(owner_of(user), key),)))
        with self._session(user, write=True, ahead=named) as s:
            if key is None:
                answer, status = run(s)
                return answer, status
            replays = Replays(s.ledger, s.clock, owner=s.reseller.slug)
            answer, status, replayed = replays.answer(key, fingerprint(operation, body), lambda: run(s))
        return answer, status, {REPLAYED: "true" if replayed else "false"}

    @contextmanager
    def _session(
        self, user: str, *, write: bool = False, ahead: Sequence[Ahead] = ()
    ) -> Iterator[ResellerSession]:
        """The token's reseller's session; ``ahead``: what the block will read, known before it
        begins (a replay's key, a client token, the booking a path names)."""
        token = credentials(user)
        assert token is not None, "bearer_info admits well-formed tokens only"
        with self._store.open(API_NAME, token.sandbox_key, write=write, ahead=ahead) as sandbox:
            yield session_of(sandbox, token.subject)


def owner_of(user: str) -> str:
    """Whose keys a token's replays are: its reseller's slug, as ``session_of`` finds it."""
    token = credentials(user)
    assert token is not None, "bearer_info admits well-formed tokens only"
    return token.subject.lower()


def session_of(sandbox: Sandbox, reseller_slug: str) -> ResellerSession:
    programme = sandbox.world.programme.programme
    reseller = programme.reseller_by_slug(reseller_slug.lower())
    if reseller is None:
        raise NotAuthenticated("the token names no reseller this sandbox knows")
    return ResellerSession(sandbox.ledger, sandbox.reseller, programme, sandbox.clock, reseller)


def optional_instant(body: dict[str, Any], field: str) -> Any:
    return instants.instant(body[field], field) if field in body else None


def pass_message(message: str, issued: dict[str, Any]) -> Reply:
    return {"object": "issued_pass_message", "message": message, "issued_pass": issued}, 200


def listing_page(
    items: Sequence[Item],
    limit: int,
    starting_after: object,
    key: Callable[[Item], object],
    render: Callable[[Item], dict[str, Any]],
) -> Reply:
    """One page of a small catalogue list, after the item whose id is ``starting_after``."""
    start = 0
    if starting_after is not None:
        ids = [key(item) for item in items]
        if starting_after not in ids:
            problem = FieldProblem("starting_after", "not an id in this list")
            raise InvalidInput("starting_after is not in this list", problems=(problem,))
        start = ids.index(starting_after) + 1
    page = items[start : start + limit]
    return wire.listing([render(item) for item in page], start + limit < len(items), request.url.path), 200
