"""The Bardge API's operations: translate the wire to the domain and back, nothing more.

Connexion resolves each ``operationId`` to the method of the same name; ``user``
is the bearer token ``auth.bearer_info`` accepted, naming the reseller and the
sandbox. Creations and reschedules honour ``Idempotency-Key`` (Connexion does
not pass header parameters, so ``_replayable`` reads it from the request):
the answer is stored in the same transaction as the change it describes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from connexion import request

from mockserver.apis import instants
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotAuthenticated
from mockserver.domain.kernel.idempotency import Replays, fingerprint
from mockserver.domain.reseller.access import AccessDesk
from mockserver.domain.reseller.lookups import MAX_ATTEMPTS, LookupDesk
from mockserver.domain.reseller.model import Flow, PassState, PaymentMethod, VisitStatus
from mockserver.domain.reseller.offerings import Offerings
from mockserver.domain.reseller.passes import NewPass, PassDesk
from mockserver.domain.reseller.payment import PaymentChoice
from mockserver.domain.reseller.purchases import PurchaseDesk
from mockserver.domain.reseller.session import ResellerSession
from mockserver.domain.reseller.visits import FIELD, SlotRef, VisitDesk
from mockserver.storage.sandboxes import Sandbox, SandboxStore

from . import wire
from .vocabulary import API_NAME, credentials

Reply = tuple[Any, ...]
Item = TypeVar("Item")
REPLAYED = "Idempotent-Replayed"


class BardgeHandlers:
    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    # passes

    def list_passes(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            plans = PassDesk(s).plans()
            return _list(plans, limit, starting_after, lambda p: p.id, wire.pass_plan)

    def issue_pass(self, user: str, body: dict[str, Any]) -> Reply:
        request_ = NewPass(
            pass_id=body["pass_id"],
            user_id=body["user_id"],
            email=body.get("email"),
            name=body.get("name"),
            starts_at=_instant(body, "starts_at"),
            expires_at=_instant(body, "expires_at"),
        )

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return wire.issued_pass(PassDesk(s).issue(request_), s.now()), 201

        return self._replayable(user, "issue_pass", body, run)

    def get_user_pass(self, user: str, user_id: str) -> Reply:
        with self._session(user) as s:
            return wire.issued_pass(PassDesk(s).details(user_id), s.now()), 200

    def update_user_pass(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        status = PassState(body["status"]) if "status" in body else None
        with self._session(user, write=True) as s:
            details = PassDesk(s).update(user_id, body.get("pass_id"), status)
            return _message("pass updated", wire.issued_pass(details, s.now()))

    def update_user_pass_expiry(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        expires_at = instants.instant(body["expires_at"], "expires_at")
        with self._session(user, write=True) as s:
            details = PassDesk(s).update_expiry(user_id, expires_at)
            return _message("pass expiry updated", wire.issued_pass(details, s.now()))

    def update_lookup_enabled(self, user: str, user_id: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            details = PassDesk(s).set_lookup_enabled(user_id, body["lookup_enabled"])
            word = "enabled" if body["lookup_enabled"] else "disabled"
            return _message(f"lookup {word}", wire.issued_pass(details, s.now()))

    # providers

    def list_providers(
        self, user: str, type_: str | None = None, limit: int = 20, starting_after: int | None = None
    ) -> Reply:
        with self._session(user) as s:
            offers = Offerings(s).providers(type_)
            return _list(offers, limit, starting_after, lambda o: o.provider.id, wire.provider)

    def list_pass_providers(
        self, user: str, pass_id: int, limit: int = 20, starting_after: int | None = None
    ) -> Reply:
        with self._session(user) as s:
            offers = Offerings(s).providers_for_pass(PassDesk(s).plan(pass_id))
            return _list(offers, limit, starting_after, lambda o: o.provider.id, wire.provider)

    def get_spa(self, user: str, provider_id: int) -> Reply:
        with self._session(user) as s:
            return wire.spa(Offerings(s).provider(provider_id), s.programme), 200

    def get_service(self, user: str, provider_id: int, service_id: str) -> Reply:
        with self._session(user) as s:
            return wire.service(Offerings(s).service(provider_id, service_id, Flow.SPA), s.programme), 200

    def get_availability(self, user: str, provider_id: int, service_id: str, date: str) -> Reply:
        day = instants.day(date, "date")
        with self._session(user) as s:
            offerings = Offerings(s)
            service = offerings.service(provider_id, service_id, Flow.SPA)
            found = offerings.availability(service, day)
            return wire.availability(provider_id, service, day, found, s.programme), 200

    # access codes

    def generate_access_code(self, user: str, body: dict[str, Any]) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            client = s.client(body["client_id"])
            return wire.access_code(AccessDesk(s).generate(client, body["provider_id"]), client), 201

        return self._replayable(user, "generate_access_code", body, run)

    def confirm_access_code(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            access, client = AccessDesk(s).confirm(body["provider_id"], body["code"])
            return wire.access_session(access, client), 200

    def create_passcode(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user) as s:
            return wire.passcode(
                AccessDesk(s).passcode(s.client(body["client_id"]), body["provider_id"])
            ), 200

    # classes

    def list_class_categories(self, user: str, limit: int = 20, starting_after: int | None = None) -> Reply:
        with self._session(user) as s:
            offerings = Offerings(s)
            counts = offerings.class_counts()
            return _list(
                offerings.categories(),
                limit,
                starting_after,
                lambda c: c.id,
                lambda c: wire.category_details(c, counts[c.id]),
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
            return _list(
                classes,
                limit,
                starting_after,
                lambda c: c.uuid,
                lambda c: wire.class_(c, offerings.category_of(c), s.programme),
            )

    def get_class(self, user: str, class_id: str, start_date: str | None = None, days: int = 7) -> Reply:
        with self._session(user) as s:
            offerings = Offerings(s)
            service = offerings.class_by_uuid(class_id)
            first = instants.day(start_date, "start_date") if start_date else s.now().date()
            instances = offerings.instances(service, first, days)
            body = wire.class_(service, offerings.category_of(service), s.programme)
            return {**body, "instances": [wire.class_instance(i) for i in instances]}, 200

    # bookings

    def initiate_class_booking(self, user: str, body: dict[str, Any]) -> Reply:
        ref = wire.slot_ref(body["class_instance_id"], Flow.CLASS, "class_instance_id")
        return self._initiate(user, "initiate_class_booking", body, flow=Flow.CLASS, ref=ref, service_id=None)

    def initiate_spa_booking(self, user: str, body: dict[str, Any]) -> Reply:
        ref = wire.slot_ref(body["slot_id"], Flow.SPA, "slot_id")
        service_id = body["service_id"]
        return self._initiate(
            user, "initiate_spa_booking", body, flow=Flow.SPA, ref=ref, service_id=service_id
        )

    def confirm_class_booking(self, user: str, booking_id: str, body: dict[str, Any] | None = None) -> Reply:
        return self._confirm(user, "confirm_class_booking", booking_id, body or {}, Flow.CLASS)

    def confirm_spa_booking(self, user: str, booking_id: str, body: dict[str, Any] | None = None) -> Reply:
        return self._confirm(user, "confirm_spa_booking", booking_id, body or {}, Flow.SPA)

    def get_booking(self, user: str, booking_id: str) -> Reply:
        with self._session(user) as s:
            return wire.booking(VisitDesk(s).view(booking_id), s.programme), 200

    def get_booking_status(self, user: str, booking_id: str) -> Reply:
        with self._session(user) as s:
            return wire.booking_status(VisitDesk(s).view(booking_id)), 200

    def cancel_booking(self, user: str, booking_id: str) -> Reply:
        with self._session(user, write=True) as s:
            return wire.booking(VisitDesk(s).cancel(booking_id), s.programme), 200

    def reschedule_booking(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        def target(flow: Flow) -> SlotRef:
            field = FIELD[flow]
            if field not in body:
                problem = FieldProblem(field, f"a {flow.value} booking moves to another {field}")
                raise InvalidInput(f"{field} is required", problems=(problem,))
            return wire.slot_ref(body[field], flow, field)

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return wire.booking(VisitDesk(s).reschedule(booking_id, target), s.programme), 201

        return self._replayable(user, f"reschedule_booking:{booking_id}", body, run)

    def list_client_bookings(
        self,
        user: str,
        client_id: str,
        status: str | None = None,
        limit: int = 20,
        starting_after: str | None = None,
    ) -> Reply:
        with self._session(user) as s:
            wanted = VisitStatus(status) if status else None
            views, more = VisitDesk(s).for_client(s.client(client_id), starting_after, wanted, limit)
            return wire.listing([wire.booking(v, s.programme) for v in views], more, request.url.path), 200

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
            return _list(
                s.programme.credit_packages, limit, starting_after, lambda p: p.id, wire.credit_package
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
            return _list(LookupDesk(s).issuers(), limit, starting_after, lambda i: i.id, wire.issuer)

    def initiate_lookup(self, user: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            found, client = LookupDesk(s).initiate(body["issuer_id"], body["identifier"])
            return wire.lookup(found, client, MAX_ATTEMPTS), 201

    def verify_lookup(self, user: str, lookup_id: str, body: dict[str, Any]) -> Reply:
        with self._session(user, write=True) as s:
            outcome = LookupDesk(s).verify(lookup_id, body["code"])
        if outcome.refusal is not None:
            raise outcome.refusal  # after the commit: the wrong code counts as an attempt
        return wire.lookup(outcome.lookup, outcome.client, MAX_ATTEMPTS), 200

    def get_client(self, user: str, client_id: str) -> Reply:
        with self._session(user) as s:
            return wire.client(s.client(client_id)), 200

    def get_client_credits(self, user: str, client_id: str) -> Reply:
        with self._session(user) as s:
            return wire.credits(s.client(client_id), s.programme), 200

    # shared steps

    def _initiate(
        self,
        user: str,
        operation: str,
        body: dict[str, Any],
        *,
        flow: Flow,
        ref: SlotRef,
        service_id: str | None,
    ) -> Reply:
        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            client = LookupDesk(s).client_for_token(body["client_token"])
            started = VisitDesk(s).initiate(flow, client, body["provider_id"], ref, service_id)
            return wire.initiation(started.view, started.coverage, s.programme), 201

        return self._replayable(user, operation, body, run)

    def _confirm(self, user: str, operation: str, booking_id: str, body: dict[str, Any], flow: Flow) -> Reply:
        method = body.get("payment_method")
        choice = PaymentChoice(PaymentMethod(method) if method else None, body.get("copay_purchase_id"))

        def run(s: ResellerSession) -> tuple[dict[str, Any], int]:
            return wire.booking(VisitDesk(s).confirm(flow, booking_id, choice), s.programme), 200

        return self._replayable(user, f"{operation}:{booking_id}", body, run)

    def _replayable(
        self,
        user: str,
        operation: str,
        body: dict[str, Any],
        run: Callable[[ResellerSession], tuple[dict[str, Any], int]],
    ) -> Reply:
        key = request.headers.get("Idempotency-Key")
        with self._session(user, write=True) as s:
            if key is None:
                answer, status = run(s)
                return answer, status
            replays = Replays(s.ledger, s.clock)
            answer, status, replayed = replays.answer(key, fingerprint(operation, body), lambda: run(s))
        return answer, status, {REPLAYED: "true" if replayed else "false"}

    @contextmanager
    def _session(self, user: str, *, write: bool = False) -> Iterator[ResellerSession]:
        token = credentials(user)
        assert token is not None, "bearer_info admits well-formed tokens only"
        with self._store.open(API_NAME, token.sandbox_key, write=write) as sandbox:
            yield _session_of(sandbox, token.subject)


def _session_of(sandbox: Sandbox, reseller_slug: str) -> ResellerSession:
    programme = sandbox.world.programme.programme
    reseller = programme.reseller_by_slug(reseller_slug.lower())
    if reseller is None:
        raise NotAuthenticated("the token names no reseller this sandbox knows")
    return ResellerSession(sandbox.ledger, sandbox.reseller, programme, sandbox.clock, reseller)


def _instant(body: dict[str, Any], field: str) -> Any:
    return instants.instant(body[field], field) if field in body else None


def _message(message: str, issued: dict[str, Any]) -> Reply:
    return {"object": "issued_pass_message", "message": message, "issued_pass": issued}, 200


def _list(
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
