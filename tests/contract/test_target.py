"""Reading the kit's command line: every mistake is named, nothing is guessed."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from contract_tests.kit.profiles import MAIN_ROLES, ROLES
from contract_tests.kit.target import PHASES, Target, TargetError, parse_target


def target(**options: Any) -> Target:
    defaults: dict[str, Any] = {"api": "merchant", "base_url": "http://127.0.0.1:8000/merchant/"}
    return parse_target(**{**defaults, **options}, main_role=MAIN_ROLES, roles=ROLES)


def test_defaults_and_roles() -> None:
    parsed = target(
        tokens=["merchant.a.key_0001", "customer=customer.b.key_0001"], headers=["X-Env: staging"]
    )
    assert parsed.base_url == "http://127.0.0.1:8000/merchant"
    assert parsed.origin == "http://127.0.0.1:8000"
    assert parsed.tokens == {"merchant": "merchant.a.key_0001", "customer": "customer.b.key_0001"}
    # A token read from a file with its newline is the token.
    assert target(tokens=["merchant.a.key_0001\n"]).tokens == {"merchant": "merchant.a.key_0001"}
    assert parsed.headers == {"X-Env": "staging"}
    assert parsed.phases == PHASES


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"api": "stripe"}, "--api"),
        ({"base_url": "localhost:8000"}, "--base-url"),
        ({"base_url": None}, "--base-url"),
        # Each operation's path would follow the query (or the fragment) and be part of it.
        ({"base_url": "https://func.example/api?code=abc"}, "no query or fragment .*--header"),
        ({"base_url": "https://staging.example/v1#top"}, "no query or fragment"),
        ({"base_url": "https://staging.example/v1?"}, "no query or fragment"),
        ({"tokens": ["a_token_one", "merchant=again"]}, "twice"),
        ({"tokens": ["owner=a_token"]}, "roles: merchant, customer, other, other_customer"),
        ({"tokens": [""]}, "role 'merchant' is empty"),
        ({"tokens": ["merchant.a.key", "customer="]}, "role 'customer' is empty"),
        ({"headers": ["no colon here"]}, "--header"),
        (
            {"headers": ["authorization: Bearer sk_rsv_team_01"]},
            "--header Authorization: give the token with --token",
        ),
        (
            {"tokens": ["Bearer sk_rsv_team_01"]},
            "role 'merchant' starts with 'Bearer ': give the token alone",
        ),
        ({"tokens": ["other=bearer  merchant.a.key"]}, "role 'other' starts with 'Bearer '"),
        ({"tokens": ["merchant.a key"]}, "role 'merchant' holds a space"),
        ({"max_examples": 0}, "--max-examples"),
        ({"phases": "examples,everything"}, "--phases"),
        ({"phases": ","}, "--phases"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], named: str) -> None:
    with pytest.raises(TargetError, match=named):
        target(**options)


def test_the_command_reports_a_bad_option_without_running_anything() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "contract", "--api", "merchant", "--base-url", "nowhere"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 4  # pytest's usage error
    assert "--base-url must be an http(s) URL" in done.stderr
