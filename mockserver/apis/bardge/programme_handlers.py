"""The Bardge programme's catalogue operations: passes, providers, access codes, classes."""

from __future__ import annotations

from typing import Any

from mockserver.apis import instants
from mockserver.domain.reseller.access import AccessDesk
from mockserver.domain.reseller.model import Flow, PassState
from mockserver.domain.reseller.offerings import Offerings
from mockserver.domain.reseller.passes import NewPass, PassDesk
from mockserver.domain.reseller.session import ResellerSession

from . import catalogue_wire, people_wire
from .session import BardgeBase, Reply, listing_page, optional_instant, pass_message


class ProgrammeHandlers(BardgeBase):
    # passes

    def list_passes(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            plans = PassDesk(s).plans()
            return listing_page(plans, limit, starting_after, lambda p: p.id, catalogue_wire.pass_plan)

    def issue_pass(self, user: str, body: dict[str, Any]) -> Reply:
        request_ = NewPass(
            pass_id=body["pass_id"],
            user_id=body["user_id"],
            email=body.get("email"),
            name=body.get("name"),
            starts_at=optional_instant(body, "starts_at"),
            expires_at=optional_instant(body, "expires_at"),
        )

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return people_wire.issued_pass(PassDesk(s).issue(request_), s.now()), 201

        return self._replayable(user, "issue_pass", body, run)

    def get_user_pass(self, user: str, user_id: str) -> Reply:
        with self._session(user) as s:
            return people_wire.issued_pass(PassDesk(s).details(user_id), s.now()), 200

    def update_user_pass(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        status = PassState(body["status"]) if "status" in body else None
        with self._session(user, write=True) as s:
            details = PassDesk(s).update(user_id, body.get("pass_id"), status)
            return pass_message("pass updated", people_wire.issued_pass(details, s.now()))

    def update_user_pass_expiry(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        expires_at = instants.instant(body["expires_at"], "expires_at")
        with self._session(user, write=True) as s:
            details = PassDesk(s).update_expiry(user_id, expires_at)
            return pass_message("pass expiry updated", people_wire.issued_pass(details, s.now()))

    def update_lookup_enabled(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            details = PassDesk(s).set_lookup_enabled(user_id, body["lookup_enabled"])
            word = "enabled" if body["lookup_enabled"] else "disabled"
            return pass_message(f"lookup {word}", people_wire.issued_pass(details, s.now()))

    # providers

    def list_providers(
        self, user: str, type_: str | None = None, limit: int = 20, starting_after: int | None = None
    ) -> Reply:
        with self._session(user) as s:
            offers = Offerings(s).providers(type_)
            return listing_page(
                offers, limit, starting_after, lambda o: o.provider.id, catalogue_wire.provider
            )

    def list_pass_providers(
        self, user: str, pass_id: int, limit: int = 20, starting_after: int | None = None
    ) -> Reply:
        with self._session(user) as s:
            offers = Offerings(s).providers_for_pass(PassDesk(s).plan(pass_id))
            return listing_page(
                offers, limit, starting_after, lambda o: o.provider.id, catalogue_wire.provider
            )

    def get_spa(self, user: str, provider_id: int) -> Reply:
        with self._session(user) as s:
            return catalogue_wire.spa(Offerings(s).provider(provider_id), s.programme), 200

    def get_service(self, user: str, provider_id: int, service_id: str) -> Reply:
        with self._session(user) as s:
            return catalogue_wire.service(
                Offerings(s).service(provider_id, service_id, Flow.SPA), s.programme
            ), 200

    def get_availability(self, user: str, provider_id: int, service_id: str, date: str) -> Reply:
        day = instants.day(date, "date")
        with self._session(user) as s:
            offerings = Offerings(s)
            service = offerings.service(provider_id, service_id, Flow.SPA)
            found = offerings.availability(service, day)
            return catalogue_wire.availability(provider_id, service, day, found, s.programme), 200

    # access codes

    def generate_access_code(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            client = s.client(body["client_id"])
            return people_wire.access_code(AccessDesk(s).generate(client, body["provider_id"]), client), 201

        return self._replayable(user, "generate_access_code", body, run)

    def confirm_access_code(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            access, client = AccessDesk(s).confirm(body["provider_id"], body["code"])
            return people_wire.access_session(access, client), 200

    def create_passcode(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user) as s:
            return people_wire.passcode(
                AccessDesk(s).passcode(s.client(body["client_id"]), body["provider_id"])
            ), 200

    # classes

    def list_class_categories(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            offerings = Offerings(s)
            counts = offerings.class_counts()
            return listing_page(
                offerings.categories(),
                limit,
                starting_after,
                lambda c: c.id,
                lambda c: catalogue_wire.category_details(c, counts[c.id]),
            )

    def list_classes(
        self,
        user: str,
        provider_id: int | None = None,
        category_id: int | None = None,
        limit: int = 20,
        starting_after: str | None = None,
    ) -> Reply:
        with self._session(user) as s:
            offerings = Offerings(s)
            classes = offerings.classes(provider_id, category_id)
            return listing_page(
                classes,
                limit,
                starting_after,
                lambda c: c.uuid,
                lambda c: catalogue_wire.class_(c, offerings.category_of(c), s.programme),
            )

    def get_class(self, user: str, class_id: str, start_date: str | None = None, days: int = 7) -> Reply:
        with self._session(user) as s:
            offerings = Offerings(s)
            service = offerings.class_by_uuid(class_id)
            first = instants.day(start_date, "start_date") if start_date else s.now().date()
            instances = offerings.instances(service, first, days)
            body = catalogue_wire.class_(service, offerings.category_of(service), s.programme)
            return {**body, "instances": [catalogue_wire.class_instance(i) for i in instances]}, 200
