"""The Bardge reseller: its clients, class instances and spa slots, and booking them, for every
Bardge scenario module."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.kit.codes import refused
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.kit.undo import GONE


class Reseller:
    def __init__(self, run: Run, tidy: Tidy) -> None:
        self.run = run
        self.api = run.api("reseller")
        self.tidy = tidy

    def refused(self, response: Any, status: int, code: str) -> None:
        """A refusal the spec infers: its status, and a code naming it (exactly, facing a sandbox)."""
        said = code_of(response)[1] if response.status_code == status else ""
        refused(response, status, code, said, facing_sandbox=self.run.facts is not None)

    def client(self, plan: Mapping[str, Any] | None = None) -> str:
        """A client token for a new client holding ``plan`` (a class pass unless named), where the
        kit can verify its lookup (the target data's verification code), else the one given."""
        code = self.run.data.of("bardge-v3").get("verification_code")
        if not code:
            return self.run.callers.require("client")
        verified = ok(self.api.post(f"/lookup/{self.lookup(plan)}/verify", json={"code": code}))
        return verified["client_token"]  # type: ignore[no-any-return]

    def lookup(self, plan: Mapping[str, Any] | None = None) -> str:
        """A new user issued ``plan`` (a class pass unless named), and a lookup of them not yet
        verified: its id."""
        email = f"{self.issued_user(plan)}@example.com"
        body = {"issuer_id": self.issuers["email"], "identifier": email}
        lookup = ok(self.api.post("/lookup", json=body), 201)
        return lookup["id"]  # type: ignore[no-any-return]

    # A scenario's catalogue and issuers, read once: a scenario of several clients asked for
    # both again for each (five requests a client, three now).
    @cached_property
    def plans(self) -> list[dict[str, Any]]:
        """The passes the reseller sells."""
        return ok(self.api.get("/passes"))["data"]  # type: ignore[no-any-return]

    @cached_property
    def issuers(self) -> dict[str, str]:
        """A look-up's issuer by what it identifies a user by (``email``): the first listed."""
        by_identifier: dict[str, str] = {}
        for issuer in ok(self.api.get("/lookup/issuers"))["data"]:
            by_identifier.setdefault(issuer["identifier"], issuer["id"])
        return by_identifier

    def issued_user(self, plan: Mapping[str, Any] | None = None) -> str:
        """A new user of the kit's (the reseller's own reference), issued ``plan`` (a class pass
        unless named); their email is the reference at example.com."""
        if plan is None:
            plan = next(p for p in self.plans if "class" in p["covers"])
        user = f"kit-{secrets.token_hex(4)}"
        body = {"pass_id": plan["id"], "user_id": user, "email": f"{user}@example.com"}
        ok(self.api.post("/passes/issue", json=body), 201)
        return user

    def second_client(self) -> str:
        if not self.run.data.of("bardge-v3").get("verification_code"):
            pytest.skip("needs a second verified client: add bardge-v3.verification_code to --target-data")
        return self.client()

    def instances(self, weeks_ahead: int = 3) -> list[dict[str, Any]]:
        """Open class instances of the first class with two, in the two weeks from a few weeks
        ahead; else in the days nearer (a class's booking window, which the API does not show,
        may end before them)."""
        today, classes = self.run.today(), ok(self.api.get("/classes"))["data"]
        for start, days in (
            (today + timedelta(weeks=weeks_ahead), 14),
            (today + timedelta(days=2), 7 * weeks_ahead - 2),
        ):
            for listed in classes:
                params = {"start_date": start.isoformat(), "days": days}
                body = ok(self.api.get(f"/classes/{listed['id']}", params=params))
                open_ = [i for i in body["instances"] if i["spots_left"] > 0]
                if len(open_) >= 2:
                    return open_
        pytest.skip(f"no class with two open instances in the {7 * weeks_ahead + 12} days looked at")

    def initiate(self, client: str, instance: dict[str, Any], **headers: str) -> Any:
        body = {
            "provider_id": instance["provider_id"],
            "class_instance_id": instance["id"],
            "client_token": client,
        }
        response = self.api.post("/bookings/class", json=body, headers=headers)
        if response.status_code == 201:
            booking_id = response.json()["booking_id"]
            self.tidy.later(lambda: self.api.post(f"/bookings/{booking_id}/cancel"), *gone(booking_id))
        return response

    def booked(self, client: str, instance: dict[str, Any]) -> str:
        return ok(self.initiate(client, instance), 201)["booking_id"]  # type: ignore[no-any-return]

    def fill(self, instance: dict[str, Any]) -> list[str]:
        return [self.booked(self.second_client(), instance) for _ in range(instance["spots_left"])]


class Spots:
    """Open class instances and the spots the kit has left in them: each booking it makes takes
    one, so a class of one place is never asked for a second (a 409 no rule is about)."""

    def __init__(self, instances: Sequence[dict[str, Any]]) -> None:
        self.instances = instances
        self.left = {instance["id"]: int(instance["spots_left"]) for instance in instances}

    def take(self, count: int, besides: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
        """Up to ``count`` instances with a spot left, none of ``besides``, in order; each then has
        a spot fewer."""
        apart = {instance["id"] for instance in besides}
        taken = [i for i in self.instances if self.left[i["id"]] > 0 and i["id"] not in apart][:count]
        for instance in taken:
            self.left[instance["id"]] -= 1
        return taken

    def open(self) -> list[dict[str, Any]]:
        """The instances with a spot left (all of them where none has: a create there is refused,
        and still answers)."""
        return [i for i in self.instances if self.left[i["id"]] > 0] or list(self.instances)


def utc_day(value: str) -> str:
    """The UTC date of an answer's instant: the API's dates are UTC days, and the target may
    write an instant in any offset, where the string's own date is that offset's."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC).date().isoformat()


def gone(booking_id: str) -> tuple[str, tuple[int, ...]]:
    """What a Bardge cancel undoes, and the answers that mean it was cancelled already."""
    return f"booking {booking_id}", GONE["bardge-v3"]


def code_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.json().get("code", "")


def spa_slots(reseller: Reseller) -> tuple[int, str, list[dict[str, Any]]]:
    """A spa service with free slots in the week three weeks ahead, else nearer (its booking
    window, which the API does not show, may end before): (provider id, service id, slots)."""
    days = reseller.run.days_ahead(3, 7)
    for provider in ok(reseller.api.get("/providers"))["data"]:
        if "spa" not in provider["types"]:
            continue
        for service in ok(reseller.api.get(f"/providers/{provider['id']}/spa"))["services"]:
            for day in days:
                params = {"service_id": service["id"], "date": day.isoformat()}
                slots = ok(reseller.api.get(f"/providers/{provider['id']}/availability", params=params))[
                    "slots"
                ]
                if slots:
                    return provider["id"], service["id"], slots
    pytest.skip("no spa service with a free slot in the 27 days looked at")
