"""The one error hierarchy of the domain core.

Every rule the core enforces fails with one of these. The HTTP layer maps each
class to an API's own status code and error body in a single place
(``mockserver.http.errors``), so the core never knows how an API spells a failure.
Each error carries a stable ``code`` that adapters key their vocabulary on, and
a human-readable ``message`` that adapters may use verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One invalid input field, named the way the caller spelled it."""

    field: str
    message: str


class DomainError(Exception):
    """Base of every rule violation the core reports."""

    code = "domain_error"
    retry_after: int | None = None
    """Seconds after which the same request may succeed, where that is known (``Retry-After``)."""

    def __init__(self, message: str, *, problems: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems

    def in_context(self, context: str) -> DomainError:
        """This error with its message prefixed by where it happened (one step of many)."""
        self.message = f"{context}: {self.message}"
        self.args = (self.message,)
        return self

    def renamed(self, names: dict[str, str]) -> DomainError:
        """This error with its field problems named as the caller spelled the fields."""
        self.problems = tuple(FieldProblem(names.get(p.field, p.field), p.message) for p in self.problems)
        return self


class InvalidInput(DomainError):
    """Input is well-formed for the wire schema but breaks a domain rule."""

    code = "invalid_input"


class NotAuthenticated(DomainError):
    """The credentials name nobody this sandbox knows."""

    code = "not_authenticated"


class AccessDenied(DomainError):
    """The caller is known but may not touch this entity (another customer's or merchant's)."""

    code = "access_denied"


class NotFound(DomainError):
    """The entity does not exist, or exists only in another tenant's sandbox."""

    code = "not_found"

    def __init__(self, entity: str, identifier: object, *, problems: tuple[FieldProblem, ...] = ()) -> None:
        super().__init__(f"{entity} not found", problems=problems)
        self.entity = entity
        self.identifier = identifier


class Conflict(DomainError):
    """The request is valid but the current state does not allow it."""

    code = "conflict"


class CapacityExhausted(Conflict):
    """A slot, class or group has no place left."""

    code = "capacity_exhausted"


class DuplicateBooking(Conflict):
    """The same customer already holds an active booking for the same occurrence."""

    code = "duplicate_booking"


class InvalidTransition(Conflict):
    """A status change the booking state machine does not allow."""

    code = "invalid_transition"

    def __init__(self, current: str, requested: str) -> None:
        super().__init__(f"cannot change a {current} booking to {requested}")
        self.current = current
        self.requested = requested


class SlotUnavailable(Conflict):
    """The requested date and time cannot be booked (past, off-schedule, out of window)."""

    code = "slot_unavailable"


class DeadlinePassed(Conflict):
    """The service's cancellation deadline for this booking is behind the sandbox clock."""

    code = "deadline_passed"


class AlreadyCancelled(Conflict):
    """The booking, or the caller's place in it, is already cancelled."""

    code = "already_cancelled"


class StatusBound(Conflict):
    """Refused because of the booking's status, which adapters may name in their own words."""

    def __init__(self, message: str, *, status: str | None = None) -> None:
        super().__init__(message)
        self.status = status


class NotCancelable(StatusBound):
    """The booking's status (or its start having passed) does not allow a cancellation."""

    code = "not_cancelable"


class NotEditable(StatusBound):
    """The booking's status, or its service's settings, do not allow this edit."""

    code = "not_editable"


class NoOpenInvitation(Conflict):
    """The caller has no unanswered invitation to this booking."""

    code = "no_open_invitation"


class PaymentRequired(DomainError):
    """Nothing the client holds pays for this: a co-pay (or more credits) is needed first."""

    code = "payment_required"


class Expired(Conflict):
    """A hold, quote, lookup or code was used after its time ran out."""

    code = "expired"


class VerificationFailed(DomainError):
    """A verification code did not match."""

    code = "verification_failed"


class ClockBackwards(Conflict):
    """A sandbox clock only moves forward: what was stored at a later time stays in the past."""

    code = "clock_backwards"


class ScenarioUnavailable(Conflict):
    """A named scenario cannot arrange what its name promises in this sandbox's world and time."""

    code = "scenario_unavailable"


class Leased(Conflict):
    """Another holder has the sandbox for a while (a contract kit's run): whoever shares a key
    with a run that moves its clock and adds its faults fails its checks."""

    code = "leased"


class Busy(DomainError):
    """The caller already has as much work of this kind in flight as it may; try again later."""

    code = "busy"


class StorageUnavailable(DomainError):
    """The sandbox's database did not answer (restarting, or the connection lost) before the
    request changed anything: the same request may succeed in a moment."""

    code = "unavailable"
    retry_after = 1

    def __init__(self) -> None:
        super().__init__(
            "the sandbox's database is unavailable for a moment; nothing was changed, retry the request"
        )


class SandboxLimitReached(DomainError):
    """The server keeps as many sandboxes as it may, so a key it has not seen gets none."""

    code = "sandbox_limit"

    def __init__(self, most: int, retry_after: int | None) -> None:
        later = (
            f"; an idle one is evicted in about {retry_after} s"
            if retry_after is not None
            else "; use a key it already keeps, forget one (DELETE /_sandbox/sandbox), or ask its operator"
            " to raise --max-sandboxes or set --evict-idle-after"
        )
        super().__init__(f"this server keeps at most {most} sandboxes and has no room for a new key{later}")
        self.most = most
        self.retry_after = retry_after
