"""The Bardge client operations: co-pay and credits, lookups and clients."""

from __future__ import annotations

from typing import Any

from mockserver.apis import instants
from mockserver.domain.reseller.lookups import MAX_ATTEMPTS, LookupDesk
from mockserver.domain.reseller.purchases import PurchaseDesk
from mockserver.domain.reseller.session import ResellerSession

from . import catalogue_wire, people_wire, wire
from .session import BardgeBase, Reply, listing_page


class ClientHandlers(BardgeBase):
    # co-pay and credits

    def quote_spa_copay(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            quote, view = PurchaseDesk(s).quote_spa_copay(body["booking_id"])
            assert quote.expires_at is not None
            expires = instants.timestamp(quote.expires_at)
            return wire.purchase(quote, view.visit.public_id, object="copay_quote", expires_at=expires), 201

        return self._replayable(user, "quote_spa_copay", body, run)

    def purchase_spa_copay(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            bought, view = PurchaseDesk(s).purchase_spa_copay(body["quote_id"])
            extra = {"object": "copay_purchase", "type": "spa", "quote_id": body["quote_id"]}
            return wire.purchase(bought, view.visit.public_id, **extra), 201

        return self._replayable(user, "purchase_spa_copay", body, run)

    def purchase_gym_copay(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            bought, view = PurchaseDesk(s).purchase_gym_copay(body["booking_id"])
            return wire.purchase(bought, view.visit.public_id, object="copay_purchase", type="gym"), 201

        return self._replayable(user, "purchase_gym_copay", body, run)

    def purchase_copay_package(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            bought, client = PurchaseDesk(s).purchase_copay_package(
                s.client(body["client_id"]), body["package_id"]
            )
            extra: dict[str, Any] = {
                "package_id": bought.package_id,
                "visits": bought.visits,
                "copay_visits": client.copay_visits,
            }
            return wire.purchase(bought, object="copay_package_purchase", client_id=client.uuid, **extra), 201

        return self._replayable(user, "purchase_copay_package", body, run)

    def list_credit_packages(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            return listing_page(
                s.programme.credit_packages,
                limit,
                starting_after,
                lambda p: p.id,
                catalogue_wire.credit_package,
            )

    def purchase_credits(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            bought, client = PurchaseDesk(s).purchase_credits(s.client(body["client_id"]), body["package_id"])
            extra: dict[str, Any] = {
                "package_id": bought.package_id,
                "credits": bought.credits,
                "balance": client.credits,
            }
            return wire.purchase(bought, object="credit_purchase", client_id=client.uuid, **extra), 201

        return self._replayable(user, "purchase_credits", body, run)

    # lookup

    def list_issuers(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            return listing_page(
                LookupDesk(s).issuers(), limit, starting_after, lambda i: i.id, catalogue_wire.issuer
            )

    def initiate_lookup(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            found, client = LookupDesk(s).initiate(body["issuer_id"], body["identifier"])
            return people_wire.lookup(found, client, MAX_ATTEMPTS), 201

    def verify_lookup(self, user: str, lookup_id: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            outcome = LookupDesk(s).verify(lookup_id, body["code"])
        if outcome.refusal is not None:
            raise outcome.refusal  # after the commit: the wrong code counts as an attempt
        return people_wire.lookup(outcome.lookup, outcome.client, MAX_ATTEMPTS), 200

    def get_client(self, user: str, client_id: str) -> Reply:
        with self._session(user) as s:
            return people_wire.client(s.client(client_id)), 200

    def get_client_credits(self, user: str, client_id: str) -> Reply:
        with self._session(user) as s:
            return people_wire.credits(s.client(client_id), s.programme), 200
