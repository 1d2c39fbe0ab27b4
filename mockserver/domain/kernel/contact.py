"""Rules for customer contact details shared by every API."""

from __future__ import annotations

import functools
import re

from email_validator import EmailNotValidError, validate_email

from .errors import FieldProblem, InvalidInput

# ITU-T E.164: a plus, a country code that does not start with 0, at most 15 digits.
E164_PATTERN = re.compile(r"^\+[1-9][0-9]{1,14}$")


# A verdict depends on the address alone, and one request asks it up to three times (the
# request's format, this rule, the response's format), for 19 us each. The bound keeps made-up
# addresses from growing it.
@functools.lru_cache(maxsize=4096)
def email_problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable email address, or None when it is."""
    try:
        # Sandbox users type addresses like jane@example.test: allow the
        # test-only domains, and never look anything up in DNS.
        validate_email(value, check_deliverability=False, test_environment=True)
    except EmailNotValidError as error:
        return str(error)
    return None


def check_email(value: str, field: str) -> str:
    problem = email_problem(value)
    if problem is not None:
        raise InvalidInput("invalid email address", problems=(FieldProblem(field, problem),))
    return value


def check_phone(value: str, field: str) -> str:
    if not E164_PATTERN.match(value):
        raise InvalidInput(
            "phone number must be in E.164 format",
            problems=(FieldProblem(field, "expected + and 2 to 15 digits, e.g. +12025550185"),),
        )
    return value


def email_key(email: str | None) -> str | None:
    """How customers are matched: email addresses compare case-insensitively."""
    return email.casefold() if email else None
